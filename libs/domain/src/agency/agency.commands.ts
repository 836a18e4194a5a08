import type {
  EvidenceAttachedData,
  NotificationSentData,
  PartnershipEndedData,
  PartnershipEstablishedData,
  PolicyAdoptedData,
  ReviewDecision,
  RuleSetId,
} from '#events';

/**
 * Commands on one agency's stream. The actor, the time, fresh random values and the programme
 * catalogue come in the AgencyDecisionContext, never in the payload.
 *
 * Stable error codes (DomainError.code). Clients switch on these: never rename. The HTTP status
 * each answers with (422 unless noted) is the command app's mapping (infra/problem-codes.ts).
 *   agency-not-found (404)      any command but TakePledge before the agency's first pledge
 *   already-pledged             TakePledge while a cycle is open or certified
 *   commitment-window           TakePledge with a window outside the rule set's 12–36 months
 *   staff-only-field (403)      TakePledge: an agency user gave pledgedOn or ruleSet
 *   pledge-date-in-future       TakePledge dated after today
 *   date-in-future              a recorded fact (established, ended, adopted, joined, separated,
 *                               completed, approval effective) dated after today; `errors` names each
 *   date-order                  an end before its start (ended < established, effective < adopted,
 *                               separated < joined); `errors` names each
 *   batch-size                  AddOfficers / SeparateOfficers / RecordTraining with 0 or > 5,000 records
 *   partnership-not-found (404) EndPartnership of an id this agency never established
 *   partnership-already-ended   EndPartnership of one already ended
 *   officer-already-on-roster   AddOfficers: ref on the roster and not separated, or twice in the batch
 *   officer-not-on-roster       SeparateOfficers / RecordTraining: ref absent or separated (or a
 *                               separation listed twice in one batch)
 *   unrecognized-program        RecordTraining against a programme the catalogue does not know
 *   not-pledged                 SubmitForCertification with no open pledge (none, lapsed, withdrawn, revoked)
 *   already-submitted           SubmitForCertification while a submission is under review
 *   already-certified           SubmitForCertification when already certified
 *   deadline-passed             SubmitForCertification on or after the deadline (the lapse is due)
 *   requirements-not-met        SubmitForCertification failing the evaluation; `errors` lists what is missing
 *   not-submitted               ReviewRequirement / RequestChanges / ApproveCertification with no submission under review
 *   requirement-not-found (404) ReviewRequirement of a requirement the agency's rule set does not have
 *   message-required            ReviewRequirement: changes-requested with a blank message
 *   reasons-required            RequestChanges with no reason and no requirement at changes-requested
 *   requirement-not-accepted    ApproveCertification while a requirement of the round stands at changes-requested,
 *                               or while a practice (Trust Building) of the round is not accepted
 *   second-approver-required    ApproveCertification with four eyes on, by the only staff member who accepted anything
 *   effective-before-submission ApproveCertification effective before the submission date
 *   pledge-not-open             ExtendDeadline / WithdrawPledge outside pledged, submitted, changes-requested
 *   deadline-not-later          ExtendDeadline to a date not after the current deadline
 *   extension-too-long          ExtendDeadline beyond the current deadline + the rule set's maximum window
 *   reason-required             EndPartnership / ExtendDeadline / WithdrawPledge / RevokeCertification with a blank reason
 *   not-certified               RevokeCertification / IssueCertificate / IssuePresidentialLetter /
 *                               FeatureInNewsletter when this cycle has no certificate;
 *                               StartRecertification unless certified or expired
 *   evidence-not-found          EstablishPartnership / AdoptPolicy naming an evidenceId this agency
 *                               never attached; `errors` names each
 *   invalid-evidence            AttachEvidence with an unknown requirement or media type, a bad
 *                               SHA-256 or size (the HTTP edge refuses these first)
 *   invalid-rows                the CSV roster import (import-roster.ts): every bad row, as `row N`, each
 *                               with its own code: invalid-cell (the reader), roster-conflict (a row
 *                               contradicting the roster, roster-diff.ts) or the rule's code above
 *   campaign-not-found (404)    RecordHistoricCertification, or a command of a campaign route
 *                               (pledge, submission, recertification, practice), for a campaign
 *                               the engine does not know
 *   campaign-not-joined (409)   a command of a campaign (its route's, or One Mind's) the agency
 *                               has not pledged to; TakePledge opens it (campaign-cycles.ts)
 *   rule-set-not-in-campaign    TakePledge naming a rule set of another campaign than the route's
 *   practice-not-found (404)    ImplementPractice of a practice the agency's rule set does not have
 *   campaign-not-migratable     RecordHistoricCertification for a campaign other than One Mind (only
 *                               One Mind has a past to migrate)
 *   agency-already-recorded     RecordHistoricCertification for an agency that already has a stream
 *   rule-set-not-in-force       RecordHistoricCertification pledged before its rule set came into force
 *   certificate-number-form     RecordHistoricCertification with a number of the computed form
 *                               (OM-YYYY-<agencyId>-<cycle>) naming another agency
 *   (certificate-number-taken, 409, is the store's claim: another agency holds that number)
 *   (catalogue: program-exists, program-not-found (404), already-recognized; see programs/catalogue.commands.ts)
 * System commands (SendDeadlineReminder, LapsePledge, ExpireCertification, Issue*,
 * FeatureInNewsletter, RecordNotificationSent) answer [] rather
 * than an error when they no longer apply: a timer or job may fire twice or late, and must be a no-op.
 */
