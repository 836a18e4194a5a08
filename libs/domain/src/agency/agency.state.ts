import { PersistentMap } from '../persistent-map.js';
import type {
  AgencyEvent,
  EvaluationSnapshot,
  EvidenceMediaType,
  EvidenceRequirement,
  PartnerType,
  PledgeTakenData,
  ReviewDecision,
  RuleSetId,
} from '#events';

export interface OfficerRecord {
  sworn: boolean;
  joinedOn: string;
  separatedOn?: string;
  /** Kept across a separation and re-joining: the person still holds the classes. */
  trainings: readonly TrainingHeld[];
}

/** A practice of a practice-based campaign as the agency reported it (its latest PracticeImplemented). */
export interface PracticeRecord {
  implementedOn: string;
  evidenceIds: readonly string[];
  /** What the agency said of it (staff read it beside the evidence); absent when none. */
  note?: string;
}

/** `hours` is kept so that a re-uploaded roster can tell a repeated record from a changed one. */
export interface TrainingHeld {
  programId: string;
  completedOn: string;
  expiresOn?: string;
  hours?: number;
}

export interface PartnershipRecord {
  partnerName: string;
  partnerType: PartnerType;
  establishedOn: string;
  endedOn?: string;
}
export interface PolicyRecord {
  title: string;
  version: string;
  adoptedOn: string;
  effectiveOn: string;
}

/** A document attached as evidence: partnerships and policies may name it by id. */
export interface EvidenceRecord {
  requirement: EvidenceRequirement;
  sha256: string;
  filename: string;
  mediaType: EvidenceMediaType;
  size: number;
}

/** The agency's own records: they outlive a pledge cycle, and `evaluate` reads only them. */
export interface AgencyRecords {
  partnerships: Map<string, PartnershipRecord>;
  policies: Map<string, PolicyRecord>;
  /** Evidence by id: documents are facts about the agency, like its partnerships. */
  evidence: Map<string, EvidenceRecord>;
  /** The practices of a practice-based campaign by id, each its latest record (PracticeImplemented). */
  practices: Map<string, PracticeRecord>;
  /** Persistent (structurally shared): folding a 32,300-officer roster must stay linear. */
  officers: PersistentMap<OfficerRecord>;
}

export type AgencyProfile = Omit<
  PledgeTakenData,
  'agencyId' | 'cycle' | 'commitmentMonths' | 'pledgedOn' | 'deadline' | 'ruleSet'
>;
/** Staff's latest decision on one requirement in the current round. */
export interface RequirementDecision {
  decision: ReviewDecision;
  message?: string;
  decidedBy: string;
  decidedAt: string;
}
/**
 * A submission and its review round: `round` counts the submissions of this cycle (a resubmission
 * after changes were requested starts the next round with no decisions). Kept after the agency is
 * sent back, so the agency still sees why until it resubmits.
 */
export interface SubmissionRecord {
  round: number;
  submittedAt: string;
  note?: string;
  evaluation: EvaluationSnapshot;
  /** By requirement id; a later decision on the same requirement replaces the earlier one. */
  decisions: ReadonlyMap<string, RequirementDecision>;
}
export interface CertificateRecord {
  number: string;
  verificationCode: string;
  effectiveOn: string;
  /** The last day it is valid, from the cycle's rule set (`validForMonths`); absent: never expires. */
  expiresOn?: string;
  sha256?: string;
  issuedAt?: string;
}
export interface LetterRecord {
  sha256: string;
  issuedAt: string;
}

/**
 * The cycles of the campaigns an agency joined after its first (issue 18 item 3, ADR 0008), by
 * campaign id. The state itself is the first campaign's cycle, so everything that reads one agency's
 * status (the routes without a campaign, the read models, the audit) reads what it always did; a
 * cycle kept here has stale records — read it through `cycleView`, which lays the agency's records
 * over it.
 */
export interface OtherCampaigns {
  campaigns: ReadonlyMap<string, AgencyCycle>;
}

/** Before the first pledge: the agency stream does not exist yet, so nothing but records (none). */
export interface UnpledgedAgency extends AgencyRecords, OtherCampaigns {
  status: 'none';
  cycle: 0;
}

/**
 * Everything a pledge cycle has from its PledgeTaken on: the rule set it is judged by is never
 * missing. Every cycle shape carries the same keys (folded states compare alike, whatever the
 * status); the status says which of them can hold something.
 */
interface CycleBase extends AgencyRecords, OtherCampaigns {
  agencyId: string;
  cycle: number;
  profile: AgencyProfile;
  ruleSet: RuleSetId;
  pledgedOn: string;
  deadline: string;
  /** The cycle's latest submission, if any. */
  submission: SubmissionRecord | null;
  /** `<deadline>:<offsetDays>` of every reminder sent in this cycle. */
  remindersSent: Set<string>;
  /** notificationId of every NotificationSent, in any cycle (a training expiry outlives a cycle). */
  notificationsSent: Set<string>;
}
/** Without a certificate, the documents (certificate PDF, letter, newsletter) have nothing to name. */
interface Uncertified extends CycleBase {
  certificate: null;
  letter: null;
  newsletterQueued: false;
}

export interface PledgedAgency extends Uncertified {
  status: 'pledged' | 'changes-requested' | 'lapsed' | 'withdrawn';
}
/** Under review: the submission is what the reviewer judges. */
export interface SubmittedAgency extends Uncertified {
  status: 'submitted';
  submission: SubmissionRecord;
}
/**
 * A revoked or expired certificate stays on record: public verification shows its number as
 * revoked, and an expired agency recertifies from it.
 */
export interface CertifiedAgency extends CycleBase {
  status: 'certified' | 'revoked' | 'expired';
  certificate: CertificateRecord;
  letter: LetterRecord | null;
  newsletterQueued: boolean;
}

/** An agency that has pledged at least once, in whatever status its cycle is. */
export type AgencyCycle = PledgedAgency | SubmittedAgency | CertifiedAgency;
/** Only what decisions (and the requirement evaluation) need, typed by the lifecycle status. */
export type AgencyState = UnpledgedAgency | AgencyCycle;

export function initialAgencyState(): AgencyState {
  return {
    status: 'none',
    cycle: 0,
    partnerships: new Map(),
    policies: new Map(),
    evidence: new Map(),
    practices: new Map(),
    officers: PersistentMap.empty(),
    campaigns: new Map(),
  };
}

export type { AgencyEvent };
