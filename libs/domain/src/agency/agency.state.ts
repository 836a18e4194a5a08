import { PersistentMap } from '../persistent-map.js';
import type {
  AgencyEvent,
  EvaluationSnapshot,
  PartnerType,
  PledgeTakenData,
  RuleSetId,
} from '#events';

import type { AgencyStatus } from './lifecycle.js';

export interface OfficerRecord {
  sworn: boolean;
  joinedOn: string;
  separatedOn?: string;
  /** Kept across a separation and re-joining: the person still holds the classes. */
  trainings: readonly { programId: string; completedOn: string; expiresOn?: string }[];
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

/** Only what decisions (and the requirement evaluation) need. */
export interface AgencyState {
  status: AgencyStatus;
  /** Set by the first pledge; null only before it (the agency stream does not exist yet). */
  agencyId: string | null;
  cycle: number;
  profile: Omit<
    PledgeTakenData,
    'agencyId' | 'cycle' | 'commitmentMonths' | 'pledgedOn' | 'deadline' | 'ruleSet'
  > | null;
  ruleSet: RuleSetId | null;
  pledgedOn: string | null;
  deadline: string | null;
  partnerships: Map<string, PartnershipRecord>;
  policies: Map<string, PolicyRecord>;
  /** Persistent (structurally shared): folding a 32,300-officer roster must stay linear. */
  officers: PersistentMap<OfficerRecord>;
  submission: { submittedAt: string; evaluation: EvaluationSnapshot } | null;
  certificate: {
    number: string;
    verificationCode: string;
    effectiveOn: string;
    sha256?: string;
    issuedAt?: string;
  } | null;
  letter: { sha256: string; issuedAt: string } | null;
  newsletterQueued: boolean;
  /** `<deadline>:<offsetDays>` of every reminder sent in this cycle. */
  remindersSent: Set<string>;
}

export function initialAgencyState(): AgencyState {
  return {
    status: 'none',
    agencyId: null,
    cycle: 0,
    profile: null,
    ruleSet: null,
    pledgedOn: null,
    deadline: null,
    partnerships: new Map(),
    policies: new Map(),
    officers: PersistentMap.empty(),
    submission: null,
    certificate: null,
    letter: null,
    newsletterQueued: false,
    remindersSent: new Set(),
  };
}

export type { AgencyEvent };
