import type { CampaignEvent, StoredEvent } from '#events';
import { canonicalJson, decodeCampaignEvent } from '#events';
import type { CampaignRuleSet } from './campaign.js';
import type { Campaign } from './campaign.js';
import { CAMPAIGNS } from './campaigns.js';
import { evolveCampaigns } from './published-campaigns.js';

/**
 * The campaigns this process knows: the built-in ones and those published on the `campaigns`
 * stream (issue 18 item 7, ADR 0009). Module state, and still a function of the log: a rule set is
 * immutable once published and published rule sets are only ever added, so a lookup by id that
 * succeeds gives the same answer in every process at every time. What differs between processes is
 * only *when* they learn a new one; every reader learns from the log before it can meet a reference
 * to it (subscribers learn from the events as they pass, in log order; the command app at start,
 * after a publication and on a miss), so a miss means "published by another instance a moment ago".
 */
let known: readonly Campaign[] = CAMPAIGNS;
let byRuleSet = indexRuleSets(known);

function indexRuleSets(campaigns: readonly Campaign[]): Map<string, CampaignRuleSet> {
  return new Map(campaigns.flatMap((c) => c.ruleSets.map((r) => [r.id, r] as const)));
}

/** A rule set id no campaign of this process holds (yet): see refresh-on-miss in the command app. */
export class UnknownRuleSetError extends Error {
  constructor(readonly ruleSetId: string) {
    super(`unknown rule set "${ruleSetId.slice(0, 80)}"`);
    this.name = 'UnknownRuleSetError';
  }
}

export function knownCampaigns(): readonly Campaign[] {
  return known;
}

export function findCampaign(campaignId: string): Campaign | undefined {
  return known.find((c) => c.campaignId === campaignId);
}

export function findRuleSet(ruleSetId: string): CampaignRuleSet | undefined {
  return byRuleSet.get(ruleSetId);
}

/** Learns a RuleSetPublished; one already known (a replay, another subscriber's pass) changes nothing. */
export function learnRuleSetPublished(event: CampaignEvent): void {
  const already = byRuleSet.get(String(event.data.ruleSet.ruleSetId));
  const next = evolveCampaigns(known, event);
  const learnt = next.find((c) => c.campaignId === event.data.campaignId)!.ruleSets.at(-1)!;
  if (already) {
    // The same id with other content would mean two logs disagree: never decide on either.
    if (canonicalJson(already) !== canonicalJson(learnt))
      throw new Error(`rule set ${learnt.id} is published with other content than this process knows`);
    return;
  }
  known = next;
  byRuleSet = indexRuleSets(known);
}

/** Learns every RuleSetPublished among stored events (a page of the log, or the campaigns stream). */
export function learnFromEvents(
  events: Iterable<Pick<StoredEvent, 'type' | 'schemaVersion' | 'data'>>,
): number {
  let learnt = 0;
  for (const e of events)
    if (e.type === 'RuleSetPublished') {
      const before = byRuleSet.size;
      learnRuleSetPublished(decodeCampaignEvent(e));
      learnt += byRuleSet.size - before;
    }
  return learnt;
}

/** Tests only: back to the built-in campaigns (each test app starts from a fresh log). */
export function forgetPublishedCampaigns(): void {
  known = CAMPAIGNS;
  byRuleSet = indexRuleSets(known);
}
