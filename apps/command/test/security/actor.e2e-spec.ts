import { jest } from '@jest/globals';
import { agencyStream } from '#events';
import { thirdCampaignData } from '#testing';
import { TestApp } from '../support/test-app.js';
import { readEvents } from './support/harness.js';
import { allRoutes, WRITE_METHODS } from './support/routes.js';

/**
 * Every appended event names who caused it (metadata.actor: sub, role, and agencyId for an agency
 * token). One successful write per write endpoint, by different principals; a write endpoint the
 * router serves that this walk does not reach fails the test, so a new one gets a line here.
 */
jest.setTimeout(60_000);
const AGENCY = 'tx-actor-pd';
const SECOND = 'tx-actor-two-pd';
const TRUST = 'tx-actor-trust-pd';
const today = new Date().toISOString().slice(0, 10);
const inYears = (n: number) =>
  `${Number(today.slice(0, 4)) + n}${today.slice(4, 10) === '-02-29' ? '-02-28' : today.slice(4)}`;

type Actor = { sub: string; role: string; agencyId?: string };

describe('the actor on every event (e2e)', () => {
  const t = new TestApp();
  const done: { route: string; actor: Actor; streamId: string; revisions: string[] }[] = [];
  const tokens = new Map<Actor, string>();
  const chief: Actor = { sub: 'chief@actor', role: 'agency', agencyId: AGENCY };
  const clerk: Actor = { sub: 'clerk@actor', role: 'agency', agencyId: AGENCY };
  const second: Actor = { sub: 'chief@two', role: 'agency', agencyId: SECOND };
  const trust: Actor = { sub: 'chief@trust', role: 'agency', agencyId: TRUST };
  const alice: Actor = { sub: 'alice@iacp', role: 'staff' };
  const bob: Actor = { sub: 'bob@iacp', role: 'staff' };

  beforeAll(async () => {
    await t.start();
    for (const a of [chief, clerk, second, trust, alice, bob])
      tokens.set(a, await t.token(a.role as 'agency' | 'staff', a.sub, a.agencyId));
  });
  afterAll(() => t.stop());

  /** One write that must succeed; remembers which events it appended and as whom. */
  async function write(
    route: string,
    actor: Actor,
    body: unknown,
    agencyId = AGENCY,
    params: Record<string, string> = {},
  ) {
    const [method, pattern] = route.split(' ');
    const path = pattern.replace(':agencyId', agencyId).replace(/:(\w+)/g, (_, p: string) => params[p]);
    const headers: Record<string, string> = typeof body === 'string' ? { 'content-type': 'text/csv' } : {};
    const res = await t.request(method, path, { token: tokens.get(actor), body, headers });
    if (res.status >= 300) throw new Error(`${route} as ${actor.sub}: ${res.status} ${res.text}`);
    done.push({
      route,
      actor,
      streamId: res.json.streamId,
      revisions: res.json.events.map((e: { revision: string }) => e.revision),
    });
    return res;
  }

  it('records sub, role and agencyId for each principal on each write endpoint', async () => {
    await write('POST /v1/agencies/:agencyId/pledge', chief, {
      name: 'Actor PD',
      signatory: { name: 'A', title: 'Chief' },
      contact: { name: 'B', email: 'b@actor.example' },
    });
    await write('POST /v1/agencies/:agencyId/deadline-extension', alice, {
      newDeadline: inYears(4),
      reason: 'council vote',
    });
    await write('POST /v1/training-programs', bob, {
      programId: 'actor-crisis',
      name: 'Crisis course',
      provider: 'Academy',
      class: 'crisis',
    });
    await write('POST /v1/training-programs', clerk, {
      programId: 'actor-aware',
      name: 'Awareness',
      provider: 'Academy',
      class: 'awareness',
    });
    await write('POST /v1/office-holders', bob, {
      office: 'iacp-president',
      name: 'Chief Actor President',
      title: 'President',
      from: today,
    });
    await write('POST /v1/campaigns', bob, thirdCampaignData());
    await write('POST /v1/training-programs/:programId/recognition', alice, { note: 'ok' }, AGENCY, {
      programId: 'actor-aware',
    });
    await write('POST /v1/agencies/:agencyId/partnerships', clerk, {
      partnerName: 'County MHMR',
      partnerType: 'community-mental-health',
      establishedOn: today,
    });
    await write('POST /v1/agencies/:agencyId/partnerships', alice, {
      partnerName: 'Old clinic',
      partnerType: 'other',
      establishedOn: today,
    });
    const established = (await readEvents(t))
      .filter((e) => e.type === 'PartnershipEstablished')
      .map((e) => JSON.parse(e.data) as { partnerName: string; partnershipId: string });
    const old = established.find((d) => d.partnerName === 'Old clinic');
    await write(
      'POST /v1/agencies/:agencyId/partnerships/:partnershipId/end',
      chief,
      { endedOn: today, reason: 'merged' },
      AGENCY,
      { partnershipId: old?.partnershipId ?? 'missing' },
    );
    await write('POST /v1/agencies/:agencyId/policies', bob, {
      title: 'Crisis response',
      version: '1',
      adoptedOn: today,
      effectiveOn: today,
      basedOnIacpModel: true,
    });
    const evidence = new FormData();
    evidence.set('requirement', 'policy');
    evidence.set(
      'file',
      new Blob([Buffer.from('%PDF-1.4\n%%EOF\n')], { type: 'application/pdf' }),
      'policy.pdf',
    );
    await write('POST /v1/agencies/:agencyId/evidence', clerk, evidence);
    await write('POST /v1/agencies/:agencyId/officers', clerk, {
      officers: [
        { officerRef: 'ap-1', joinedOn: '2020-01-01' },
        { officerRef: 'ap-2', joinedOn: '2020-01-01' },
        { officerRef: 'ap-9', joinedOn: '2020-01-01' },
      ],
    });
    await write(
      'POST /v1/agencies/:agencyId/imports',
      chief,
      'officerRef,sworn,joinedOn,programId,completedOn\nap-3,true,2021-01-01,,\nap-3,,,cit,2024-05-01\n',
    );
    await write('POST /v1/agencies/:agencyId/trainings', alice, {
      records: [
        { officerRef: 'ap-1', programId: 'cit', completedOn: today },
        { officerRef: 'ap-2', programId: 'actor-aware', completedOn: today },
      ],
    });
    await write('POST /v1/agencies/:agencyId/officers/separations', clerk, {
      officers: [{ officerRef: 'ap-9', separatedOn: today }],
    });
    await write('POST /v1/agencies/:agencyId/submission', chief, { note: 'first try' });
    await write('POST /v1/agencies/:agencyId/review/request-changes', bob, {
      reasons: [{ requirement: 'policy', message: 'attach the policy' }],
    });
    const oneMind = { campaignId: 'one-mind' };
    await write('POST /v1/agencies/:agencyId/campaigns/:campaignId/submission', clerk, {}, AGENCY, oneMind);
    // Each staff decision also has its general form under the campaign (issue 18 item 3).
    await write(
      'POST /v1/agencies/:agencyId/campaigns/:campaignId/review/request-changes',
      bob,
      {
        reasons: [{ requirement: 'training', message: 'list the trainings' }],
      },
      AGENCY,
      oneMind,
    );
    await write('POST /v1/agencies/:agencyId/submission', chief, { note: 'second try' });
    await write(
      'POST /v1/agencies/:agencyId/review/requirements/:requirement',
      bob,
      { decision: 'accepted' },
      AGENCY,
      { requirement: 'policy' },
    );
    await write('POST /v1/agencies/:agencyId/review/approve', alice, { note: 'well done' });
    await write('POST /v1/agencies/:agencyId/recertification', chief, { note: 'renewing' });
    await write('POST /v1/agencies/:agencyId/review/approve', alice, {});
    await write(
      'POST /v1/agencies/:agencyId/campaigns/:campaignId/recertification',
      clerk,
      { note: 'again' },
      AGENCY,
      oneMind,
    );
    await write(
      'POST /v1/agencies/:agencyId/campaigns/:campaignId/review/requirements/:requirement',
      bob,
      { decision: 'accepted' },
      AGENCY,
      { ...oneMind, requirement: 'partnership' },
    );
    await write('POST /v1/agencies/:agencyId/campaigns/:campaignId/review/approve', bob, {}, AGENCY, oneMind);
    const tb = { campaignId: 'trust-building', practiceId: 'practice-01' };
    const trustPledge = {
      name: 'Trust PD',
      signatory: { name: 'T', title: 'Chief' },
      contact: { name: 'U', email: 'u@trust.example' },
    };
    await write('POST /v1/agencies/:agencyId/campaigns/:campaignId/pledge', trust, trustPledge, TRUST, tb);
    await write(
      'POST /v1/agencies/:agencyId/campaigns/:campaignId/practices/:practiceId',
      alice,
      { implementedOn: today },
      TRUST,
      tb,
    );
    await write(
      'POST /v1/agencies/:agencyId/campaigns/:campaignId/deadline-extension',
      alice,
      { newDeadline: inYears(4), reason: 'council vote' },
      TRUST,
      tb,
    );
    await write(
      'POST /v1/agencies/:agencyId/campaigns/:campaignId/withdrawal',
      trust,
      { reason: 'new chief' },
      TRUST,
      tb,
    );
    await write('POST /v1/agencies/:agencyId/certification/revoke', bob, { reason: 'test of revocation' });
    await write(
      'POST /v1/agencies/:agencyId/pledge',
      alice,
      {
        name: 'Second PD',
        signatory: { name: 'C', title: 'Chief' },
        contact: { name: 'D', email: 'd@two.example' },
      },
      SECOND,
    );
    await write('POST /v1/agencies/:agencyId/withdrawal', second, { reason: 'new chief' }, SECOND);
    await write(
      'POST /v1/agencies/:agencyId/campaigns/:campaignId/historic-certification',
      bob,
      {
        name: 'Migrated PD',
        signatory: { name: 'G', title: 'Chief' },
        contact: { name: 'H', email: 'h@migrated.example' },
        ruleSet: 'one-mind-2016',
        pledgedOn: '2017-03-01',
        submittedOn: '2018-02-10',
        effectiveOn: '2018-04-01',
        note: 'migrated',
      },
      'tx-actor-migrated',
      { campaignId: 'one-mind' },
    );
    await write(
      'POST /v1/agencies/:agencyId/campaigns/:campaignId/certification/revoke',
      alice,
      { reason: 'test of revocation' },
      'tx-actor-migrated',
      oneMind,
    );
    // The bulk route appends on several agencies: each row's events, as whoever sent the request.
    const bulk = await t.request('POST', '/v1/pledges/bulk', {
      token: tokens.get(bob),
      body: {
        rows: ['tx-actor-bulk-1', 'tx-actor-bulk-2'].map((agencyId) => ({
          agencyId,
          name: `Bulk ${agencyId}`,
          signatory: { name: 'E', title: 'Chief' },
          contact: { name: 'F', email: 'f@bulk.example' },
        })),
      },
    });
    expect(bulk.status).toBe(200);
    for (const e of bulk.json.events as { agencyId: string; revision: string }[])
      done.push({
        route: 'POST /v1/pledges/bulk',
        actor: bob,
        streamId: agencyStream(e.agencyId),
        revisions: [e.revision],
      });
    expect(bulk.json.events).toHaveLength(2);

    const log = await readEvents(t);
    const wrong: string[] = [];
    for (const w of done) {
      for (const revision of w.revisions) {
        const row = log.find((e) => e.stream_id === w.streamId && String(e.revision) === revision);
        const actor = row && JSON.parse(row.metadata).actor;
        if (JSON.stringify(actor) !== JSON.stringify(w.actor))
          wrong.push(
            `${w.route} ${w.streamId}@${revision}: ${JSON.stringify(actor)} ≠ ${JSON.stringify(w.actor)}`,
          );
      }
    }
    expect(wrong).toEqual([]);
    expect(done.reduce((n, w) => n + w.revisions.length, 0)).toBeGreaterThan(20);
    // Every event in the log has an actor; events the engine appends itself say so (role system).
    expect(
      log
        .filter((e) => !['agency', 'staff', 'auditor', 'system'].includes(JSON.parse(e.metadata).actor?.role))
        .map((e) => e.type),
    ).toEqual([]);
    expect(
      log.filter(
        (e) => JSON.parse(e.metadata).actor?.role === 'agency' && !JSON.parse(e.metadata).actor.agencyId,
      ),
    ).toEqual([]);
  });

  it('reached every write endpoint the router serves', () => {
    const writes = allRoutes(t.app)
      .filter((r) => WRITE_METHODS.has(r.method))
      .map((r) => r.key);
    const reached = new Set(done.map((w) => w.route));
    expect(writes.filter((k) => !reached.has(k))).toEqual([]);
  });
});
