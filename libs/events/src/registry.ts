import { AGENCY_SCHEMA_VERSIONS, type AgencyEventType } from './agency.events.js';
import { CAMPAIGN_SCHEMA_VERSIONS, type CampaignEventType } from './campaign.events.js';
import { OFFICE_SCHEMA_VERSIONS, type OfficeEventType } from './office.events.js';
import { PROGRAM_SCHEMA_VERSIONS, type ProgramEventType } from './program.events.js';

export type EventType = AgencyEventType | ProgramEventType | OfficeEventType | CampaignEventType;

/**
 * Current schema version of every event type the engine knows, gathered from the events files (each
 * declares its own types' versions beside the types). Reading an event whose type is not here is an
 * error (a newer writer, or corruption), never silently ignored.
 */
export const CURRENT_SCHEMA_VERSIONS: Readonly<Record<EventType, number>> = {
  ...AGENCY_SCHEMA_VERSIONS,
  ...PROGRAM_SCHEMA_VERSIONS,
  ...OFFICE_SCHEMA_VERSIONS,
  ...CAMPAIGN_SCHEMA_VERSIONS,
};

export const EVENT_TYPES = Object.keys(CURRENT_SCHEMA_VERSIONS) as EventType[];

export function isKnownEventType(type: string): type is EventType {
  return Object.prototype.hasOwnProperty.call(CURRENT_SCHEMA_VERSIONS, type);
}
