import { jest } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { TestApp } from '../support/test-app.js';

/**
 * G9 and API.md's 429: budgets live in Redis, so instances share them. Each run uses its own key
 * prefix so that parallel or repeated runs never count against each other.
 */
jest.setTimeout(60_000);
const prefix = `onemind:rl:test:${randomBytes(6).toString('hex')}:`;
Object.assign(process.env, { ONEMIND_RATE_LIMIT_PREFIX: prefix, ONEMIND_PUBLIC_VERIFY_RATE_PER_MIN: '100', ONEMIND_WRITE_RATE_PER_MIN: '5' });

const guess = (i: number) => `/v1/public/certificates/OM-2026-${String(i % 997).padStart(5, '0')}?code=${randomBytes(5).toString('hex').toUpperCase()}`;

function expect429(res: { status: number; headers: Headers; json: any }) {
  expect(res.status).toBe(429);
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  expect(Number(res.headers.get('retry-after'))).toBeLessThanOrEqual(60);
  expect(res.json).toMatchObject({ status: 429, code: 'rate-limited' });
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
    const write = (app: TestApp, token: string) => app.request('POST', '/v1/agencies/tx-rate-pd/withdrawal', { token, body: { reason: 'x' } });
    const first = [await write(a, alice), await write(b, alice), await write(a, alice), await write(b, alice), await write(a, alice)];
    expect(first.map((r) => r.status).filter((s) => s === 429)).toHaveLength(0);
    expect429(await write(b, alice));
    expect((await write(a, bob)).status).not.toBe(429);
    // Reads are not writes: the same subject may still read.
    expect((await a.request('GET', '/health/live', { token: alice })).status).toBe(200);
  });
});

describe('G9: guessing verification codes (e2e)', () => {
  const t = new TestApp();
  beforeAll(async () => {
    process.env.ONEMIND_RATE_LIMIT_PREFIX = `${prefix}g9:`;
    await t.start();
  });
  afterAll(() => t.stop());

  it('1,000 guessed codes: no hit, and 429 from the 101st on', async () => {
    const statuses: number[] = [];
    let hits = 0;
    for (let i = 0; i < 1000; i++) {
      const res = await t.request('GET', guess(i));
      statuses.push(res.status);
      if (res.status === 200 && res.json?.valid) hits += 1;
    }
    expect(hits).toBe(0);
    expect(statuses.slice(0, 100)).not.toContain(429);
    expect(statuses.slice(100).every((s) => s === 429)).toBe(true);
  });
});
