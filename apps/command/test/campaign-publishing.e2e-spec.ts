import { campaignsDecider, parseCampaignData } from '#domain';
import type { EventStore } from '#event-store';
import { CAMPAIGNS_STREAM } from '#events';
import { thirdCampaignData } from '#testing';
import { handleCommand } from '../src/infra/handle-command.js';
import { TestApp } from './support/test-app.js';

/**
 * Issue 18 item 7: staff add a campaign or a rule-set version as data, recorded as an event so that
 * auditors see when rules changed, never by editing code. Real HTTP, real SQLite.
 */
describe('publishing campaigns as data (e2e)', () => {
  const t = new TestApp();
  let store: EventStore;
  let staff: string;
  const post = (body: unknown, token?: string) => t.request('POST', '/v1/campaigns', { token, body });
  const recorded = async () => (await store.readStream(CAMPAIGNS_STREAM)).map((e) => e.data);
  const listed = async () => (await t.request('GET', '/v1/campaigns')).json as { campaignId: string }[];

  beforeAll(async () => {
    await t.start();
    store = await t.openLog();
    staff = await t.token('staff', 'alice@iacp');
  });
  afterAll(async () => {
    await store?.close();
    await t.stop();
  });

  it('only staff publish: 401 without a token, 403 for an agency or an auditor, nothing recorded', async () => {
    expect((await post(thirdCampaignData())).status).toBe(401);
    expect((await post(thirdCampaignData(), await t.token('agency', 'chief@x', 'tx-x-pd'))).status).toBe(403);
    expect((await post(thirdCampaignData(), await t.token('auditor', 'bob@audit'))).status).toBe(403);
    expect(await recorded()).toEqual([]);
  });

  it('refuses a campaign with problems: one 400 naming each with its path, nothing recorded', async () => {
    const data = thirdCampaignData();
    data.ruleSets[0].from = '2026-02-30';
    data.ruleSets[0].requirements[0].partnerTypez = ['community-health'];
    const res = await post(data, staff);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.json.errors).toEqual([
      { path: 'ruleSets[0].from', message: 'must be a calendar date YYYY-MM-DD' },
      expect.objectContaining({ path: 'ruleSets[0].requirements[0].partnerTypez' }),
    ]);
    expect(await recorded()).toEqual([]);
    expect((await post([], staff)).status).toBe(400);
    expect(await recorded()).toEqual([]);
  });

  it('a third campaign from a data file: published once, listed, its rule set exactly as sent', async () => {
    const data = thirdCampaignData();
    const res = await post(data, staff);
    expect(res.status).toBe(200);
    expect(res.json.events).toHaveLength(1);
    const events = await store.readStream(CAMPAIGNS_STREAM);
    expect(events.map((e) => [e.type, e.metadata.actor])).toEqual([
      ['RuleSetPublished', expect.objectContaining({ sub: 'alice@iacp', role: 'staff' })],
    ]);
    const campaigns = await listed();
    expect(campaigns.map((c) => c.campaignId)).toEqual(['one-mind', 'trust-building', 'officer-wellness']);
    // What GET shows is what was sent: staff can copy an item, edit it and publish it back.
    expect(campaigns[2]).toEqual(data);
    // The same publication again (a retry, a re-run of the file) appends nothing.
    const again = await post(data, staff);
    expect(again.status).toBe(200);
    expect(again.json.events).toEqual([]);
    expect(await recorded()).toHaveLength(1);
  });

  it('a new version of a built-in campaign is added after it; a published rule set never changes', async () => {
    const campaigns = await listed();
    const tb = structuredClone(campaigns[1]) as ReturnType<typeof thirdCampaignData>;
    const v2026 = structuredClone(tb.ruleSets[0]);
    v2026.ruleSetId = 'trust-building-2026';
    v2026.from = '2026-07-01';
    v2026.requirements[13].text = 'Wording confirmed by IACP staff.';
    delete v2026.requirements[13].confirm;
    tb.ruleSets.push(v2026);
    const res = await post(tb, staff);
    expect(res.status).toBe(200);
    expect(res.json.events).toHaveLength(1);
    const after = (await listed())[1] as ReturnType<typeof thirdCampaignData>;
    expect(after.ruleSets.map((r: { ruleSetId: string }) => r.ruleSetId)).toEqual([
      'trust-building-2022',
      'trust-building-2026',
    ]);

    const changed = structuredClone(after);
    changed.ruleSets[1].validForMonths = 48;
    const refused = await post(changed, staff);
    expect(refused.status).toBe(409);
    expect(refused.json.code).toBe('rule-set-immutable');

    const stolen = thirdCampaignData();
    stolen.ruleSets[0].ruleSetId = 'one-mind-2023';
    stolen.ruleSets[0].from = '2027-01-01';
    expect((await post(stolen, staff)).json.code).toBe('rule-set-id-taken');

    const backdated = thirdCampaignData();
    backdated.ruleSets = [
      { ...backdated.ruleSets[0], ruleSetId: 'officer-wellness-2025', from: '2025-01-01' },
    ];
    const late = await post(backdated, staff);
    expect(late.status).toBe(422);
    expect(late.json.code).toBe('rule-set-out-of-order');
    expect(await recorded()).toHaveLength(2);
  });

  it('a campaign another instance published a moment ago is known at once: its rule set validates, its route answers', async () => {
    // Appended straight to the log, as another instance would: this process has not learnt it.
    const data = thirdCampaignData();
    data.campaignId = 'peer-support';
    data.title = 'Peer Support Pledge (published elsewhere)';
    data.ruleSets[0].ruleSetId = 'peer-support-2026';
    const parsed = parseCampaignData(data);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    const meta = {
      actor: { sub: 'bob@iacp', role: 'staff' as const },
      commandId: 'c-elsewhere',
      correlationId: 'c',
      causationId: 'c',
    };
    await handleCommand(store, {
      streamId: CAMPAIGNS_STREAM,
      decider: campaignsDecider,
      command: { type: 'PublishCampaign', data: { campaign: parsed.campaign } },
      context: () => Promise.resolve(undefined as unknown),
      metadata: meta,
      recordedAt: () => new Date().toISOString(),
    });
    const pledge = {
      name: 'Elsewhere PD',
      signatory: { name: 'A', title: 'Chief' },
      contact: { name: 'B', email: 'b@elsewhere.example' },
      ruleSet: 'peer-support-2026',
    };
    // At once, not after the next one-second refresh: the body's rule set and the path's campaign.
    const res = await t.request('POST', '/v1/agencies/tx-elsewhere-pd/campaigns/peer-support/pledge', {
      token: staff,
      body: pledge,
    });
    expect([res.status, res.json.code]).toEqual([201, undefined]);
    expect(res.json.events[0]).toMatchObject({ type: 'PledgeTaken' });
  });
});
