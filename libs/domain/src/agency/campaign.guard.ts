import { DomainError } from '../errors.js';
import { findCampaign } from '../campaigns/registry.js';
import type { Campaign } from '../campaigns/campaign.js';
import { DEFAULT_CAMPAIGN } from '../rule-sets.js';

/** A campaign the engine knows, or `campaign-not-found` (a path segment naming none). */
export function knownCampaign(campaignId: string): Campaign {
  const campaign = findCampaign(campaignId);
  // The id is not echoed: it is the caller's path segment, possibly hostile.
  if (!campaign) throw new DomainError('campaign-not-found', 'no such campaign');
  return campaign;
}

/**
 * A command naming a campaign (in its route; absent means One Mind, as every route without one
 * does). The decider has already chosen the cycle of that campaign (campaign-cycles.ts) and refused
 * a campaign the agency has not joined (`campaign-not-joined`), so only the campaign itself is
 * left to check here.
 */
export function requireCampaign(campaignId: string = DEFAULT_CAMPAIGN): Campaign {
  return knownCampaign(campaignId);
}

/** How refusals name the campaign: "One Mind" as they always have, another campaign by its title. */
export function campaignName(campaign: Campaign): string {
  return campaign.campaignId === DEFAULT_CAMPAIGN ? 'One Mind' : campaign.title;
}
