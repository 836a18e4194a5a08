import type { AgencyEventType } from '#events';

/**
 * The agency lifecycle, in one place (DOMAIN.md's diagram): the statuses, the status each event
 * moves an agency to, the sets of statuses the rules speak of, and the keys derived from it. The
 * decider's evolve, the schedule's evolve, the agencies read model and the list query import this
 * instead of restating it.
 */
export const PLEDGE_STATUSES = [
  'pledged',
  'submitted',
  'changes-requested',
  'certified',
  'lapsed',
  'withdrawn',
  'revoked',
  'expired',
] as const;
/** The status of an agency that has pledged at least once. */
export type PledgeStatus = (typeof PLEDGE_STATUSES)[number];
/** `none`: before the first pledge (the agency stream does not exist yet). */
export type AgencyStatus = 'none' | PledgeStatus;

/**
 * The status after each event; null where the status stays. A record over every event type, so a
 * new agency event fails to compile until it says what it does to the lifecycle.
 */
export const STATUS_AFTER = {
  PledgeTaken: 'pledged',
  CertificationSubmitted: 'submitted',
  CertificationChangesRequested: 'changes-requested',
  RequirementReviewed: null,
  CertificationApproved: 'certified',
  PledgeLapsed: 'lapsed',
  PledgeWithdrawn: 'withdrawn',
  CertificationRevoked: 'revoked',
  PartnershipEstablished: null,
  PartnershipEnded: null,
  PolicyAdopted: null,
  OfficerJoined: null,
  OfficerSeparated: null,
  OfficerTrained: null,
  DeadlineExtended: null,
  DeadlineReminderSent: null,
  CertificateIssued: null,
  PresidentialLetterIssued: null,
  NewsletterFeatureQueued: null,
  NotificationSent: null,
  EvidenceAttached: null,
  PracticeImplemented: null,
  CertificationExpired: 'expired',
  // The new cycle is open (pledged) until its CertificationSubmitted, appended with it.
  RecertificationStarted: 'pledged',
} as const satisfies { readonly [K in AgencyEventType]: PledgeStatus | null };

/** Statuses in which a pledge is open: the agency is working toward certification. */
export const OPEN_STATUSES: readonly AgencyStatus[] = ['pledged', 'submitted', 'changes-requested'];
/** Statuses in which the deadline can still lapse the pledge (a submission under review cannot). */
export const LAPSABLE_STATUSES: readonly AgencyStatus[] = ['pledged', 'changes-requested'];
/** Statuses from which a certified agency may open its next cycle (recertification). */
export const RECERTIFIABLE_STATUSES = ['certified', 'expired'] as const satisfies readonly AgencyStatus[];
/** Statuses after which a new pledge cycle may start. */
export const ENDED_STATUSES: readonly AgencyStatus[] = ['none', 'lapsed', 'withdrawn', 'revoked'];

/**
 * Identifies a reminder within a cycle: one per offset per deadline, so a moved deadline gets its
 * reminders again. Stored by the decider's state and the schedule's state; never written to the log.
 */
export const reminderKey = (deadline: string, offsetDays: number): string => `${deadline}:${offsetDays}`;
