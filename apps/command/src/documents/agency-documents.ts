import { DEFAULT_CAMPAIGN, campaignOfEvent, ruleSet as ruleSetOf } from '#domain';
import type { EventStore } from '#event-store';
import {
  agencyStream,
  decodeAgencyEvent,
  type AgencyEvent,
  type PledgeTakenData,
  type RuleSetId,
} from '#events';

export interface ApprovalFacts {
  agencyName: string;
  /** The approved cycle's rule set: the documents name its campaign. */
  ruleSet: RuleSetId;
  signatory: PledgeTakenData['signatory'];
  certificateNumber: string;
  verificationCode: string;
  effectiveOn: string;
  approvedAt: string;
}

async function agencyEvents(store: EventStore, agencyId: string): Promise<AgencyEvent[]> {
  return (await store.readStream(agencyStream(agencyId))).map(decodeAgencyEvent);
}

/**
 * Each event with the campaign it belongs to (issue 18 item 3): its own `campaignId`, else the
 * agency's first campaign, the campaign of its first pledge's rule set.
 */
function withCampaigns(events: AgencyEvent[]): { e: AgencyEvent; campaignId: string | null }[] {
  let primary: string | null = null;
  return events.map((e) => {
    if (primary === null && e.type === 'PledgeTaken' && e.data.campaignId === undefined)
      primary = ruleSetOf(e.data.ruleSet).campaign;
    return { e, campaignId: campaignOfEvent(primary, e) };
  });
}

/**
 * What the documents print, read from the log: the approval and the pledge of its cycle — of its
 * campaign's cycle, when the agency takes part in several.
 */
export async function approvalFacts(
  store: EventStore,
  agencyId: string,
  certificateNumber: string,
): Promise<ApprovalFacts | null> {
  const pledges = new Map<string | null, { pledge: PledgeTakenData; ruleSet: RuleSetId }>();
  for (const { e, campaignId } of withCampaigns(await agencyEvents(store, agencyId))) {
    if (e.type === 'PledgeTaken') pledges.set(campaignId, { pledge: e.data, ruleSet: e.data.ruleSet });
    const cycle = pledges.get(campaignId);
    if (e.type === 'RecertificationStarted' && cycle) cycle.ruleSet = e.data.ruleSet;
    if (e.type === 'CertificationApproved' && e.data.certificateNumber === certificateNumber && cycle) {
      const { verificationCode, effectiveOn, approvedAt } = e.data;
      const { pledge, ruleSet } = cycle;
      return {
        agencyName: pledge.name,
        ruleSet,
        signatory: pledge.signatory,
        certificateNumber,
        verificationCode,
        effectiveOn,
        approvedAt,
      };
    }
  }
  return null;
}

/**
 * The SHA-256 of the current cycle's certificate or letter: the latest issue event of the cycle of
 * the latest pledge, so a new pledge after a revocation has no documents until its own approval.
 * `campaignId`: the campaign's cycle; absent, One Mind's if the agency joined it, else its first
 * campaign's (as the routes without a campaign mean).
 */
export async function issuedDocument(
  store: EventStore,
  agencyId: string,
  kind: 'certificate' | 'letter',
  campaignId?: string,
): Promise<string | null> {
  const events = withCampaigns(await agencyEvents(store, agencyId));
  const joined = new Set(events.map((x) => x.campaignId));
  const wantedCampaign =
    campaignId ?? (joined.has(DEFAULT_CAMPAIGN) ? DEFAULT_CAMPAIGN : (events[0]?.campaignId ?? null));
  let cycle = -1;
  let sha256: string | null = null;
  for (const { e, campaignId: of } of events) {
    if (of !== wantedCampaign) continue;
    if (e.type === 'PledgeTaken') [cycle, sha256] = [e.data.cycle, null];
    const wanted = kind === 'certificate' ? 'CertificateIssued' : 'PresidentialLetterIssued';
    if (e.type === wanted && e.data.cycle === cycle) sha256 = e.data.sha256;
  }
  return sha256;
}
