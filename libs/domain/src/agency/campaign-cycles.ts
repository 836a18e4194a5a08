import type { AgencyEvent } from '#events';
import { isCycleEvent } from '#events';
import { DEFAULT_CAMPAIGN, ruleSet } from '../rule-sets.js';
import type { AgencyCycle, AgencyState } from './agency.state.js';

/**
 * One agency, several campaigns (issue 18 item 3, ADR 0008). The agency's stream holds its records
 * once and a cycle per campaign it joined. The FIRST campaign's cycle is the state itself, exactly
 * as before agencies could join several, and its events name no campaign; every later campaign's
 * cycle is kept in `state.campaigns` and its events carry `campaignId`. So a stored event without
 * a campaign means the first campaign (One Mind for every stream written before), no upcaster
 * changes a byte, and a single-campaign agency's state, events and jobs are what they were.
 */

/** The campaign of the agency's first pledge; null before it. */
export function primaryCampaign(state: AgencyState): string | null {
  return state.status === 'none' ? null : ruleSet(state.ruleSet).campaign;
}

/** Whether the agency has a cycle (of whatever status) in the campaign. */
export function hasJoined(state: AgencyState, campaignId: string): boolean {
  return primaryCampaign(state) === campaignId || state.campaigns.has(campaignId);
}

/**
 * The agency as one campaign sees it: the agency's records (and its bookkeeping of sent
 * notifications) with that campaign's cycle, or with no cycle (`none`) if it has not joined. The
 * deciders and the evaluation read this, so each rule runs unchanged on any campaign's cycle.
 */
export function cycleView(state: AgencyState, campaignId: string): AgencyState {
  if (state.status === 'none' || primaryCampaign(state) === campaignId) return state;
  const { partnerships, policies, evidence, practices, officers, campaigns, notificationsSent } = state;
  const records = { partnerships, policies, evidence, practices, officers, campaigns };
  const cycle = campaigns.get(campaignId);
  if (!cycle) return { status: 'none', cycle: 0, ...records };
  return { ...cycle, ...records, notificationsSent };
}

/** Every campaign the agency joined, first campaign first, each as `cycleView` shows it. */
export function campaignCycles(state: AgencyState): { campaignId: string; view: AgencyCycle }[] {
  if (state.status === 'none') return [];
  const first = { campaignId: ruleSet(state.ruleSet).campaign, view: state };
  const others = [...state.campaigns.keys()].map((campaignId) => ({
    campaignId,
    view: cycleView(state, campaignId) as AgencyCycle,
  }));
  return [first, ...others];
}

/** The campaign an event belongs to: its own `campaignId`, else the agency's first campaign. */
export function campaignOfEvent(primary: string | null, event: AgencyEvent): string | null {
  return (isCycleEvent(event) ? event.data.campaignId : undefined) ?? primary;
}

/**
 * The campaign a cycle command without one in its route acts on: One Mind if the agency joined it
 * (the routes without a campaign are One Mind's), else its first campaign — so an agency that only
 * ever joined another campaign keeps working on the routes it has always used.
 */
export function defaultCampaignOf(state: AgencyState): string {
  return hasJoined(state, DEFAULT_CAMPAIGN) ? DEFAULT_CAMPAIGN : (primaryCampaign(state) ?? DEFAULT_CAMPAIGN);
}
