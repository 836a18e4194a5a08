import { DomainError } from '../errors.js';
import { findCampaign } from '../campaigns/registry.js';
import type { Campaign } from '../campaigns/campaign.js';
import { DEFAULT_CAMPAIGN, ruleSet } from '../rule-sets.js';
import type { AgencyState } from './agency.state.js';

/** A campaign the engine knows, or `campaign-not-found` (a path segment naming none). */
export function knownCampaign(campaignId: string): Campaign {
  const campaign = findCampaign(campaignId);
  // The id is not echoed: it is the caller's path segment, possibly hostile.
  if (!campaign) throw new DomainError('campaign-not-found', 'no such campaign');
  return campaign;
}

/** The campaign of the agency's cycles: the one its rule set belongs to; null before the first pledge. */
export function campaignOfAgency(state: AgencyState): string | null {
  return state.status === 'none' ? null : ruleSet(state.ruleSet).campaign;
}

/**
 * A command naming a campaign (in its route; absent means One Mind, as every route without one
 * does) acts on the agency's cycle only if that cycle is of that campaign. One stream holds one
 * campaign's cycle until agencies may join several campaigns: the agency's first pledge fixes it,
 * and a command for another campaign is refused (`campaign-not-joined`) rather than acting on the
 * wrong cycle. An agency without a pledge has no campaign yet: any is fine.
 */
export function requireCampaign(state: AgencyState, campaignId: string = DEFAULT_CAMPAIGN): Campaign {
  const campaign = knownCampaign(campaignId);
  const own = campaignOfAgency(state);
  if (own !== null && own !== campaign.campaignId)
    throw new DomainError(
      'campaign-not-joined',
      `this agency takes part in the ${own} campaign, not ${campaign.campaignId}: an agency takes part in one campaign for now`,
      [{ path: 'campaignId', message: `the agency's campaign is ${own}` }],
    );
  return campaign;
}

/** How refusals name the campaign: "One Mind" as they always have, another campaign by its title. */
export function campaignName(campaign: Campaign): string {
  return campaign.campaignId === DEFAULT_CAMPAIGN ? 'One Mind' : campaign.title;
}
