import { canonicalJson, decodeCampaignEvent, type CampaignEvent } from '#events';
import type { Decider } from '../decider.js';
import { DomainError } from '../errors.js';
import type { CampaignRuleSet } from './campaign.js';
import type { Campaign } from './campaign.js';
import type { CampaignCommand, PublishCampaign } from './campaign.commands.js';
import { parseRuleSetData } from './campaign-data.js';
import { CAMPAIGNS, describeRuleSet } from './campaigns.js';

/**
 * The campaigns the engine knows: the built-in ones (code) and what staff published since (the
 * `campaigns` stream, issue 18 item 7). A list in publication order: a handful of events a year.
 */
export type KnownCampaigns = readonly Campaign[];

export function evolveCampaigns(state: KnownCampaigns, event: CampaignEvent): KnownCampaigns {
  switch (event.type) {
    case 'RuleSetPublished': {
      const { campaignId, campaignTitle, sources } = event.data;
      const parsed = parseRuleSetData(event.data.ruleSet, campaignId);
      // The event was checked before it was written and the hash chain vouches for it, so this only
      // fails on a log written by something else than this engine.
      if (!parsed.ok)
        throw new Error(
          `RuleSetPublished for ${campaignId} does not hold a valid rule set: ${parsed.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
        );
      const existing = state.find((c) => c.campaignId === campaignId);
      const campaign: Campaign = {
        campaignId,
        title: campaignTitle,
        sources,
        ruleSets: [...(existing?.ruleSets ?? []), parsed.ruleSet],
      };
      return existing ? state.map((c) => (c === existing ? campaign : c)) : [...state, campaign];
    }
  }
}

const same = (a: CampaignRuleSet, b: CampaignRuleSet) => canonicalJson(a) === canonicalJson(b);

/**
 * Publishing a campaign records each rule set it holds that the engine does not know yet. A rule
 * set the engine knows must be exactly what it was: agencies were judged by it, and an auditor
 * replaying them must find the same rule. A repeat of a publication records nothing.
 */
export function publishCampaign(command: PublishCampaign, state: KnownCampaigns): CampaignEvent[] {
  const { campaign } = command.data;
  const existing = state.find((c) => c.campaignId === campaign.campaignId);
  const owner = new Map(state.flatMap((c) => c.ruleSets.map((r) => [r.id, c] as const)));
  let latest =
    existing?.ruleSets
      .map((r) => r.from)
      .sort()
      .at(-1) ?? '';
  const events: CampaignEvent[] = [];
  for (const ruleSet of campaign.ruleSets) {
    const holder = owner.get(ruleSet.id);
    if (holder && holder.campaignId !== campaign.campaignId)
      throw new DomainError(
        'rule-set-id-taken',
        `the rule set id ${ruleSet.id} belongs to ${holder.campaignId}`,
        [{ path: 'ruleSets', message: `${ruleSet.id} is taken` }],
      );
    const known = existing?.ruleSets.find((r) => r.id === ruleSet.id);
    if (known) {
      if (!same(known, ruleSet))
        throw new DomainError(
          'rule-set-immutable',
          `the rule set ${ruleSet.id} is already published with other content; publish the change as a new version (a new id and a later "from")`,
          [{ path: 'ruleSets', message: `${ruleSet.id} differs from the published one` }],
        );
      continue;
    }
    if (ruleSet.from <= latest)
      throw new DomainError(
        'rule-set-out-of-order',
        `a new version of ${campaign.campaignId} must come into force after its latest one (${latest})`,
        [{ path: 'ruleSets', message: `${ruleSet.id} is from ${ruleSet.from}` }],
      );
    latest = ruleSet.from;
    events.push({
      type: 'RuleSetPublished',
      data: {
        campaignId: campaign.campaignId,
        campaignTitle: campaign.title,
        sources: [...campaign.sources],
        // The published form: what GET /v1/campaigns shows and parseRuleSetData reads back.
        ruleSet: JSON.parse(JSON.stringify(describeRuleSet(ruleSet))) as Record<string, unknown>,
      },
    });
  }
  return events;
}

export function decideCampaigns(command: CampaignCommand, state: KnownCampaigns): CampaignEvent[] {
  switch (command.type) {
    case 'PublishCampaign':
      return publishCampaign(command, state);
  }
}

// Deciding needs neither the clock nor randomness: a rule set carries its own dates.
export const campaignsDecider: Decider<CampaignCommand, CampaignEvent, KnownCampaigns, unknown> = {
  decode: decodeCampaignEvent,
  initialState: () => CAMPAIGNS,
  evolve: evolveCampaigns,
  decide: decideCampaigns,
};
