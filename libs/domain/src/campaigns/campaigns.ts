import type { Campaign } from './campaign.js';
import type { Requirement } from './requirement.js';
import { ONE_MIND } from './one-mind.js';
import { TRUST_BUILDING } from './trust-building.js';

/** Every campaign the engine knows, One Mind first (today's routes mean it). */
export const CAMPAIGNS: readonly Campaign[] = [ONE_MIND, TRUST_BUILDING];

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
