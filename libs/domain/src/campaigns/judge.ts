import type { TrainingClass } from '#events';
import type { Catalogue } from '../programs/catalogue.js';
import type { PartnershipRecord } from '../agency/agency.state.js';
import {
  isTraining,
  requiredCount,
  type EvidenceDocumentRequirement,
  type PartnershipRequirement,
  type PolicyRequirement,
  type PracticeRequirement,
  type Requirement,
  type TrainingCoverageRequirement,
  type TrainingRatioRequirement,
  type TrainingRequirement,
} from './requirement.js';
import { classesOn, swornOn, type RequirementRecords } from './records.js';

/** One requirement judged on one date, with the numbers behind the verdict. */
export type RequirementResult =
  | { kind: 'partnership'; requirement: PartnershipRequirement; met: boolean; active: number }
  | {
      kind: 'policy';
      requirement: PolicyRequirement;
      met: boolean;
      policyId: string | null;
      effectiveOn: string | null;
    }
  | {
      kind: 'training-ratio';
      requirement: TrainingRatioRequirement;
      met: boolean;
      sworn: number;
      counted: number;
      required: number;
    }
  | {
      kind: 'training-coverage';
      requirement: TrainingCoverageRequirement;
      met: boolean;
      sworn: number;
      covered: number;
      required: number;
    }
  | {
      kind: 'practice';
      requirement: PracticeRequirement;
      met: boolean;
      implementedOn: string | null;
      evidence: number;
    }
  | { kind: 'evidence'; requirement: EvidenceDocumentRequirement; met: boolean; attached: number };

export type ResultOf<K extends RequirementResult['kind']> = Extract<RequirementResult, { kind: K }>;

/** Sworn officers on the date and how many hold each class: reported whatever the rule set asks. */
export interface RosterTally {
  sworn: number;
  byClass: Record<TrainingClass, number>;
}

export interface Judgement {
  evaluatedOn: string;
  ruleSet: string;
  met: boolean;
  /** In the rule set's order, one per requirement. */
  results: RequirementResult[];
  roster: RosterTally;
}

/** What the evaluator needs of a rule set: which one it is and what it requires. */
export interface Judged {
  id: string;
  requirements: readonly Requirement[];
}

/**
 * The single source of truth for "does this agency meet this rule set on this date", for any rule
 * set written as typed requirements. The decider, the agency view and the reminders all come here;
 * numbers are always recomputed from the records, never stored as a flag (hiring can make a
 * compliant agency non-compliant).
 */
export function judge(
  rule: Judged,
  records: RequirementRecords,
  date: string,
  catalogue: Catalogue,
): Judgement {
  const { roster, counts } = tallyRoster(rule.requirements.filter(isTraining), records, date, catalogue);
  const results = rule.requirements.map((r) => judgeOne(r, records, date, roster, counts));
  return { evaluatedOn: date, ruleSet: rule.id, met: results.every((r) => r.met), results, roster };
}

function judgeOne(
  r: Requirement,
  records: RequirementRecords,
  date: string,
  roster: RosterTally,
  counts: ReadonlyMap<TrainingRequirement, number>,
): RequirementResult {
  const { sworn } = roster;
  switch (r.kind) {
    case 'partnership': {
      let active = 0;
      for (const p of records.partnerships.values()) if (partnershipCounts(r, p, date)) active += 1;
      return { kind: r.kind, requirement: r, met: active > 0, active };
    }
    case 'policy': {
      const policy = policyInEffect(records, date);
      return {
        kind: r.kind,
        requirement: r,
        met: policy !== null,
        policyId: policy?.policyId ?? null,
        effectiveOn: policy?.effectiveOn ?? null,
      };
    }
    // An empty roster meets no training requirement: 0 of 0 is not "everyone trained".
    case 'training-ratio': {
      const counted = counts.get(r) ?? 0;
      const required = requiredCount(r.minimumShare, sworn);
      return {
        kind: r.kind,
        requirement: r,
        met: sworn > 0 && counted >= required,
        sworn,
        counted,
        required,
      };
    }
    case 'training-coverage': {
      const covered = counts.get(r) ?? 0;
      const required = requiredCount(r.share, sworn);
      return {
        kind: r.kind,
        requirement: r,
        met: sworn > 0 && covered >= required,
        sworn,
        covered,
        required,
      };
    }
    case 'practice': {
      const p = records.practices?.get(r.id);
      const implementedOn = p && p.implementedOn <= date ? p.implementedOn : null;
      const evidence = implementedOn ? (p?.evidenceIds.length ?? 0) : 0;
      return {
        kind: r.kind,
        requirement: r,
        met: implementedOn !== null && evidence > 0,
        implementedOn,
        evidence,
      };
    }
    case 'evidence': {
      let attached = 0;
      for (const e of records.evidence?.values() ?? []) if (e.requirement === r.document) attached += 1;
      return { kind: r.kind, requirement: r, met: attached > 0, attached };
    }
  }
}

/** A partner of a kind the requirement names, established by `date` and not ended by then. */
export function partnershipCounts(r: PartnershipRequirement, p: PartnershipRecord, date: string): boolean {
  return (
    r.partnerTypes.includes(p.partnerType) &&
    p.establishedOn <= date &&
    (p.endedOn === undefined || p.endedOn > date)
  );
}

/** The policy adopted and in effect on `date` with the latest effective date (the later one on a tie). */
function policyInEffect(records: RequirementRecords, date: string) {
  let policy: { policyId: string; effectiveOn: string } | null = null;
  for (const [policyId, p] of records.policies) {
    if (p.adoptedOn <= date && p.effectiveOn <= date && (!policy || p.effectiveOn >= policy.effectiveOn))
      policy = { policyId, effectiveOn: p.effectiveOn };
  }
  return policy;
}

/** An officer with these classes meets a training requirement when one of its classes is among them. */
export function holdsOneOf(r: TrainingRequirement, classes: ReadonlySet<TrainingClass>): boolean {
  return r.classes.some((c) => classes.has(c));
}

/** One pass over the roster (32,300 officers for New York) for every training requirement at once. */
function tallyRoster(
  training: readonly TrainingRequirement[],
  records: RequirementRecords,
  date: string,
  catalogue: Catalogue,
) {
  const roster: RosterTally = { sworn: 0, byClass: { crisis: 0, awareness: 0 } };
  // Counted in an array, not the map: this loop is the evaluation's whole cost on a large roster.
  const tally = training.map(() => 0);
  for (const officer of records.officers.values()) {
    if (!swornOn(officer, date)) continue;
    roster.sworn += 1;
    const classes = classesOn(officer, date, catalogue);
    for (const c of classes) roster.byClass[c] += 1;
    for (let i = 0; i < training.length; i += 1) if (holdsOneOf(training[i], classes)) tally[i] += 1;
  }
  return { roster, counts: new Map(training.map((r, i) => [r, tally[i]])) };
}

/** Covered in the sense of the rule set: the officer meets every coverage requirement it has. */
export function isCovered(rule: Judged, classes: ReadonlySet<TrainingClass>): boolean {
  const coverage = rule.requirements.filter((r) => r.kind === 'training-coverage');
  return coverage.length > 0 && coverage.every((r) => holdsOneOf(r, classes));
}

/** The first result of a kind (the legacy snapshot and the messages read them by kind). */
export function firstResult<K extends RequirementResult['kind']>(
  j: Judgement,
  kind: K,
): ResultOf<K> | undefined {
  return j.results.find((r): r is ResultOf<K> => r.kind === kind);
}
