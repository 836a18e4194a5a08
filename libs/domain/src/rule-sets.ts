import type { RuleSetId } from '#events';
import { reviewItems, type Requirement } from './campaigns/requirement.js';
import { ONE_MIND } from './campaigns/one-mind.js';
import { TRUST_BUILDING } from './campaigns/trust-building.js';
import { addMonths } from './dates.js';

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
  /** How long a certification lasts; absent: it never expires (One Mind 2016). */
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
  'trust-building-2022': { ...TRUST_BUILDING.ruleSets[0], id: 'trust-building-2022' },
};

/** The campaign every agency route without a campaign in its path means (API-next.md). */
export const DEFAULT_CAMPAIGN = 'one-mind';

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

/**
 * The rule set of a campaign in force on `date`: the latest of the campaign's versions whose `from`
 * is on or before it (a pledge without a rule set and a recertification are judged by it); before
 * the first version, the first. One Mind's unless a campaign is given.
 */
export function ruleSetInForce(date: string, campaignId: string = DEFAULT_CAMPAIGN): RuleSet {
  const versions = Object.values(RULE_SETS)
    .filter((r) => r.campaign === campaignId)
    .sort((a, b) => (a.from < b.from ? -1 : 1));
  if (versions.length === 0) throw new Error(`no pledgeable rule set of campaign "${campaignId}"`);
  return versions.filter((r) => r.from <= date).at(-1) ?? versions[0];
}

/**
 * The last day a certification effective on `effectiveOn` is valid (after it the status becomes
 * `expired`); undefined when the rule set sets no term (One Mind 2016: never expires).
 */
export function certificationExpiresOn(
  rule: Pick<CampaignRuleSet, 'validForMonths'>,
  effectiveOn: string,
): string | undefined {
  return rule.validForMonths === undefined ? undefined : addMonths(effectiveOn, rule.validForMonths);
}
