/**
 * Events of an agency's stream (`agency-<agencyId>`). Names are past tense and frozen once
 * written; a changed shape gets a new schemaVersion and an upcaster (upcast.ts), never an edit.
 * Calendar dates are `YYYY-MM-DD` strings, instants ISO 8601 UTC strings.
 */
/**
 * A rule set's id: the built-in `one-mind-2016`, `one-mind-2023`, `trust-building-2022`, or one that
 * staff published (RuleSetPublished on the `campaigns` stream, issue 18 item 7), so any string here;
 * the domain's registry says which ids exist.
 */
export type RuleSetId = string;
export type PartnerType = 'community-mental-health' | 'community-health' | 'other';
export type TrainingClass = 'crisis' | 'awareness';
/**
 * What a piece of evidence backs (API-next.md): a One Mind part, `other`, or a practice id of a
 * practice-based campaign (`practice-01` … of Trust Building), checked against the rule set's data.
 */
export type EvidenceRequirement = 'partnership' | 'policy' | 'training' | 'other' | `practice-${string}`;
/** The document types an upload may be, recognised by their bytes (G12). */
export type EvidenceMediaType = 'application/pdf' | 'image/png' | 'image/jpeg';

/**
 * The campaign a cycle event belongs to (issue 18 item 3, ADR 0008). Absent: the agency's first
 * campaign — the campaign of its first PledgeTaken's rule set, One Mind for every stream written
 * before agencies could join several. Present only on the events of a second (third, …) campaign,
 * never naming the first: stored events keep their bytes and single-campaign streams never change.
 * Optional in schema version 1, so no upcaster: "absent" is the old meaning.
 */
export interface OfCampaign {
  campaignId?: string;
}

export interface PledgeTakenData extends OfCampaign {
  agencyId: string;
  cycle: number;
  name: string;
  ori?: string;
  country: string;
  region?: string;
  agencyType?: string;
  signatory: { name: string; title: string };
  contact: { name: string; email: string };
  commitmentMonths: number;
  pledgedOn: string;
  deadline: string;
  ruleSet: RuleSetId;
  /** A certification recorded from before this system (issue 18 item 6), with its original dates.
   *  Optional, so every stored v1 event stays valid as it is (no new schema version). */
  migrated?: true;
}
export interface PartnershipEstablishedData {
  partnershipId: string;
  partnerName: string;
  partnerType: PartnerType;
  establishedOn: string;
  agreementSha256?: string;
  /** EvidenceAttached ids of this agency (added in issue 16; optional, so v1 data stays valid). */
  evidenceIds?: string[];
}
export interface PartnershipEndedData {
  partnershipId: string;
  endedOn: string;
  reason: string;
}
export interface PolicyAdoptedData {
  policyId: string;
  title: string;
  version: string;
  adoptedOn: string;
  effectiveOn: string;
  basedOnIacpModel: boolean;
  documentSha256?: string;
  /** EvidenceAttached ids of this agency (added in issue 16; optional, so v1 data stays valid). */
  evidenceIds?: string[];
}
export interface OfficerJoinedData {
  officerRef: string;
  sworn: boolean;
  joinedOn: string;
}
export interface OfficerSeparatedData {
  officerRef: string;
  separatedOn: string;
}
export interface OfficerTrainedData {
  officerRef: string;
  programId: string;
  completedOn: string;
  hours?: number;
  certificateRef?: string;
  expiresOn?: string;
}
/** The evaluation a submission passed, frozen into the event so reviewers see what was judged. */
export interface EvaluationSnapshot {
  evaluatedOn: string;
  ruleSet: RuleSetId;
  met: boolean;
  partnership: { met: boolean; active: number };
  policy: { met: boolean; policyId: string | null; effectiveOn: string | null };
  training: {
    met: boolean;
    sworn: number;
    crisisTrained: number;
    crisisRequired: number;
    awarenessTrained: number;
    covered: number;
    uncovered: number;
  };
}
export interface CertificationSubmittedData extends OfCampaign {
  cycle: number;
  submittedAt: string;
  note?: string;
  evaluation: EvaluationSnapshot;
  /** A certification recorded from before this system (issue 18 item 6), with its original dates.
   *  Optional, so every stored v1 event stays valid as it is (no new schema version). */
  migrated?: true;
}
export interface CertificationChangesRequestedData extends OfCampaign {
  cycle: number;
  reasons: { requirement: string; message: string }[];
}
/** What staff decided on one requirement of a submission. */
export type ReviewDecision = 'accepted' | 'changes-requested';
/**
 * One staff decision on one requirement of the cycle's current submission (`round` 1 is the first
 * submission of the cycle, each resubmission the next). A later decision on the same requirement
 * in the same round replaces it. `decidedBy` is the deciding staff member's token subject: the
 * read models and the four-eyes rule need it, and they see the event's data, not its metadata.
 */
