import type { AgencyEvent, EvaluationSnapshot, PartnerType, PledgeTakenData, RuleSetId } from '../../../events/src/index.js';

export type AgencyStatus = 'none' | 'pledged' | 'submitted' | 'changes-requested' | 'certified' | 'lapsed' | 'withdrawn' | 'revoked';

export interface OfficerRecord {
  sworn: boolean;
  joinedOn: string;
  separatedOn?: string;
  trainings: { programId: string; completedOn: string; expiresOn?: string }[];
}

/** Only what decisions (and the requirement evaluation) need. */
export interface AgencyState {
  status: AgencyStatus;
  cycle: number;
  profile: Omit<PledgeTakenData, 'agencyId' | 'cycle' | 'commitmentMonths' | 'pledgedOn' | 'deadline' | 'ruleSet'> | null;
  ruleSet: RuleSetId | null;
  pledgedOn: string | null;
  deadline: string | null;
  partnerships: Map<string, { partnerName: string; partnerType: PartnerType; establishedOn: string; endedOn?: string }>;
  policies: Map<string, { title: string; version: string; adoptedOn: string; effectiveOn: string }>;
  officers: Map<string, OfficerRecord>;
  submission: { submittedAt: string; evaluation: EvaluationSnapshot } | null;
  certificate: { number: string; verificationCode: string; effectiveOn: string; sha256?: string; issuedAt?: string } | null;
  letter: { sha256: string; issuedAt: string } | null;
  newsletterQueued: boolean;
  /** `<deadline>:<offsetDays>` of every reminder sent in this cycle. */
  remindersSent: Set<string>;
}

export function initialAgencyState(): AgencyState {
  return {
    status: 'none', cycle: 0, profile: null, ruleSet: null, pledgedOn: null, deadline: null,
    partnerships: new Map(), policies: new Map(), officers: new Map(),
    submission: null, certificate: null, letter: null, newsletterQueued: false, remindersSent: new Set(),
  };
}

/** Statuses in which a pledge is open: the agency is working toward certification. */
export const OPEN_STATUSES: readonly AgencyStatus[] = ['pledged', 'submitted', 'changes-requested'];
/** Statuses after which a new pledge cycle may start. */
export const ENDED_STATUSES: readonly AgencyStatus[] = ['none', 'lapsed', 'withdrawn', 'revoked'];

export type { AgencyEvent };
