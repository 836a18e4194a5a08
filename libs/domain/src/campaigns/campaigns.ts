import type { Campaign } from './campaign.js';
import type { Requirement } from './requirement.js';
import { ONE_MIND } from './one-mind.js';
import { TRUST_BUILDING } from './trust-building.js';

/** Every campaign the engine knows, One Mind first (today's routes mean it). */
export const CAMPAIGNS: readonly Campaign[] = [ONE_MIND, TRUST_BUILDING];

/** The campaign a rule set belongs to (`one-mind-2023` → `one-mind`); null for an unknown id. */
export function campaignOfRuleSet(
  ruleSetId: string,
  campaigns: readonly Campaign[] = CAMPAIGNS,
): string | null {
  return campaigns.find((c) => c.ruleSets.some((r) => r.id === ruleSetId))?.campaignId ?? null;
}

/** The rule-set ids of a campaign: what "agencies of this campaign" means in the read models. */
export function ruleSetIdsOf(campaignId: string, campaigns: readonly Campaign[] = CAMPAIGNS): string[] {
  return campaigns.find((c) => c.campaignId === campaignId)?.ruleSets.map((r) => r.id) ?? [];
}

export interface CampaignDescription {
  campaignId: string;
  title: string;
  ruleSets: { ruleSetId: string; title: string; from: string; requirements: readonly Requirement[] }[];
}

/** The campaigns as `GET /v1/campaigns` shows them (API-next.md): the requirements are the data itself. */
export function describeCampaigns(campaigns: readonly Campaign[] = CAMPAIGNS): CampaignDescription[] {
  return campaigns.map((c) => ({
    campaignId: c.campaignId,
    title: c.title,
    ruleSets: c.ruleSets.map((r) => ({
      ruleSetId: r.id,
      title: r.title,
      from: r.from,
      requirements: r.requirements,
    })),
  }));
}
