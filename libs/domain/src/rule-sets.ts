import type { RuleSetId } from '#events';
import { reviewItems, type Requirement } from './campaigns/requirement.js';
import { ONE_MIND } from './campaigns/one-mind.js';

/**
 * How a campaign judges an agency, as data (DOMAIN.md "Rule sets are versioned data"). A pledge
 * records its rule set so that an auditor replaying a 2018 pledge sees it judged by the 2018 rule.
 */
export interface CampaignRuleSet {
  id: string;
  campaign: string;
  title: string;
  /** The day this version came into force (a new cycle is judged by the one in force on its day). */
  from: string;
  commitmentMonths: { min: number; max: number; default: number };
  /** Days before the deadline at which the agency contact is reminded. */
  reminderOffsetsDays: readonly number[];
  /** How long a certification lasts; absent: it never expires (One Mind 2016). Data only so far. */
  validForMonths?: number;
  /** What the agency must meet, judged by `judge` and reviewed item by item by staff. */
  requirements: readonly Requirement[];
}

/** A rule set an agency can pledge to today: pledges and evaluation snapshots name it. */
export interface RuleSet extends CampaignRuleSet {
  id: RuleSetId;
}

export const RULE_SETS: Readonly<Record<RuleSetId, RuleSet>> = {
  'one-mind-2016': ONE_MIND.ruleSets[0],
  'one-mind-2023': ONE_MIND.ruleSets[1],
};

export const DEFAULT_RULE_SET: RuleSetId = 'one-mind-2023';

/** Own keys only: an id that is not a rule set (`constructor`) must not find Object's members. */
export function ruleSet(id: RuleSetId): RuleSet {
  if (!Object.hasOwn(RULE_SETS, id)) throw new Error(`unknown rule set "${id}"`);
  return RULE_SETS[id];
}

/** The items staff review one by one before approving, in the rule set's order. */
export function reviewItemsOf(rule: CampaignRuleSet): string[] {
  return reviewItems(rule.requirements);
}