export interface RequirementReviewedData extends OfCampaign {
  cycle: number;
  round: number;
  requirement: string;
  decision: ReviewDecision;
  message?: string;
  decidedBy: string;
  decidedAt: string;
}
export interface CertificationApprovedData extends OfCampaign {
  cycle: number;
  certificateNumber: string;
  verificationCode: string;
  effectiveOn: string;
  approvedAt: string;
  note?: string;
  /** A certification recorded from before this system (issue 18 item 6), with its original dates.
   *  Optional, so every stored v1 event stays valid as it is (no new schema version). */
  migrated?: true;
  /** A migrated certification whose documents staff did not ask for: no certificate, letter or
   *  newsletter job is ever scheduled for it. */
  withoutDocuments?: true;
}
/**
 * A certification whose rule set has `validForMonths` ran out: fired by a durable timer the day
 * after `expiresOn` (the certificate is valid through that day), like the pledge lapse.
 */
export interface CertificationExpiredData extends OfCampaign {
  cycle: number;
  certificateNumber: string;
  expiresOn: string;
  expiredAt: string;
}
/**
 * A certified (or expired) agency opens its next cycle, judged on its roster and records of that
 * day by the rule set then in force; a CertificationSubmitted of the new cycle follows in the same
 * append. `previousCertificateNumber` names the certificate being renewed.
 */
export interface RecertificationStartedData extends OfCampaign {
  cycle: number;
  ruleSet: RuleSetId;
  startedOn: string;
  deadline: string;
  previousCertificateNumber: string;
}
export interface DeadlineExtendedData extends OfCampaign {
  cycle: number;
  previousDeadline: string;
  newDeadline: string;
  reason: string;
}
export interface PledgeWithdrawnData extends OfCampaign {
  cycle: number;
  withdrawnOn: string;
  reason: string;
}
export interface CertificationRevokedData extends OfCampaign {
  cycle: number;
  certificateNumber: string;
  revokedOn: string;
  reason: string;
}
export interface DeadlineReminderSentData extends OfCampaign {
  cycle: number;
  deadline: string;
  offsetDays: number;
  sentAt: string;
  daysRemaining: number;
  missing: string[];
}
export interface PledgeLapsedData extends OfCampaign {
  cycle: number;
  deadline: string;
  lapsedAt: string;
}
export interface CertificateIssuedData extends OfCampaign {
  cycle: number;
  certificateNumber: string;
  sha256: string;
  issuedAt: string;
}
export interface PresidentialLetterIssuedData extends OfCampaign {
  cycle: number;
  sha256: string;
  issuedAt: string;
  addressedTo: { name: string; title: string };
}
/**
 * A document stored outside the log, addressed by its SHA-256: the hash chain vouches for the
 * bytes through `sha256` (G12). Evidence is never edited; a corrected document is new evidence.
 */
export interface EvidenceAttachedData {
  evidenceId: string;
  requirement: EvidenceRequirement;
  /** The uploader's file name, made safe (no path, no control characters). */
  filename: string;
  mediaType: EvidenceMediaType;
  size: number;
  sha256: string;
  /** When and by whom (the actor's `sub`): read models see data, not metadata. */
  attachedAt: string;
  attachedBy: string;
  description?: string;
}
export interface NewsletterFeatureQueuedData extends OfCampaign {
  cycle: number;
  certificateNumber: string;
  queuedAt: string;
}

/**
 * The notification e-mails (docs/background-jobs.md). A kind names what the mail is about; its
 * notificationId is deterministic (the same trigger always gives the same id, hence the same job id
 * and Message-ID), so a re-run after a crash is recognisable as the same mail.
 */
export type NotificationKind =
  | 'deadline-reminder'
  | 'changes-requested'
  | 'submission-received'
  | 'certified'
  | 'training-expiring'
  | 'certification-expiring';
/**
 * Recorded AFTER the mail was handed to SMTP (or written to the outbox): the durable "sent" marker
 * that reconcile reads, so a notification lost from Redis comes back and a sent one does not.
 * `to` is null when there was nobody to send to (no ONEMIND_STAFF_EMAIL configured).
 */
