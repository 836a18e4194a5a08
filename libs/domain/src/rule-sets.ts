import type { RuleSetId } from '#events';
import { reviewItems } from './campaigns/requirement.js';
import type { CampaignRuleSet, RuleSet } from './campaigns/campaign.js';
import { findCampaign, findRuleSet, UnknownRuleSetError } from './campaigns/registry.js';
import { addMonths } from './dates.js';

// The shapes live with the campaign (campaigns/campaign.ts), so the campaign data files need not
// import this module, which reads the registry that holds them.
export type { CampaignRuleSet, RuleSet } from './campaigns/campaign.js';

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
