import type { RuleSetId, TrainingClass } from '#events';

/** What a submission is judged on, each reviewed by staff on its own (DOMAIN.md "Second round"). */
export type RequirementId = 'partnership' | 'policy' | 'training';

/**
 * How a campaign judges an agency, as data (DOMAIN.md "Rule sets are versioned data"). A pledge
 * records its rule set so that an auditor replaying a 2018 pledge sees it judged by the 2018 rule.
 */
export interface RuleSet {
  id: RuleSetId;
  title: string;
  commitmentMonths: { min: number; max: number; default: number };
  /** Days before the deadline at which the agency contact is reminded. */
  reminderOffsetsDays: readonly number[];
  /** Share of sworn officers who must hold a crisis-intervention class. */
  crisisMinimumRatio: number;
  /** Which classes make an officer "covered" (counted toward the 100 %). */
  coveredBy: readonly TrainingClass[];
  /** The requirements staff review one by one before approving (the evaluation's three parts). */
  requirements: readonly RequirementId[];
}

export const RULE_SETS: Readonly<Record<RuleSetId, RuleSet>> = {
  'one-mind-2016': {
    id: 'one-mind-2016',
    title: 'One Mind Pledge (2016): MHFA for 100 % of sworn officers and CIT for at least 20 %',
    commitmentMonths: { min: 12, max: 36, default: 36 },
    reminderOffsetsDays: [180, 90, 30, 7],
    crisisMinimumRatio: 0.2,
    coveredBy: ['awareness'],
    requirements: ['partnership', 'policy', 'training'],
  },
  'one-mind-2023': {
    id: 'one-mind-2023',
    title: 'One Mind Pledge (2023): crisis class for at least 20 %, crisis or awareness class for everyone',
    commitmentMonths: { min: 12, max: 36, default: 36 },
    reminderOffsetsDays: [180, 90, 30, 7],
    crisisMinimumRatio: 0.2,
    coveredBy: ['crisis', 'awareness'],
    requirements: ['partnership', 'policy', 'training'],
  },
};

export const DEFAULT_RULE_SET: RuleSetId = 'one-mind-2023';

/** Own keys only: an id that is not a rule set (`constructor`) must not find Object's members. */
export function ruleSet(id: RuleSetId): RuleSet {
  if (!Object.hasOwn(RULE_SETS, id)) throw new Error(`unknown rule set "${id}"`);
  return RULE_SETS[id];
}

/**
 * ceil(ratio × sworn) in integer arithmetic: 0.2 × 95 is 19.000000000000004 in floating point,
 * which a naive Math.ceil would turn into 20.
 */
export function crisisRequired(rule: RuleSet, sworn: number): number {
  const micros = Math.round(rule.crisisMinimumRatio * 1_000_000);
  return Math.ceil((micros * sworn) / 1_000_000 - 1e-9);
}