export interface NotificationSentData {
  notificationId: string;
  kind: NotificationKind;
  messageId: string;
  to: string | null;
  sentAt: string;
}

/**
 * A practice of a practice-based campaign (Trust Building) put in place on `implementedOn`, backed
 * by evidence of this agency. Recording the same practice again (a later date, other evidence)
 * supersedes the earlier record; the log keeps both.
 */
export interface PracticeImplementedData {
  practiceId: string;
  implementedOn: string;
  evidenceIds: string[];
  note?: string;
}

export interface AgencyEventMap {
  PledgeTaken: PledgeTakenData;
  PartnershipEstablished: PartnershipEstablishedData;
  PartnershipEnded: PartnershipEndedData;
  PolicyAdopted: PolicyAdoptedData;
  OfficerJoined: OfficerJoinedData;
  OfficerSeparated: OfficerSeparatedData;
  OfficerTrained: OfficerTrainedData;
  CertificationSubmitted: CertificationSubmittedData;
  CertificationChangesRequested: CertificationChangesRequestedData;
  RequirementReviewed: RequirementReviewedData;
  CertificationApproved: CertificationApprovedData;
  DeadlineExtended: DeadlineExtendedData;
  PledgeWithdrawn: PledgeWithdrawnData;
  CertificationRevoked: CertificationRevokedData;
  DeadlineReminderSent: DeadlineReminderSentData;
  PledgeLapsed: PledgeLapsedData;
  CertificateIssued: CertificateIssuedData;
  PresidentialLetterIssued: PresidentialLetterIssuedData;
  NewsletterFeatureQueued: NewsletterFeatureQueuedData;
  NotificationSent: NotificationSentData;
  EvidenceAttached: EvidenceAttachedData;
  CertificationExpired: CertificationExpiredData;
  RecertificationStarted: RecertificationStartedData;
  PracticeImplemented: PracticeImplementedData;
}
export type AgencyEventType = keyof AgencyEventMap;
export type AgencyEvent = { [K in AgencyEventType]: { type: K; data: AgencyEventMap[K] } }[AgencyEventType];

/**
 * The current schema version of each agency event type; the registry (registry.ts) is derived from
 * this and its programme twin. A record over the union, so a new event type does not compile until
 * it names its version; raising one needs an upcaster from the previous version (upcast.ts).
 */
export const AGENCY_SCHEMA_VERSIONS: Readonly<Record<AgencyEventType, number>> = {
  PledgeTaken: 1,
  PartnershipEstablished: 1,
  PartnershipEnded: 1,
  PolicyAdopted: 1,
  OfficerJoined: 1,
  OfficerSeparated: 1,
  OfficerTrained: 1,
  CertificationSubmitted: 1,
  CertificationChangesRequested: 1,
  RequirementReviewed: 1,
  CertificationApproved: 1,
  DeadlineExtended: 1,
  PledgeWithdrawn: 1,
  CertificationRevoked: 1,
  DeadlineReminderSent: 1,
  PledgeLapsed: 1,
  CertificateIssued: 1,
  PresidentialLetterIssued: 1,
  NewsletterFeatureQueued: 1,
  NotificationSent: 1,
  EvidenceAttached: 1,
  CertificationExpired: 1,
  RecertificationStarted: 1,
  PracticeImplemented: 1,
};

export const AGENCY_EVENT_TYPES = Object.keys(AGENCY_SCHEMA_VERSIONS) as AgencyEventType[];

/**
 * The agency's records: facts about the agency whatever campaign it is in (one roster, one set of
 * partnerships, policies, evidence and practices). Every other agency event but NotificationSent
 * (agency-level bookkeeping) is a cycle event and may name its campaign (OfCampaign).
 */
export const RECORD_EVENT_TYPES = [
  'PartnershipEstablished',
  'PartnershipEnded',
  'PolicyAdopted',
  'OfficerJoined',
  'OfficerSeparated',
  'OfficerTrained',
  'EvidenceAttached',
  'PracticeImplemented',
  'NotificationSent',
] as const satisfies readonly AgencyEventType[];
export type RecordEventType = (typeof RECORD_EVENT_TYPES)[number];
export type CycleEvent = Exclude<AgencyEvent, { type: RecordEventType }>;
const RECORD_TYPES: ReadonlySet<string> = new Set(RECORD_EVENT_TYPES);
export const isCycleEvent = (e: AgencyEvent): e is CycleEvent => !RECORD_TYPES.has(e.type);
