import { thirdCampaignData } from '#testing';
import { fold } from '../decider.js';
import { DomainError } from '../errors.js';
import type { Campaign } from './campaign.js';
import { parseCampaignData } from './campaign-data.js';
import { CAMPAIGNS, describeRuleSet } from './campaigns.js';
import { campaignsDecider } from './published-campaigns.js';
import { TRUST_BUILDING } from './trust-building.js';

const thirdCampaign = (): Campaign => {
  const out = parseCampaignData(thirdCampaignData());
  if (!out.ok) throw new Error('the test data file is not a valid campaign');
  return out.campaign;
};
const publish = (campaign: Campaign) => ({ type: 'PublishCampaign' as const, data: { campaign } });
const decide = (campaign: Campaign, state = campaignsDecider.initialState()) =>
  campaignsDecider.decide(publish(campaign), state, undefined);
const refusal = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    if (e instanceof DomainError) return e.code;
    throw e;
  }
  throw new Error('expected a refusal');
};

describe('the campaigns stream (issue 18 item 7): campaigns and rule-set versions published as data', () => {
  it('starts from the built-in campaigns', () => {
    expect(campaignsDecider.initialState()).toBe(CAMPAIGNS);
  });

  it('publishing a new campaign records each rule set; the fold knows the campaign afterwards', () => {
    const third = thirdCampaign();
    const events = decide(third);
    expect(events).toEqual([
      {
        type: 'RuleSetPublished',
        data: {
          campaignId: 'officer-wellness',
          campaignTitle: third.title,
          sources: third.sources,
          ruleSet: JSON.parse(JSON.stringify(describeRuleSet(third.ruleSets[0]))),
        },
      },
    ]);
    const state = fold(campaignsDecider, events, campaignsDecider.initialState());
    expect(state.map((c) => c.campaignId)).toEqual(['one-mind', 'trust-building', 'officer-wellness']);
    expect(state.at(-1)).toEqual(third);
    // A repeat (a retried request, a re-run of the same file) records nothing.
    expect(decide(third, state)).toEqual([]);
  });

  it('a new version of a built-in campaign is recorded; the versions already known are left as they are', () => {
    const v2023 = {
      ...TRUST_BUILDING.ruleSets[0],
      id: 'trust-building-2026',
      from: '2026-07-01',
      requirements: TRUST_BUILDING.ruleSets[0].requirements.map((r) => {
        if (r.kind !== 'practice' || r.number !== 14) return r;
        const { confirm: _confirmed, ...rest } = r; // staff confirmed the wording
        return { ...rest, text: 'Confirmed wording.' };
      }),
    };
    const campaign = { ...TRUST_BUILDING, ruleSets: [...TRUST_BUILDING.ruleSets, v2023] };
    const events = decide(campaign);
    expect(events.map((e) => e.data.ruleSet.ruleSetId)).toEqual(['trust-building-2026']);
    const state = fold(campaignsDecider, events, campaignsDecider.initialState());
    const tb = state.find((c) => c.campaignId === 'trust-building')!;
    expect(tb.ruleSets.map((r) => r.id)).toEqual(['trust-building-2022', 'trust-building-2026']);
    expect(tb.ruleSets[1].requirements[13]).toMatchObject({ text: 'Confirmed wording.' });
    expect(tb.ruleSets[1].requirements[13]).not.toHaveProperty('confirm');
  });

  it('a published rule set never changes: other content under a known id is refused', () => {
    const changed = {
      ...TRUST_BUILDING,
      ruleSets: [{ ...TRUST_BUILDING.ruleSets[0], validForMonths: 48 }],
    };
    expect(refusal(() => decide(changed))).toBe('rule-set-immutable');
  });

  it("refuses a rule set id that is another campaign's, and a version not after the latest", () => {
    const third = thirdCampaign();
    const stolen = { ...third, ruleSets: [{ ...third.ruleSets[0], id: 'one-mind-2023' }] };
    expect(refusal(() => decide(stolen))).toBe('rule-set-id-taken');
    const old = {
      ...TRUST_BUILDING,
      ruleSets: [{ ...TRUST_BUILDING.ruleSets[0], id: 'trust-building-2021', from: '2021-06-01' }],
    };
    expect(refusal(() => decide(old))).toBe('rule-set-out-of-order');
  });

  it('reading back a RuleSetPublished that holds no valid rule set fails loudly (a log this engine did not write)', () => {
    const bad = {
      type: 'RuleSetPublished' as const,
      data: { campaignId: 'x-campaign', campaignTitle: 'X', sources: [], ruleSet: { id: 'x-1' } },
    };
    expect(() => campaignsDecider.evolve(CAMPAIGNS, bad)).toThrow(/does not hold a valid rule set/);
  });
});
