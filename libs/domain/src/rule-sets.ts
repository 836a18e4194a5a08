import type { RuleSetId } from '#events';
import { reviewItems, type Requirement } from './campaigns/requirement.js';
import { findCampaign, findRuleSet, UnknownRuleSetError } from './campaigns/registry.js';
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

/** The campaign every agency route without a campaign in its path means (API-next.md). */
export const DEFAULT_CAMPAIGN = 'one-mind';

export const DEFAULT_RULE_SET: RuleSetId = 'one-mind-2023';

/**
 * The rule set of that id, built in or published (campaigns/registry.ts). A Map lookup: an id that
 * is not a rule set (`constructor`) finds nothing. Throws UnknownRuleSetError for an id this process
 * has not learnt: the command app refreshes from the log and tries again.
 */
export function ruleSet(id: RuleSetId): RuleSet {
  const found = findRuleSet(id);
  if (!found) throw new UnknownRuleSetError(id);
  return found as RuleSet;
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
  const versions = [...(findCampaign(campaignId)?.ruleSets ?? [])].sort((a, b) => (a.from < b.from ? -1 : 1));
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
