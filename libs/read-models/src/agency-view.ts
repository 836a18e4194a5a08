import {
  addDays,
  certificationExpiresOn,
  daysBetween,
  evaluate,
  judge,
  missingRequirements,
  reviewItemOf,
  reviewItemsOf,
  ruleSet,
  snapshotOf,
  type Judgement,
  type AgencyProfile,
  type AgencyState,
  type AgencyStatus,
  type Catalogue,
  type CertificateRecord,
  type LetterRecord,
  type RequirementDecision,
  type RequirementRecords,
} from '#domain';
import type { RuleSetId } from '#events';

/** The agency view of API.md. Built from the read model's rows or from a fold of the log, alike. */
export interface AgencyView {
  agencyId: string;
  name: string | null;
  ori: string | null;
  country: string | null;
  region: string | null;
  status: string;
  ruleSet: string | null;
  pledgedOn: string | null;
  deadline: string | null;
  daysRemaining: number | null;
  cycle: number;
  submittedAt: string | null;
  requirements: {
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
  } | null;
  /** The same evaluation 90 days ahead (training records that run out by then no longer count). */
  requirementsIn90Days: (NonNullable<AgencyView['requirements']> & { date: string }) | null;
  certificate: {
    number: string;
    verificationCode: string;
    effectiveOn: string;
    /** The last valid day (the rule set's validForMonths); null: it never expires. */
    expiresOn: string | null;
    issuedAt: string | null;
    sha256: string | null;
  } | null;
  letter: { issuedAt: string; sha256: string } | null;
  review: ReviewView | null;
  reminders: { offsetDays: number; sentAt: string }[];
  /** How many evidence documents back each requirement (issue 16); `{}` when none. */
  evidence: Record<string, number>;
  /**
   * Each requirement of the rule set judged today, in its order: met, and what is missing when not
   * (the sentence a refused submission gives); [] before the first pledge.
   */
  verdicts: RequirementVerdict[];
  /** A practice-based rule set's practices (Trust Building), each as last recorded; [] for another. */
  practices: PracticeView[];
  revision: string;
  position: string;
}

export interface RequirementVerdict {
  requirement: string;
  kind: string;
  met: boolean;
  missing: string | null;
}

export interface PracticeView {
  practiceId: string;
  number: number;
  focusArea: string;
  /** Null until the agency records the practice (POST …/practices/{practiceId}). */
  implementedOn: string | null;
  evidenceIds: readonly string[];
  /** The agency's note on its latest record of the practice; null when none. */
  note: string | null;
  met: boolean;
}

/**
 * The cycle's latest submission round as staff judge it, one entry per requirement of the rule
 * set (decision null while undecided). Shown to the agency too: after a send-back it keeps the
 * round's decisions and messages until the agency resubmits.
 */
export interface ReviewView {
  round: number;
  submittedAt: string;
  note: string | null;
  requirements: {
    requirement: string;
    decision: 'accepted' | 'changes-requested' | null;
    message: string | null;
    decidedBy: string | null;
    decidedAt: string | null;
  }[];
}

/** The review as the fold and the read model both hold it. */
export interface ReviewRecord {
  round: number;
  submittedAt: string;
  note?: string;
  decisions: ReadonlyMap<string, RequirementDecision>;
}

/** What the view shows of an agency besides its records; an AgencyState (a fold) is one. */
export interface ViewedAgency {
  status: AgencyStatus;
  profile: Pick<AgencyProfile, 'name' | 'ori' | 'country' | 'region'> | null;
  ruleSet: RuleSetId | null;
  pledgedOn: string | null;
  deadline: string | null;
  cycle: number;
  submission: { submittedAt: string } | null;
  certificate: CertificateRecord | null;
  letter: LetterRecord | null;
  review: ReviewRecord | null;
}

/** A fold as the view sees it: before the first pledge there is nothing of a cycle to show. */
export function viewedFold(state: AgencyState): ViewedAgency & RequirementRecords {
  if (state.status !== 'none') return { ...state, review: state.submission };
  const nothing = { profile: null, ruleSet: null, pledgedOn: null, deadline: null, submission: null };
  return { ...state, ...nothing, certificate: null, letter: null, review: null };
}

