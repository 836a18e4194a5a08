import type { Campaign, CampaignRuleSet } from './campaign.js';
import { ONE_MIND } from './one-mind.js';
import { TRUST_BUILDING } from './trust-building.js';

/** The built-in campaigns, One Mind first (today's routes mean it); with the published ones: registry.ts. */
export const CAMPAIGNS: readonly Campaign[] = [ONE_MIND, TRUST_BUILDING];

/** The campaign a rule set belongs to (`one-mind-2023` → `one-mind`); null for an unknown id. */
export function campaignOfRuleSet(ruleSetId: string, campaigns: readonly Campaign[]): string | null {
  return campaigns.find((c) => c.ruleSets.some((r) => r.id === ruleSetId))?.campaignId ?? null;
}

/** The rule-set ids of a campaign: what "agencies of this campaign" means in the read models. */
export function ruleSetIdsOf(campaignId: string, campaigns: readonly Campaign[]): string[] {
  return campaigns.find((c) => c.campaignId === campaignId)?.ruleSets.map((r) => r.id) ?? [];
}

/** A rule set as `GET /v1/campaigns` shows it and as staff publish one (`ruleSetId`, no `campaign`). */
export type RuleSetDescription = Omit<CampaignRuleSet, 'id' | 'campaign'> & { ruleSetId: string };

export interface CampaignDescription {
  campaignId: string;
  title: string;
  sources: readonly string[];
  ruleSets: RuleSetDescription[];
}

export function describeRuleSet(r: CampaignRuleSet): RuleSetDescription {
  return {
    ruleSetId: r.id,
    title: r.title,
    from: r.from,
    commitmentMonths: r.commitmentMonths,
    reminderOffsetsDays: r.reminderOffsetsDays,
    ...(r.validForMonths === undefined ? {} : { validForMonths: r.validForMonths }),
    requirements: r.requirements,
  };
}

/**
 * The campaigns as `GET /v1/campaigns` shows them (API-next.md): the requirements are the data
 * itself, and one item is exactly what `POST /v1/campaigns` takes back (edit, give a new version a
 * new id and a later `from`, publish).
 */
export function describeCampaigns(campaigns: readonly Campaign[]): CampaignDescription[] {
  return campaigns.map((c) => ({
    campaignId: c.campaignId,
    title: c.title,
    sources: c.sources,
    ruleSets: c.ruleSets.map(describeRuleSet),
  }));
}
