import type { CampaignRuleSet } from '../rule-sets.js';

/** A campaign: an id, a title and its rule sets, oldest first (DOMAIN.md "Campaigns are data"). */
export interface Campaign<R extends CampaignRuleSet = CampaignRuleSet> {
  campaignId: string;
  title: string;
  /** Where the campaign's wording comes from, for IACP staff checking the data. */
  sources: readonly string[];
  ruleSets: readonly R[];
}
