import type { EvaluationSnapshot, TrainingClass } from '#events';
import { recognizedOn, type Catalogue } from '../programs/catalogue.js';
import type { OfficerRecord, PartnershipRecord, PolicyRecord } from '../agency/agency.state.js';

/**
 * THE ORACLE: the evaluator as it was before rule sets became typed requirements (issue 18 item 1),
 * kept unchanged so that the property test can show the data-driven `judge` gives exactly the same
 * verdicts, numbers and messages. Product code must not use it.
 */
type Evaluation = EvaluationSnapshot;

/** The rule sets there were before campaigns: One Mind's two. */
export type LegacyRuleSetId = 'one-mind-2016' | 'one-mind-2023';

/** The two hard-wired parameters the old rule sets had. */
export interface LegacyRuleSet {
  id: LegacyRuleSetId;
  crisisMinimumRatio: number;
  coveredBy: readonly TrainingClass[];
}
export const LEGACY_RULE_SETS: Readonly<Record<LegacyRuleSetId, LegacyRuleSet>> = {
  'one-mind-2016': { id: 'one-mind-2016', crisisMinimumRatio: 0.2, coveredBy: ['awareness'] },
  'one-mind-2023': { id: 'one-mind-2023', crisisMinimumRatio: 0.2, coveredBy: ['crisis', 'awareness'] },
};

function crisisRequired(rule: LegacyRuleSet, sworn: number): number {
  const micros = Math.round(rule.crisisMinimumRatio * 1_000_000);
  return Math.ceil((micros * sworn) / 1_000_000 - 1e-9);
}

/**
 * What `evaluate` reads of an agency: its records, not its lifecycle. An AgencyState is one; the
 * query side builds one from the roster rows without rebuilding a whole state.
 */
interface RequirementRecords {
  partnerships: { values(): Iterable<PartnershipRecord> };
  /** Iterated in order: of two policies in effect on the same day, the later one counts. */
  policies: Iterable<[string, PolicyRecord]>;
  officers: { values(): Iterable<OfficerRecord> };
}

/** Only sworn officers on the roster on `date` count; non-sworn staff are reported, never counted. */
function swornOn(officer: OfficerRecord, date: string): boolean {
  return (
    officer.sworn &&
    officer.joinedOn <= date &&
    (officer.separatedOn === undefined || officer.separatedOn > date)
  );
}

/** Classes an officer holds on `date`, from records against programmes recognised by then. */
function classesOn(officer: OfficerRecord, date: string, catalogue: Catalogue): Set<TrainingClass> {
  const classes = new Set<TrainingClass>();
  for (const t of officer.trainings) {
    if (t.completedOn > date || (t.expiresOn !== undefined && t.expiresOn < date)) continue;
    const program = catalogue.get(t.programId);
    if (program && recognizedOn(program, date)) classes.add(program.class);
  }
  return classes;
}

function isCovered(rule: LegacyRuleSet, classes: Set<TrainingClass>): boolean {
  return rule.coveredBy.some((c) => classes.has(c));
}

/**
 * The single source of truth for "is this agency compliant on this date". The decider, the agency
 * view and the reminders all call this; numbers are always recomputed from the roster, never
 * stored as a flag (hiring can make a compliant agency non-compliant).
 */
export function legacyEvaluate(
  rule: LegacyRuleSet,
  state: RequirementRecords,
  date: string,
  catalogue: Catalogue,
): Evaluation {
  let active = 0;
  for (const p of state.partnerships.values()) {
    if (p.partnerType !== 'other' && p.establishedOn <= date && (p.endedOn === undefined || p.endedOn > date))
      active += 1;
  }
  let policy: { policyId: string; effectiveOn: string } | null = null;
  for (const [policyId, p] of state.policies) {
    if (p.adoptedOn <= date && p.effectiveOn <= date && (!policy || p.effectiveOn >= policy.effectiveOn)) {
      policy = { policyId, effectiveOn: p.effectiveOn };
    }
  }
  let sworn = 0,
    crisisTrained = 0,
    awarenessTrained = 0,
    covered = 0;
  for (const officer of state.officers.values()) {
    if (!swornOn(officer, date)) continue;
    sworn += 1;
    const classes = classesOn(officer, date, catalogue);
    if (classes.has('crisis')) crisisTrained += 1;
    if (classes.has('awareness')) awarenessTrained += 1;
    if (isCovered(rule, classes)) covered += 1;
  }
  const required = crisisRequired(rule, sworn);
  const trainingMet = sworn > 0 && crisisTrained >= required && covered === sworn;
  const partnershipMet = active > 0;
  return {
    evaluatedOn: date,
    ruleSet: rule.id,
    met: partnershipMet && policy !== null && trainingMet,
    partnership: { met: partnershipMet, active },
    policy: {
      met: policy !== null,
      policyId: policy?.policyId ?? null,
      effectiveOn: policy?.effectiveOn ?? null,
    },
    training: {
      met: trainingMet,
      sworn,
      crisisTrained,
      crisisRequired: required,
      awarenessTrained,
      covered,
      uncovered: sworn - covered,
    },
  };
}

/** Human sentences for what is still missing ("crisis intervention: 11 more officers"). */
export function legacyMissingRequirements(e: Evaluation): { path: string; message: string }[] {
  const out: { path: string; message: string }[] = [];
  if (!e.partnership.met)
    out.push({
      path: 'partnership',
      message: 'no active partnership with a community mental-health organisation',
    });
  if (!e.policy.met)
    out.push({ path: 'policy', message: 'no leading-practice policy adopted and in effect' });
  const t = e.training;
  if (t.sworn === 0) out.push({ path: 'training', message: 'no sworn officers on the roster' });
  if (t.crisisTrained < t.crisisRequired) {
    const more = t.crisisRequired - t.crisisTrained;
    out.push({
      path: 'training.crisis',
      message: `crisis: ${t.crisisTrained} of ${t.crisisRequired} required (${more} more officer${more === 1 ? '' : 's'} need${more === 1 ? 's' : ''} crisis-intervention training)`,
    });
  }
  if (t.uncovered > 0)
    out.push({
      path: 'training.coverage',
      message: `coverage: ${t.covered} of ${t.sworn} sworn officers trained (${t.uncovered} without a qualifying class)`,
    });
  return out;
}
