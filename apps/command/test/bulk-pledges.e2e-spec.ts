import { countEvents, readEvents } from './security/support/harness.js';
import { TestApp } from './support/test-app.js';

const person = {
  signatory: { name: 'Pat Chief', title: 'Chief' },
  contact: { name: 'Sam', email: 's@x.example' },
};
const pledgeBody = (name: string, extra: Record<string, unknown> = {}) => ({ name, ...person, ...extra });
const row = (agencyId: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  agencyId,
  ...pledgeBody(`${agencyId} Police Department`),
  ...extra,
});
const today = new Date().toISOString().slice(0, 10);
const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);

/** POST /v1/pledges/bulk through the real HTTP server, on a real SQLite log. */
describe('POST /v1/pledges/bulk (e2e)', () => {
  const t = new TestApp();
  let staff: string;
  const bulk = (body: unknown, headers: Record<string, string> = {}, token = staff) =>
    t.request('POST', '/v1/pledges/bulk', { token, body, headers });
  const pledgesOf = async (agencyId: string) =>
    (await readEvents(t)).filter((e) => e.stream_id === `agency-${agencyId}` && e.type === 'PledgeTaken');

  beforeAll(async () => {
    await t.start();
    staff = await t.token('staff', 'migrator@iacp');
  });
  afterAll(() => t.stop());

  it('each row is its own pledge with its own outcome; existing agencies are answered without a command', async () => {
    const single = (id: string) =>
      t.request('POST', `/v1/agencies/${id}/pledge`, { token: staff, body: pledgeBody(`${id} PD`) });
    expect((await single('tx-existing-pd')).status).toBe(201);
    expect((await single('tx-withdrawn-pd')).status).toBe(201);
    const withdrawn = await t.request('POST', '/v1/agencies/tx-withdrawn-pd/withdrawal', {
      token: staff,
      body: { reason: 'new chief' },
    });
    expect(withdrawn.status).toBe(200);
    expect((await single('TX-Cased-PD')).status).toBe(201);

    const before = await countEvents(t);
    const res = await bulk(
      {
        rows: [
          row('tx-new-1'),
          row('tx-existing-pd'),
          row('tx-withdrawn-pd'),
          row('tx-cased-pd'),
          row('tx-future-pd', { pledgedOn: tomorrow }),
          row('tx-new-2', { pledgedOn: today, commitmentMonths: 24 }),
          row('tx-new-1', { name: 'The same agency again' }),
        ],
      },
      { 'x-correlation-id': 'migration-2026-12' },
    );
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ pledged: 2, alreadyPledged: 3, failed: 2 });
    expect(res.json.results).toEqual([
      { index: 0, agencyId: 'tx-new-1', outcome: 'pledged', revision: '0', position: expect.any(String) },
      { index: 1, agencyId: 'tx-existing-pd', outcome: 'already-pledged', reason: 'exists' },
      // An import never opens a new cycle: the withdrawn agency stays withdrawn.
      { index: 2, agencyId: 'tx-withdrawn-pd', outcome: 'already-pledged', reason: 'exists' },
      expect.objectContaining({ index: 3, outcome: 'failed', status: 409, code: 'agency-id-taken' }),
      expect.objectContaining({ index: 4, outcome: 'failed', status: 422, code: 'pledge-date-in-future' }),
      { index: 5, agencyId: 'tx-new-2', outcome: 'pledged', revision: '0', position: expect.any(String) },
      { index: 6, agencyId: 'tx-new-1', outcome: 'already-pledged', reason: 'exists' },
    ]);
    expect((await countEvents(t)) - before).toBe(2);
    const appended = (await readEvents(t)).filter(
      (e) => JSON.parse(e.metadata).correlationId === 'migration-2026-12',
    );
    expect(res.json.events).toEqual([
      expect.objectContaining({ type: 'PledgeTaken', revision: '0' }),
      expect.objectContaining({ type: 'PledgeTaken', revision: '0' }),
    ]);
    expect(appended.map((e) => e.stream_id).sort()).toEqual(['agency-tx-new-1', 'agency-tx-new-2']);
    expect(await pledgesOf('tx-withdrawn-pd')).toHaveLength(1);
    expect(JSON.parse((await pledgesOf('tx-new-1'))[0].data).name).toBe('tx-new-1 Police Department');
  });

  it("a row's key is the single route's Idempotency-Key: each route answers the other's retries", async () => {
    const keyed = row('tx-keyed-pd', { idempotencyKey: 'import:row-17' });
    const first = await bulk({ rows: [keyed] });
    expect(first.json.results[0]).toMatchObject({ outcome: 'pledged' });
    const again = await bulk({ rows: [keyed] });
    expect(again.json.results[0]).toEqual({
      index: 0,
      agencyId: 'tx-keyed-pd',
      outcome: 'already-pledged',
      reason: 'same-key',
    });
    // The same row through the single route with the same key: the first answer, nothing appended.
    const before = await countEvents(t);
    const { agencyId: _a, idempotencyKey: _k, ...body } = keyed;
    const single = await t.request('POST', '/v1/agencies/tx-keyed-pd/pledge', {
      token: staff,
      body,
      headers: { 'idempotency-key': 'import:row-17' },
    });
    expect(single.status).toBe(201);
    expect(single.json).toMatchObject({ revision: '0', position: first.json.results[0].position });
    // And the other way round.
    const viaSingle = await t.request('POST', '/v1/agencies/tx-single-first-pd/pledge', {
      token: staff,
      body: pledgeBody('Single first PD'),
      headers: { 'idempotency-key': 'import:row-18' },
    });
    expect(viaSingle.status).toBe(201);
    const viaBulk = await bulk({
      rows: [
        { agencyId: 'tx-single-first-pd', ...pledgeBody('Single first PD'), idempotencyKey: 'import:row-18' },
      ],
    });
    expect(viaBulk.json.results[0]).toMatchObject({ outcome: 'already-pledged', reason: 'same-key' });
    // A key already used for another row is refused for that row alone.
    const reused = await bulk({
      rows: [row('tx-other-row-pd', { idempotencyKey: 'import:row-17' }), row('tx-fine-pd')],
    });
    expect(reused.json.results).toEqual([
      expect.objectContaining({ outcome: 'failed', status: 409, code: 'idempotency-key-reused' }),
      expect.objectContaining({ outcome: 'pledged', agencyId: 'tx-fine-pd' }),
    ]);
    expect((await countEvents(t)) - before).toBe(2); // tx-single-first-pd and tx-fine-pd
  });

  it.each([
    [
      'a row that is not a valid pledge',
      { rows: [row('tx-ok-pd'), row('tx-bad-pd', { contact: { name: 'S', email: 'nope' } })] },
      'rows[1].contact.email',
    ],
    ['an unknown field in a row', { rows: [row('tx-ok-pd', { chief: 'x' })] }, 'rows[0].chief'],
    ['a malformed agencyId', { rows: [row('tx ok')] }, 'rows[0].agencyId'],
    ['a malformed row key', { rows: [row('tx-ok-pd', { idempotencyKey: 'a b' })] }, 'rows[0].idempotencyKey'],
    ['no rows', { rows: [] }, 'rows'],
    ['more than 100 rows', { rows: Array.from({ length: 101 }, (_, i) => row(`tx-many-${i}`)) }, 'rows'],
    ['rows that are not objects', { rows: ['tx-ok-pd'] }, 'rows'],
  ])('%s: 400 naming it, and nothing is pledged', async (_label, body, path) => {
    const before = await countEvents(t);
    const res = await bulk(body);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(res.json.errors.map((e: { path: string }) => e.path)).toContain(path);
    expect(await countEvents(t)).toBe(before);
  });

  it('takes no Idempotency-Key or If-Match for the request itself, and only staff may call it', async () => {
    const body = { rows: [row('tx-header-pd')] };
    for (const headers of [{ 'idempotency-key': 'k' }, { 'if-match': '"0"' }] as Record<string, string>[]) {
      const res = await bulk(body, headers);
      expect(res.status).toBe(400);
      expect(res.json.detail).toMatch(/takes no (Idempotency-Key|If-Match)/);
    }
    const agency = await t.token('agency', 'chief@header', 'tx-header-pd');
    expect((await bulk(body, {}, agency)).status).toBe(403);
    expect((await bulk(body, {}, await t.token('auditor', 'audrey'))).status).toBe(403);
    expect(await pledgesOf('tx-header-pd')).toHaveLength(0);
  });
});
