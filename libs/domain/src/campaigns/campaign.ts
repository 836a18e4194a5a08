import type { RuleSetId } from '#events';
import type { Requirement } from './requirement.js';

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

/** A campaign: an id, a title and its rule sets, oldest first (DOMAIN.md "Campaigns are data"). */
export interface Campaign<R extends CampaignRuleSet = CampaignRuleSet> {
  campaignId: string;
  title: string;
  /** Where the campaign's wording comes from, for IACP staff checking the data. */
  sources: readonly string[];
  ruleSets: readonly R[];
}
