import { jest } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { startProjector, type RunningProjector } from '#projector';
import { startReadModels } from '#projector';
import { TestApp } from '../support/test-app.js';

/**
 * G9 and API.md's 429: budgets live in Redis, so instances share them. Each run uses its own key
 * prefix so that parallel or repeated runs never count against each other.
 */
jest.setTimeout(60_000);
const prefix = `onemind:rl:test:${randomBytes(6).toString('hex')}:`;
Object.assign(process.env, {
  ONEMIND_RATE_LIMIT_PREFIX: prefix,
  ONEMIND_PUBLIC_VERIFY_RATE_PER_MIN: '100',
  ONEMIND_WRITE_RATE_PER_MIN: '5',
});

const guess = (i: number) =>
  `/v1/public/certificates/OM-2026-${String(i % 997).padStart(5, '0')}?code=${randomBytes(5).toString('hex').toUpperCase()}`;

function expect429(res: { status: number; headers: Headers; json: any }) {
  expect(res.status).toBe(429);
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  expect(Number(res.headers.get('retry-after'))).toBeLessThanOrEqual(60);
  expect(res.json).toMatchObject({ status: 429, code: 'rate-limited' });
}

/** Pledge to approval of one agency through the real API; the projector must be running. */
async function certify(t: TestApp, agencyId: string): Promise<{ number: string; code: string }> {
  const staff = await t.token('staff', 'alice@iacp');
  let position = '0';
  const post = async (path: string, body: unknown) => {
    const res = await t.request('POST', `/v1/agencies/${agencyId}${path}`, { token: staff, body });
    if (res.status >= 300) throw new Error(`${path}: ${res.status} ${res.text}`);
    position = res.json.position;
  };
  await post('/pledge', {
    name: 'G9 PD',
    pledgedOn: '2025-01-15',
    signatory: { name: 'A', title: 'Chief' },
    contact: { name: 'B', email: 'b@g9.example' },
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
    officers: [1, 2, 3].map((i) => ({ officerRef: `g9-${i}`, joinedOn: '2025-01-20' })),
  });
  await post('/trainings', {
    records: [1, 2, 3].map((i) => ({ officerRef: `g9-${i}`, programId: 'cit', completedOn: '2025-06-01' })),
  });
  await post('/submission', {});
  await post('/review/approve', {});
  const view = await t.request('GET', `/v1/agencies/${agencyId}`, {
    token: staff,
    headers: { 'x-min-position': position },
  });
  return { number: view.json.certificate.number, code: view.json.certificate.verificationCode };
}

describe('rate limits shared through Redis (e2e)', () => {
  const a = new TestApp();
  const b = new TestApp();
  beforeAll(async () => {
    await a.start();
    await b.start();
  });
  afterAll(async () => {
    await a.stop();
    await b.stop();
  });

  it('two instances share one budget: 60 + 60 certificate checks from one IP → 429 after 100 in total', async () => {
    process.env.ONEMIND_RATE_LIMIT_PREFIX = prefix; // (read at start-up; restated for the reader)
    const statuses: number[] = [];
    for (let i = 0; i < 60; i++) statuses.push((await a.request('GET', guess(i))).status);
    for (let i = 60; i < 120; i++) {
      const res = await b.request('GET', guess(i));
      statuses.push(res.status);
      if (i >= 100) expect429(res);
    }
    expect(statuses.slice(0, 100).filter((s) => s === 429)).toHaveLength(0);
    expect(statuses.slice(100).every((s) => s === 429)).toBe(true);
  });

  it('writes are limited per token subject, not per IP', async () => {
    const alice = await a.token('staff', 'alice@iacp');
    const bob = await a.token('staff', 'bob@iacp');
    const write = (app: TestApp, token: string) =>
      app.request('POST', '/v1/agencies/tx-rate-pd/withdrawal', { token, body: { reason: 'x' } });
    const first = [
      await write(a, alice),
      await write(b, alice),
      await write(a, alice),
      await write(b, alice),
      await write(a, alice),
    ];
    expect(first.map((r) => r.status).filter((s) => s === 429)).toHaveLength(0);
    expect429(await write(b, alice));
    expect((await write(a, bob)).status).not.toBe(429);
    // Reads are not writes: the same subject may still read.
    expect((await a.request('GET', '/health/live', { token: alice })).status).toBe(200);
  });
});