/**
 * The campaign a cycle command acts on (issue 18 item 3): the route's. Absent on the routes without
 * a campaign: One Mind if the agency has joined it, else the agency's first campaign (campaign-cycles.ts).
 */
export interface OnCampaign {
  campaignId?: string;
}

export interface TakePledge {
  type: 'TakePledge';
  data: {
    agencyId: string;
    name: string;
    ori?: string;
    country: string;
    region?: string;
    agencyType?: string;
    signatory: { name: string; title: string };
    contact: { name: string; email: string };
    commitmentMonths?: number;
    pledgedOn?: string;
    ruleSet?: RuleSetId;
    /** The route's campaign; absent: One Mind (the routes without a campaign mean it). */
    campaignId?: string;
  };
}
export interface EstablishPartnership {
  type: 'EstablishPartnership';
  /** The event's data but its id, which the decider mints. */
  data: Omit<PartnershipEstablishedData, 'partnershipId'>;
}
export interface EndPartnership {
  type: 'EndPartnership';
  data: PartnershipEndedData;
}
export interface AdoptPolicy {
  type: 'AdoptPolicy';
  /** The event's data but its id, which the decider mints. */
  data: Omit<PolicyAdoptedData, 'policyId'>;
}
/** The document is already in the document store; the command records it (the decider mints the id). */
export interface AttachEvidence {
  type: 'AttachEvidence';
  data: Omit<EvidenceAttachedData, 'evidenceId' | 'attachedAt' | 'attachedBy'>;
}
export interface AddOfficers {
  type: 'AddOfficers';
  data: { officers: { officerRef: string; sworn?: boolean; joinedOn: string }[] };
}
export interface SeparateOfficers {
  type: 'SeparateOfficers';
  data: { officers: { officerRef: string; separatedOn: string }[] };
}
export interface TrainingRecord {
  officerRef: string;
  programId: string;
  completedOn: string;
  hours?: number;
  certificateRef?: string;
  expiresOn?: string;
}
export interface RecordTraining {
  type: 'RecordTraining';
  data: { records: TrainingRecord[] };
}
export interface SubmitForCertification {
  type: 'SubmitForCertification';
  /** `campaignId`: the route's; absent: One Mind. */
  data: { note?: string; campaignId?: string };
}
/**
 * A practice of the agency's practice-based campaign put in place (Trust Building): a record of the
 * agency, like a partnership; a later one for the same practice supersedes it.
 */
