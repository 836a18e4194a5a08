import { eventHash, GENESIS_HASH } from '#events';
import { TestApp } from './support/test-app.js';

const AGENCY = 'tx-flower-mound-pd';
const pledge = {
  name: 'Flower Mound Police Department',
  ori: 'TX0611200',
  region: 'TX',
  agencyType: 'City',
  signatory: { name: 'Andy Kancel', title: 'Chief of Police' },
  contact: { name: 'Lt. Rivera', email: 'onemind@flower-mound.example' },
  commitmentMonths: 24,
};

/** The stored events as the log holds them (SQLite or PostgreSQL: `node scripts/test.mjs e2e-pg`). */
const readLog = (t: TestApp) => t.logEvents();

describe('POST /v1/agencies/{agencyId}/pledge (e2e, real HTTP + SQLite file)', () => {
  const t = new TestApp();
  let agencyToken: string;

  beforeAll(async () => {
    await t.start();
    agencyToken = await t.token('agency', 'chief@fmpd', AGENCY);
  });
  afterAll(() => t.stop());

  it('stores a PledgeTaken event with its data, actor and a valid hash chain', async () => {
    const res = await t.request('POST', `/v1/agencies/${AGENCY}/pledge`, {
      token: agencyToken,
      body: pledge,
    });
    expect(res.status).toBe(201);
    expect(res.headers.get('etag')).toBe('"0"');
    expect(res.json).toMatchObject({
      agencyId: AGENCY,
      revision: '0',
      events: [{ type: 'PledgeTaken', revision: '0' }],
    });

    const [row, ...rest] = await readLog(t);
    expect(rest).toHaveLength(0);
    expect(row.streamId).toBe(`agency-${AGENCY}`);
    expect(row.type).toBe('PledgeTaken');
    expect(String(row.position)).toBe(res.json.position);
    const data = row.data as any;
    const today = new Date().toISOString().slice(0, 10);
    expect(data).toMatchObject({
      agencyId: AGENCY,
      name: pledge.name,
      ori: 'TX0611200',
      country: 'US',
      commitmentMonths: 24,
      pledgedOn: today,
      ruleSet: 'one-mind-2023',
      cycle: 1,
    });
    expect(data.deadline.slice(0, 4)).toBe(String(Number(today.slice(0, 4)) + 2));
    const metadata = row.metadata as any;
    expect(metadata.actor).toEqual({ sub: 'chief@fmpd', role: 'agency', agencyId: AGENCY });
    expect(metadata).toMatchObject({
      schemaVersion: 1,
      commandId: expect.any(String),
      correlationId: expect.any(String),
    });
    expect(row.prevHash).toBe(GENESIS_HASH);
    expect(row.hash).toBe(
      eventHash({
        streamId: row.streamId,
        revision: 0n,
        type: row.type,
        schemaVersion: row.schemaVersion,
        data,
        metadata,
        prevHash: row.prevHash,
      }),
    );
  });

  it('answers a retry with the same Idempotency-Key with the first answer and appends nothing, also after a restart', async () => {
    const headers = { 'idempotency-key': 'pledge-staff-0001' };
    const staff = await t.token('staff', 'alice@iacp');
    const body = { ...pledge, name: 'Temple Police Department', ori: 'TX0141300' };
    const first = await t.request('POST', '/v1/agencies/tx-temple-pd/pledge', {
      token: staff,
      body,
      headers,
    });
    expect(first.status).toBe(201);
    const before = (await readLog(t)).length;

    const again = await t.request('POST', '/v1/agencies/tx-temple-pd/pledge', {
      token: staff,
      body,
      headers,
    });
    expect(again.status).toBe(201);
    expect(again.json).toEqual(first.json);

    await t.restart();
    const afterRestart = await t.request('POST', '/v1/agencies/tx-temple-pd/pledge', {
      token: staff,
      body,
      headers,
    });
    expect(afterRestart.status).toBe(201);
    expect(afterRestart.json).toEqual(first.json);
    expect(await readLog(t)).toHaveLength(before);

    const reused = await t.request('POST', '/v1/agencies/tx-temple-pd/pledge', {
      token: staff,
      body: { ...body, name: 'Other' },
      headers,
    });
    expect(reused.status).toBe(409);
    expect(reused.json.code).toBe('idempotency-key-reused');
    expect(await readLog(t)).toHaveLength(before);
  });

  it('refuses invalid and unknown fields with 400, naming each, and appends nothing', async () => {
    const before = (await readLog(t)).length;
    const res = await t.request('POST', '/v1/agencies/tx-denton-pd/pledge', {
      token: await t.token('agency', 'x', 'tx-denton-pd'),
      body: {
        ...pledge,
        isAdmin: true,
        commitmentMonths: 48,
        signatory: { name: 'A', title: 'B', role: 'x' },
        contact: { name: 'C', email: 'not-an-email' },
        pledgedOn: '2025-02-30',
      },
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(res.json.errors.map((e: { path: string }) => e.path).sort()).toEqual(
      ['commitmentMonths', 'contact.email', 'isAdmin', 'pledgedOn', 'signatory.role'].sort(),
    );
    expect(await readLog(t)).toHaveLength(before);
  });

  it.each([
    ['malformed JSON', '{"name": ', 'application/json', 400],
    ['a JSON array', '[1,2]', 'application/json', 400],
    ['a __proto__ key', '{"__proto__": {"admin": true}}', 'application/json', 400],
    ['a form body', 'name=x', 'application/x-www-form-urlencoded', 415],
  ])('refuses %s and appends nothing', async (_label, body, contentType, status) => {
    const before = (await readLog(t)).length;
    const res = await t.request('POST', '/v1/agencies/tx-denton-pd/pledge', {
      token: await t.token('agency', 'x', 'tx-denton-pd'),
      body,
      headers: { 'content-type': contentType },
    });
    expect(res.status).toBe(status);
    expect(res.json.status).toBe(status);
    expect(await readLog(t)).toHaveLength(before);
  });

  it('refuses a body over 1 MiB with 413', async () => {
    const res = await t.request('POST', '/v1/agencies/tx-denton-pd/pledge', {
      token: await t.token('agency', 'x', 'tx-denton-pd'),
      body: { ...pledge, name: 'x'.repeat(1_100_000) },
    });
    expect(res.status).toBe(413);
  });

  it('answers a business refusal with 422 and its code', async () => {
    const res = await t.request('POST', `/v1/agencies/${AGENCY}/pledge`, {
      token: agencyToken,
      body: pledge,
    });
    expect(res.status).toBe(422);
    expect(res.json).toMatchObject({ code: 'already-pledged', status: 422 });
  });

  it('answers 409 stale-revision when If-Match is not the current revision, and appends on the right one', async () => {
    const staff = await t.token('staff', 'alice@iacp');
    const stale = await t.request('POST', '/v1/agencies/tx-keller-pd/pledge', {
      token: staff,
      body: pledge,
      headers: { 'if-match': '"4"' },
    });
    expect(stale.status).toBe(409);
    expect(stale.json.code).toBe('stale-revision');
  });
});