export interface ViewInput {
  agencyId: string;
  state: ViewedAgency & RequirementRecords;
  reminders: { offsetDays: number; sentAt: string }[];
  /** Evidence counts per requirement: from the evidence read model, or from a fold (evidenceCounts). */
  evidence: Record<string, number>;
  revision: string;
  position: string;
  catalogue: Catalogue;
  /** The date the requirements are evaluated on (today, or the as-of date). */
  date: string;
}

/** How far ahead the view also evaluates, so an agency sees its numbers drop before they do. */
export const LOOK_AHEAD_DAYS = 90;

/** The numbers come from `evaluate` (the one source of truth), never from SQL counts. */
export function buildAgencyView(input: ViewInput): AgencyView {
  const { state, date } = input;
  const rule = state.ruleSet ? ruleSet(state.ruleSet) : null;
  const judgement = rule ? judge(rule, state, date, input.catalogue) : null;
  const e = rule && judgement ? snapshotOf(rule, judgement) : null;
  const ahead = addDays(date, LOOK_AHEAD_DAYS);
  const later = rule ? evaluate(rule, state, ahead, input.catalogue) : null;
  const c = state.certificate;
  return {
    agencyId: input.agencyId,
    name: state.profile?.name ?? null,
    ori: state.profile?.ori ?? null,
    country: state.profile?.country ?? null,
    region: state.profile?.region ?? null,
    status: state.status,
    ruleSet: state.ruleSet,
    pledgedOn: state.pledgedOn,
    deadline: state.deadline,
    daysRemaining: state.deadline ? Math.max(0, daysBetween(date, state.deadline)) : null,
    cycle: state.cycle,
    submittedAt: state.submission?.submittedAt ?? null,
    requirements: e ? { partnership: e.partnership, policy: e.policy, training: e.training } : null,
    requirementsIn90Days: later
      ? { date: ahead, partnership: later.partnership, policy: later.policy, training: later.training }
      : null,
    certificate: c
      ? {
          number: c.number,
          verificationCode: c.verificationCode,
          effectiveOn: c.effectiveOn,
          expiresOn: (rule && certificationExpiresOn(rule, c.effectiveOn)) ?? null,
          issuedAt: c.issuedAt ?? null,
          sha256: c.sha256 ?? null,
        }
      : null,
    letter: state.letter ? { issuedAt: state.letter.issuedAt, sha256: state.letter.sha256 } : null,
    review: rule && state.review ? reviewView(reviewItemsOf(rule), state.review) : null,
    reminders: input.reminders,
    evidence: input.evidence,
    verdicts: judgement ? verdictsOf(judgement) : [],
    practices: judgement ? practicesOf(judgement, state) : [],
    revision: input.revision,
    position: input.position,
  };
}

function verdictsOf(j: Judgement): RequirementVerdict[] {
  const missing = new Map(missingRequirements(j).map((m) => [m.path, m.message]));
  return j.results.map((r) => ({
    requirement: r.requirement.id,
    kind: r.kind,
    met: r.met,
    // An empty roster is said once, under the training requirements' review item.
    missing: r.met
      ? null
      : (missing.get(r.requirement.id) ?? missing.get(reviewItemOf(r.requirement)) ?? null),
  }));
}

function practicesOf(j: Judgement, records: RequirementRecords): PracticeView[] {
  return j.results.flatMap((r) => {
    if (r.kind !== 'practice') return [];
    const recorded = records.practices?.get(r.requirement.id);
    return [
      {
        practiceId: r.requirement.id,
        number: r.requirement.number,
        focusArea: r.requirement.focusArea,
        implementedOn: recorded?.implementedOn ?? null,
        evidenceIds: recorded?.evidenceIds ?? [],
        note: recorded?.note ?? null,
        met: r.met,
      },
    ];
  });
}

export function reviewView(requirements: readonly string[], review: ReviewRecord): ReviewView {
  return {
    round: review.round,
    submittedAt: review.submittedAt,
    note: review.note ?? null,
    requirements: requirements.map((requirement) => {
      const d = review.decisions.get(requirement);
      return {
        requirement,
        decision: d?.decision ?? null,
        message: d?.message ?? null,
        decidedBy: d?.decidedBy ?? null,
        decidedAt: d?.decidedAt ?? null,
      };
    }),
  };
}

/** The view's `evidence` from a fold's evidence records (the read model counts the same rows). */
export function evidenceCounts(records: Iterable<{ requirement: string }>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of records) counts[r.requirement] = (counts[r.requirement] ?? 0) + 1;
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => (a < b ? -1 : 1)));
}