export interface ImplementPractice {
  type: 'ImplementPractice';
  data: {
    campaignId: string;
    practiceId: string;
    implementedOn: string;
    evidenceIds?: string[];
    note?: string;
  };
}
/** A staff decision on one requirement of the submission under review (the actor decides). */
export interface ReviewRequirement {
  type: 'ReviewRequirement';
  data: { requirement: string; decision: ReviewDecision; message?: string } & OnCampaign;
}
export interface RequestChanges {
  type: 'RequestChanges';
  /** Optional when a requirement of the round stands at changes-requested (its message is the reason). */
  data: { reasons?: { requirement: string; message: string }[] } & OnCampaign;
}
export interface ApproveCertification {
  type: 'ApproveCertification';
  data: { effectiveOn?: string; note?: string } & OnCampaign;
}
/**
 * Staff migrate a certification from before this system (API-next.md): the pledge, the submission
 * and the approval with their original dates, in one command, so expiry and recertification run
 * from the real dates. `certificateNumber` absent: the usual number of the approval year.
 */
export interface RecordHistoricCertification {
  type: 'RecordHistoricCertification';
  data: {
    agencyId: string;
    campaignId: string;
    name: string;
    ori?: string;
    country: string;
    region?: string;
    signatory: { name: string; title: string };
    contact: { name: string; email: string };
    ruleSet: RuleSetId;
    pledgedOn: string;
    submittedOn: string;
    effectiveOn: string;
    certificateNumber?: string;
    note: string;
    /** Generate the certificate, letter and newsletter feature as for a new approval (default no). */
    issueDocuments?: boolean;
  };
}
export interface ExtendDeadline {
  type: 'ExtendDeadline';
  data: { newDeadline: string; reason: string } & OnCampaign;
}
export interface WithdrawPledge {
  type: 'WithdrawPledge';
  data: { reason: string } & OnCampaign;
}
export interface RevokeCertification {
  type: 'RevokeCertification';
  data: { reason: string } & OnCampaign;
}
/** Fired by a timer scheduled for `deadline`; a moved deadline makes it a no-op. */
export interface SendDeadlineReminder {
  type: 'SendDeadlineReminder';
  data: { deadline: string; offsetDays: number } & OnCampaign;
}
export interface LapsePledge {
  type: 'LapsePledge';
  data: { deadline: string } & OnCampaign;
}
/** Fired by the expiry timer of one certificate; a later certificate makes it a no-op. */
export interface ExpireCertification {
  type: 'ExpireCertification';
  data: { certificateNumber: string } & OnCampaign;
}
/**
 * Opens the next cycle of a certified or expired agency and submits it at once (it is judged on
 * today's records; `requirements-not-met` when they no longer hold). `campaignId`: the route's;
 * absent: One Mind.
 */
export interface StartRecertification {
  type: 'StartRecertification';
  data: { note?: string; campaignId?: string };
}
/**
 * Document jobs. `certificateNumber`, when the job gives it, pins the job to the approval that
 * queued it, so a job that outlives its cycle does nothing on a later certificate.
 */
export interface IssueCertificate {
  type: 'IssueCertificate';
  data: { sha256: string; issuedAt: string; certificateNumber?: string } & OnCampaign;
}
export interface IssuePresidentialLetter {
  type: 'IssuePresidentialLetter';
  data: { sha256: string; issuedAt: string; certificateNumber?: string } & OnCampaign;
}
export interface FeatureInNewsletter {
  type: 'FeatureInNewsletter';
  data: { certificateNumber?: string } & OnCampaign;
}

/**
 * Fired by the mail worker after a notification was handed to SMTP (or the outbox): the durable
 * "sent" marker. A second run for the same notificationId decides nothing.
 */
export interface RecordNotificationSent {
  type: 'RecordNotificationSent';
  data: NotificationSentData;
}

export type AgencyCommand =
  | TakePledge
  | EstablishPartnership
  | EndPartnership
  | AdoptPolicy
  | AttachEvidence
  | ImplementPractice
  | AddOfficers
  | SeparateOfficers
  | RecordTraining
  | SubmitForCertification
  | ReviewRequirement
  | RequestChanges
  | ApproveCertification
  | RecordHistoricCertification
  | ExtendDeadline
  | WithdrawPledge
  | RevokeCertification
  | SendDeadlineReminder
  | LapsePledge
  | ExpireCertification
  | StartRecertification
  | IssueCertificate
  | IssuePresidentialLetter
  | FeatureInNewsletter
  | RecordNotificationSent;
export type AgencyCommandType = AgencyCommand['type'];

/** Bulk commands take 1–5,000 records (API.md); CSV imports are split into batches of this size. */
export const MAX_BATCH = 5000;
