import { agencyDecider, evaluate, initialCatalogue, ruleSet } from '#domain';
import { agencyStream } from '#events';
import { startProjector, type RunningProjector } from '#projector';
import { startReadModels } from '#projector';
import { foldStored } from '#domain';
import { TestApp } from './support/test-app.js';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const CLI = join(process.cwd(), 'bin/onemind.js');

const AGENCY = 'tx-temple-pd';
const today = new Date().toISOString().slice(0, 10);

/** The read side over HTTP with the projector running in-process on the same data folder. */
describe('reads: agency view, lists, public pages, audit, metrics (e2e)', () => {
  const t = new TestApp();
  let projector: RunningProjector;
  let staff: string;
  let agency: string;
  let lastPosition = '0';

  beforeAll(async () => {
    await t.start();
    projector = await startProjector(await t.projectorConfig(), { subscribers: [startReadModels] });
    staff = await t.token('staff', 'alice@iacp');
    agency = await t.token('agency', 'chief@temple', AGENCY);
  });
  afterAll(async () => {
    await projector?.stop();
    await t.stop();
  });

  const write = async (path: string, body: unknown) => {
    const res = await t.request('POST', `/v1/agencies/${AGENCY}${path}`, { token: staff, body });
    expect([200, 201]).toContain(res.status);
    lastPosition = res.json.position;
    return res;
  };
  const read = (path: string, token = staff, headers: Record<string, string> = {}) =>
    t.request('GET', path, { token, headers: { 'x-min-position': lastPosition, ...headers } });

  it('a write then a read with X-Min-Position sees the write (read-your-writes)', async () => {
    await write('/pledge', {
      name: 'Temple Police Department',
      ori: 'TX0141300',
      region: 'TX',
      pledgedOn: '2025-01-15',
      signatory: { name: 'Shawn Newsom', title: 'Chief' },
      contact: { name: 'Lt. Ruiz', email: 'ruiz@temple.example' },
    });
    const res = await read(`/v1/agencies/${AGENCY}`, agency);
    expect(res.status).toBe(200);
    expect(BigInt(res.headers.get('x-position')!)).toBeGreaterThanOrEqual(BigInt(lastPosition));
    expect(res.json).toMatchObject({
      agencyId: AGENCY,
      status: 'pledged',
      name: 'Temple Police Department',
      pledgedOn: '2025-01-15',
      revision: '0',
      position: lastPosition,
    });
  });

  it("the view's requirement numbers are evaluate() on the same events", async () => {
    await write('/partnerships', {
      partnerName: 'Bell County MHMR',
      partnerType: 'community-mental-health',
      establishedOn: '2025-02-01',
    });
    await write('/policies', {
      title: 'Crisis response',
      version: '1',
      adoptedOn: '2025-02-15',
      effectiveOn: '2025-03-01',
      basedOnIacpModel: true,
    });
    const officers = Array.from({ length: 30 }, (_, i) => ({
      officerRef: `tpd-${i}`,
      sworn: i !== 29,
      joinedOn: '2025-01-20',
    }));
    await write('/officers', { officers });
    const records = officers.slice(0, 20).map((o, i) => ({
      officerRef: o.officerRef,
      programId: i < 5 ? 'cit' : 'mhfa',
      completedOn: '2025-06-01',
    }));
    await write('/trainings', { records });
    await write('/officers/separations', { officers: [{ officerRef: 'tpd-3', separatedOn: '2025-07-01' }] });

    const view = await read(`/v1/agencies/${AGENCY}`);
    expect(view.status).toBe(200);
    const store = await t.openLog();
    const state = foldStored(agencyDecider, await store.readStream(agencyStream(AGENCY)));
    await store.close();
    const e = evaluate(ruleSet('one-mind-2023'), state, today, initialCatalogue());
    expect(view.json.requirements).toEqual({
      partnership: e.partnership,
      policy: e.policy,
      training: e.training,
    });
    expect(view.json.requirements.training).toMatchObject({
      sworn: 28,
      crisisTrained: 4,
      crisisRequired: 6,
      covered: 19,
      uncovered: 9,
    });
    // Each requirement's verdict, with the sentence a refused submission would give (issue 18 item 2).
    expect(view.json.verdicts).toEqual([
      { requirement: 'partnership', kind: 'partnership', met: true, missing: null },
      { requirement: 'policy', kind: 'policy', met: true, missing: null },
      {
        requirement: 'training.crisis',
        kind: 'training-ratio',
        met: false,
        missing: 'crisis: 4 of 6 required (2 more officers need crisis-intervention training)',
      },
      {
        requirement: 'training.coverage',
        kind: 'training-coverage',
        met: false,
        missing: 'coverage: 19 of 28 sworn officers trained (9 without a qualifying class)',
      },
    ]);
    expect(view.json.practices).toEqual([]);

    const uncovered = await read(`/v1/agencies/${AGENCY}/officers?covered=false`, agency);
    expect(uncovered.status).toBe(200);
    expect(uncovered.json.items).toHaveLength(e.training.uncovered);
    expect(uncovered.json.items.every((o: any) => o.sworn && !o.covered)).toBe(true);
  });

  it('lists, review queue, public pages and stats answer from the read models', async () => {
    const list = await read('/v1/agencies?status=pledged&q=Temple&pageSize=10');
    expect(list.status).toBe(200);
    expect(list.json).toMatchObject({
      total: 1,
      page: 1,
      pageSize: 10,
      items: [{ agencyId: AGENCY, status: 'pledged' }],
    });
    expect((await read('/v1/agencies?pageSize=100000')).status).toBe(400);
    expect((await read('/v1/agencies?sort=deadline&status=pledged')).json.items[0]).toMatchObject({
      agencyId: AGENCY,
    });
    const badSort = await read('/v1/agencies?sort=population');
    expect([badSort.status, badSort.json.errors?.[0]?.path]).toEqual([400, 'sort']);
    expect((await read('/v1/agencies', agency)).status).toBe(403);
    expect((await read('/v1/review-queue')).json).toEqual([]);
    const pub = await t.request('GET', '/v1/public/agencies?status=pledged');
    expect(pub.json).toEqual([
      {
        agencyId: AGENCY,
        name: 'Temple Police Department',
        region: 'TX',
        country: 'US',
        status: 'pledged',
        pledgedOn: '2025-01-15',
        certifiedOn: null,
        campaignId: 'one-mind',
        campaign: 'one-mind',
      },
    ]);
    // By campaign: a One Mind agency is in One Mind's list and not in Trust Building's.
    const byCampaign = async (campaign: string) =>
      (await t.request('GET', `/v1/public/agencies?campaign=${campaign}`)).json.map((a: any) => a.agencyId);
    expect(await byCampaign('one-mind')).toEqual([AGENCY]);
    expect(await byCampaign('trust-building')).toEqual([]);
    const unknownCampaign = await t.request('GET', '/v1/public/agencies?campaign=two-minds');
    expect([unknownCampaign.status, unknownCampaign.json.errors?.[0]?.path]).toEqual([400, 'campaign']);
    const csv = await t.request('GET', '/v1/public/agencies?format=csv');
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    expect(csv.text.split('\r\n')[1]).toBe(
      `${AGENCY},Temple Police Department,TX,US,pledged,2025-01-15,,one-mind`,
    );
    const stats = await t.request('GET', '/v1/public/stats');
    expect(stats.json).toMatchObject({
      total: 1,
      byStatus: { pledged: 1 },
      byRegion: { TX: { total: 1, pledged: 1 } },
    });
    expect((await t.request('GET', '/v1/public/certificates/OM-NOPE?code=X')).status).toBe(404);
    expect((await read('/v1/agencies/tx-unknown-pd')).status).toBe(404);
    expect((await read(`/v1/agencies/${AGENCY}`, await t.token('agency', 'x', 'tx-other-pd'))).status).toBe(
      403,
    );
  });

  it('audit: history (JSON and NDJSON), state as of a date or revision, verification', async () => {
    const history = await read(`/v1/agencies/${AGENCY}/history`, await t.token('auditor', 'aud'));
    expect(history.status).toBe(200);
    expect(history.json.map((e: any) => e.revision)).toEqual(
      history.json.map((_: unknown, i: number) => String(i)),
    );
    expect(history.json[0]).toMatchObject({
      type: 'PledgeTaken',
      schemaVersion: 1,
      position: expect.any(String),
      hash: expect.any(String),
      prevHash: '0'.repeat(64),
    });
    const nd = await read(`/v1/agencies/${AGENCY}/history`, staff, { accept: 'application/x-ndjson' });
    expect(nd.headers.get('content-type')).toMatch(/application\/x-ndjson/);
    expect(
      nd.text
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l)),
    ).toEqual(history.json);

    const atZero = await read(`/v1/agencies/${AGENCY}/state?revision=0`);
    expect(atZero.json).toMatchObject({
      status: 'pledged',
      revision: '0',
      requirements: { partnership: { met: false, active: 0 } },
    });
    const before = await read(`/v1/agencies/${AGENCY}/state?asOf=2000-01-01`);
    expect(before.status).toBe(404);
    const now = await read(`/v1/agencies/${AGENCY}/state?asOf=${today}`);
    const live = await read(`/v1/agencies/${AGENCY}`);
    expect(now.json.requirements).toEqual(live.json.requirements);
    expect((await read(`/v1/agencies/${AGENCY}/state?asOf=yesterday`)).status).toBe(400);

    const verification = await read(`/v1/agencies/${AGENCY}/verification`);
    expect(verification.json).toEqual({
      agencyId: AGENCY,
      valid: true,
      events: history.json.length,
      headHash: history.json.at(-1).hash,
      documents: { checked: 0, bad: [] }, // G12: no evidence attached here (evidence.e2e-spec.ts has some)
    });
    expect((await read(`/v1/agencies/${AGENCY}/verification`, agency)).status).toBe(403);
  });

  it('CLI: replay prints the history and the folded state; export writes NDJSON with the stream head', () => {
    const env = t.cliEnv({ ONEMIND_LOG_LEVEL: 'silent' });
    const replay = spawnSync(process.execPath, [CLI, 'replay', AGENCY, '--as-of', today], {
      env,
      encoding: 'utf8',
    });
    expect({ status: replay.status, stderr: replay.stderr }).toEqual({ status: 0, stderr: '' });
    expect(replay.stdout).toMatch(/^#0 @\d+ \S+ PledgeTaken by staff:alice@iacp /);
    const state = JSON.parse(
      replay.stdout
        .slice(replay.stdout.indexOf('\nstate as of') + 1)
        .split('\n')
        .slice(1)
        .join('\n'),
    );
    expect(state).toMatchObject({
      agencyId: AGENCY,
      status: 'pledged',
      requirements: { training: { sworn: 28 } },
    });
    const exported = spawnSync(process.execPath, [CLI, 'export', AGENCY], { env, encoding: 'utf8' });
    expect(exported.status).toBe(0);
    const lines = exported.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.at(-1)).toEqual({
      streamHead: {
        streamId: `agency-${AGENCY}`,
        revision: String(lines.length - 2),
        hash: lines.at(-2).hash,
      },
    });
    expect(
      spawnSync(process.execPath, [CLI, 'replay', 'tx-nobody-pd'], { env, encoding: 'utf8' }).status,
    ).toBe(1);
  }, 30_000);

  it('/metrics shows projection positions, lag, events projected and command latency', async () => {
    const res = await t.request('GET', '/metrics');
    expect(res.status).toBe(200);
    expect(res.text).toMatch(/onemind_projection_position\{projection="agencies"\} \d+/);
    expect(res.text).toMatch(/onemind_projection_lag_events\{projection="roster"\} \d+/);
    expect(res.text).toMatch(/onemind_projection_events_total\{projection="catalogue"\} \d+/);
    expect(res.text).toMatch(/onemind_command_duration_seconds_count\{command="TakePledge",outcome="ok"\} 1/);
    expect(res.text).toMatch(/onemind_http_responses_total\{method="GET",status="200"\} \d+/);
    const ready = await t.request('GET', '/health/ready');
    expect(ready.json.checks.projector).toMatchObject({ ok: true });
  });

  it('a certified agency: review queue, view certificate, public certificate check (valid, wrong code, revoked)', async () => {
    const id = 'tx-certified-pd';
    const post = async (path: string, body: unknown) => {
      const res = await t.request('POST', `/v1/agencies/${id}${path}`, { token: staff, body });
      expect({ path, status: res.status, body: res.json }).toMatchObject({
        path,
        status: expect.any(Number),
      });
      expect([200, 201]).toContain(res.status);
      lastPosition = res.json.position;
    };
    await post('/pledge', {
      name: 'Certified PD',
      region: 'CA',
      pledgedOn: '2025-01-15',
      signatory: { name: 'A', title: 'Chief' },
      contact: { name: 'B', email: 'b@example.org' },
    });
    await post('/partnerships', {
      partnerName: 'MHMR',
      partnerType: 'community-mental-health',
      establishedOn: '2025-02-01',
    });
    await post('/policies', {
      title: 'Crisis',
      version: '1',
      adoptedOn: '2025-02-15',
      effectiveOn: '2025-03-01',
      basedOnIacpModel: true,
    });
    await post('/officers', {
      officers: [1, 2, 3, 4, 5].map((i) => ({ officerRef: `c-${i}`, joinedOn: '2025-01-20' })),
    });
    await post('/trainings', {
      records: [1, 2, 3, 4, 5].map((i) => ({
        officerRef: `c-${i}`,
        programId: 'cit',
        completedOn: '2025-06-01',
      })),
    });
    await post('/submission', {});
    const queue = await read('/v1/review-queue');
    expect(queue.json.map((a: any) => a.agencyId)).toEqual([id]);
    await post('/review/approve', {});
    const view = (await read(`/v1/agencies/${id}`)).json;
    expect(view.status).toBe('certified');
    const { number, verificationCode } = view.certificate;
    const check = await t.request(
      'GET',
      `/v1/public/certificates/${encodeURIComponent(number)}?code=${verificationCode}`,
    );
    expect(check.status).toBe(200);
    expect(check.json).toMatchObject({
      valid: true,
      agencyName: 'Certified PD',
      revoked: false,
      effectiveOn: view.certificate.effectiveOn,
    });
    expect(
      (
        await t.request(
          'GET',
          `/v1/public/certificates/${encodeURIComponent(number)}?code=WRONG${verificationCode}`,
        )
      ).status,
    ).toBe(404);
    expect(
      (await t.request('GET', `/v1/public/agencies?status=certified`)).json.map((a: any) => a.agencyId),
    ).toEqual([id]);
    await post('/certification/revoke', { reason: 'audit finding' });
    const revoked = await t.request(
      'GET',
      `/v1/public/certificates/${encodeURIComponent(number)}?code=${verificationCode}`,
      { headers: { 'x-min-position': lastPosition } },
    );
    expect(revoked.json).toMatchObject({ valid: false, revoked: true });
  });

  it('X-Min-Position beyond the log answers 504 after 10 s', async () => {
    const res = await read(`/v1/agencies/${AGENCY}`, staff, { 'x-min-position': '999999' });
    expect(res.status).toBe(504);
    expect(res.headers.get('content-type')).toMatch(/problem\+json/);
    expect((await read(`/v1/agencies/${AGENCY}`, staff, { 'x-min-position': 'abc' })).status).toBe(400);
  }, 20_000);
});
