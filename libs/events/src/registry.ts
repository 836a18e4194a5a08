import type { AgencyEventType } from './agency.events.js';
import type { ProgramEventType } from './program.events.js';

export type EventType = AgencyEventType | ProgramEventType;

/**
 * Current schema version of every event type the engine knows. Reading an event whose type is not
 * here is an error (a newer writer, or corruption), never silently ignored.
 */
export const CURRENT_SCHEMA_VERSIONS: Readonly<Record<EventType, number>> = {
  PledgeTaken: 1,
  PartnershipEstablished: 1,
  PartnershipEnded: 1,
  PolicyAdopted: 1,
  OfficerJoined: 1,
  OfficerSeparated: 1,
  OfficerTrained: 1,
  CertificationSubmitted: 1,
  CertificationChangesRequested: 1,
  CertificationApproved: 1,
  DeadlineExtended: 1,
  PledgeWithdrawn: 1,
  CertificationRevoked: 1,
  DeadlineReminderSent: 1,
  PledgeLapsed: 1,
  CertificateIssued: 1,
  PresidentialLetterIssued: 1,
  NewsletterFeatureQueued: 1,
  TrainingProgramProposed: 1,
  TrainingProgramRecognized: 1,
};

export const EVENT_TYPES = Object.keys(CURRENT_SCHEMA_VERSIONS) as EventType[];

export function isKnownEventType(type: string): type is EventType {
  return Object.prototype.hasOwnProperty.call(CURRENT_SCHEMA_VERSIONS, type);
}