describe('G9: guessing verification codes of a real certificate (e2e, projector in-process)', () => {
  const t = new TestApp();
  let projector: RunningProjector;
  let number = '';
  let code = '';

  beforeAll(async () => {
    Object.assign(process.env, {
      ONEMIND_RATE_LIMIT_PREFIX: `${prefix}g9:`,
      ONEMIND_WRITE_RATE_PER_MIN: '0',
    });
    await t.start();
    projector = await startProjector(await t.projectorConfig(), { subscribers: [startReadModels] });
    ({ number, code } = await certify(t, 'tx-g9-pd'));
  });
  afterAll(async () => {
    await projector?.stop();
    await t.stop();
  });

  it('the real code checks out; 1,000 guessed codes: no hit, and 429 from the 101st request on', async () => {
    const url = (c: string) => `/v1/public/certificates/${encodeURIComponent(number)}?code=${c}`;
    const real = await t.request('GET', url(code));
    expect(real.status).toBe(200);
    expect(real.json).toMatchObject({ valid: true, revoked: false });
    const statuses: number[] = [real.status];
    let hits = 0;
    for (let i = 0; i < 1000; i++) {
      const guessed = Array.from(randomBytes(10), (b) => 'ABCDEFGHJKMNPQRSTUVWXYZ23456789'[b % 31]).join('');
      if (guessed === code) continue;
      const res = await t.request('GET', url(guessed));
      statuses.push(res.status);
      if (res.status === 200) hits += 1;
    }
    expect(hits).toBe(0);
    expect(statuses.slice(1, 100).every((s) => s === 404)).toBe(true);
    expect(statuses.slice(100).every((s) => s === 429)).toBe(true);
    expect429(await t.request('GET', url(code))); // over the limit, even the right code waits
  });
});

/**
 * G9, issue 13: the budget is keyed on the matched route, not on one spelling of the path. Once it
 * is spent, no other spelling of the check may answer with the real code: each is either not a
 * route at all (404, no oracle) or the same route, counted in the same bucket (429).
 */
describe('G9: other spellings of the certificate check share its budget (e2e, projector in-process)', () => {
  const t = new TestApp();
  let projector: RunningProjector;
  let number = '';
  let code = '';
  const LIMIT = 5;

  beforeAll(async () => {
    Object.assign(process.env, {
      ONEMIND_RATE_LIMIT_PREFIX: `${prefix}spell:`,
      ONEMIND_PUBLIC_VERIFY_RATE_PER_MIN: String(LIMIT),
      ONEMIND_WRITE_RATE_PER_MIN: '0',
    });
    await t.start();
    projector = await startProjector(await t.projectorConfig(), { subscribers: [startReadModels] });
    ({ number, code } = await certify(t, 'tx-spell-pd'));
  });
  afterAll(async () => {
    await projector?.stop();
    await t.stop();
  });

  it('letter case, trailing and doubled slashes and percent-encoded letters: 404 or 429, never the oracle', async () => {
    const n = encodeURIComponent(number);
    const q = `?code=${code}`;
    const canonical = `/v1/public/certificates/${n}${q}`;
    const spellings = [
      `/V1/public/certificates/${n}${q}`,
      `/v1/PUBLIC/certificates/${n}${q}`,
      `/v1/public/Certificates/${n}${q}`,
      `/v1/public/CERTIFICATES/${n}${q}`,
      `/v1/public/certificates/${n}/${q}`,
      `/v1//public/certificates/${n}${q}`,
      `//v1/public/certificates/${n}${q}`,
      `/v1/public/certificates//${n}${q}`,
      `/v1/public/%63ertificates/${n}${q}`,
      `/v1/%70ublic/certificates/${n}${q}`,
      `/%761/public/certificates/${n}${q}`,
      `/v1/public/certificates/%${number.charCodeAt(0).toString(16).toUpperCase()}${n.slice(1)}${q}`,
      `/v1/public/certificates/${n}?code=${code}&code=${code}`,
      // the human page the QR code opens runs the same check: the same budget, not a second one
      `/verify/${n}${q}`,
      `/VERIFY/${n}/${q}`,
    ];
    const first = await t.request('GET', canonical);
    expect(first.status).toBe(200);
    for (let i = 1; i < LIMIT; i++)
      expect((await t.request('GET', `/v1/public/certificates/${n}?code=WRONG${i}`)).status).toBe(404);
    expect429(await t.request('GET', canonical));
    const answered: string[] = [];
    for (const path of spellings) {
      for (const method of ['GET', 'HEAD']) {
        const res = await t.request(method, path);
        if (res.status !== 404 && res.status !== 429) answered.push(`${method} ${path} -> ${res.status}`);
        if (res.text.includes(number)) answered.push(`${method} ${path} -> body names the certificate`);
      }
    }
    expect(answered).toEqual([]);
  });
});
