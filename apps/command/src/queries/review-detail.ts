import {
  DEFAULT_RULE_SET,
  daysBetween,
  evaluate,
  partnershipCounts,
  reviewItemsOf,
  ruleSet,
  type Catalogue,
  type Evaluation,
  type PartnershipRequirement,
} from '#domain';
import { reviewView, type EvidenceItem, type ReviewView, type StoredAgency } from '#read-models';

/**
 * What a reviewer needs to judge a submission in one answer (issue 16): the round and its
 * decisions, the agency's note, the records behind each requirement (partners and their dates;
 * policies with title, version and dates; a roster summary), and the evaluation frozen at
 * submission beside today's, so a roster that changed since is visible, and the evidence documents
 * attached to each requirement (to download beside the record they back).
 */
export interface ReviewDetail {
  agencyId: string;
  name: string | null;
  status: string;
  ruleSet: string | null;
  cycle: number;
  deadline: string | null;
  review: ReviewView | null;
  evaluation: { atSubmission: Evaluation | null; today: Evaluation | null };
  partnerships: {
    partnershipId: string;
    partnerName: string;
    partnerType: string;
    establishedOn: string;
    endedOn: string | null;
    activeToday: boolean;
  }[];
  policies: {
    policyId: string;
    title: string;
    version: string;
    adoptedOn: string;
    effectiveOn: string;
    countsToday: boolean;
  }[];
  roster: {
    onRoster: number;
    sworn: number;
    crisisTrained: number;
    crisisRequired: number;
    awarenessTrained: number;
    covered: number;
    uncovered: number;
  } | null;
  /** Evidence per requirement (`partnership`, `policy`, `training`, `other`), oldest first. */
  evidence: Record<string, EvidenceItem[]>;
  revision: string;
  position: string;
}

export function buildReviewDetail(input: {
  agencyId: string;
  stored: StoredAgency;
  /** The evaluation recorded in the submission event (agencies.submission_evaluation). */
  atSubmission: Evaluation | null;
  catalogue: Catalogue;
  evidence: Record<string, EvidenceItem[]>;
  date: string;
}): ReviewDetail {
  const { state } = input.stored;
  const { date } = input;
  const rule = state.ruleSet ? ruleSet(state.ruleSet) : null;
  const today = rule ? evaluate(rule, state, date, input.catalogue) : null;
  // Before a pledge there is no rule set: the default one says which partners count.
  const partnerRule = (rule ?? ruleSet(DEFAULT_RULE_SET)).requirements.find(
    (r): r is PartnershipRequirement => r.kind === 'partnership',
  );
  // Everyone on the roster today, non-sworn staff included (the evaluation counts sworn officers only).
  let onRoster = 0;
  for (const o of state.officers.values())
    if (o.joinedOn <= date && (o.separatedOn === undefined || o.separatedOn > date)) onRoster += 1;
  return {
    agencyId: input.agencyId,
    name: state.profile?.name ?? null,
    status: state.status,
    ruleSet: state.ruleSet,
    cycle: state.cycle,
    deadline: state.deadline,
    review: rule && state.review ? reviewView(reviewItemsOf(rule), state.review) : null,
    evaluation: { atSubmission: state.review ? input.atSubmission : null, today },
    partnerships: [...state.partnerships].map(([partnershipId, p]) => ({
      partnershipId,
      partnerName: p.partnerName,
      partnerType: p.partnerType,
      establishedOn: p.establishedOn,
      endedOn: p.endedOn ?? null,
      // The rule the evaluator applies: a partner of a kind that counts, established, not ended by today.
      activeToday: partnerRule !== undefined && partnershipCounts(partnerRule, p, date),
    })),
    policies: [...state.policies].map(([policyId, p]) => ({
      policyId,
      title: p.title,
      version: p.version,
      adoptedOn: p.adoptedOn,
      effectiveOn: p.effectiveOn,
      countsToday: today?.policy.policyId === policyId,
    })),
    roster: today ? { onRoster, ...withoutMet(today.training) } : null,
    evidence: input.evidence,
    revision: input.stored.revision,
    position: input.stored.position,
  };
}

const withoutMet = ({ met: _met, ...numbers }: Evaluation['training']) => numbers;

/** A review-queue entry with how long it has waited: since the latest submission, in whole UTC days. */
export function withWaiting<T extends { submittedAt: string }>(
  item: T,
  today: string,
): T & { waitingSince: string; waitingDays: number } {
  return {
    ...item,
    waitingSince: item.submittedAt,
    waitingDays: Math.max(0, daysBetween(item.submittedAt.slice(0, 10), today)),
  };
}
