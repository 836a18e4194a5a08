import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { patientPost, retryAfterMs, WaitBudget } from '../src/patient-fetch.js';

/**
 * The import's HTTP client against a real local server that answers a scripted sequence: what it
 * does with 429, 503 and 507 and their Retry-After, and when it stops waiting.
 */
describe('patientPost: waits as the server says, within one budget (int)', () => {
  let server: Server;
  let url = '';
  let script: { status: number; headers?: Record<string, string> }[] = [];
  let seen = 0;

  beforeAll(async () => {
    server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        const next = script[Math.min(seen++, script.length - 1)];
        res.writeHead(next.status, { 'content-type': 'application/json', ...(next.headers ?? {}) });
        res.end(
          JSON.stringify(
            next.status < 300
              ? { ok: true }
              : { status: next.status, code: `c${next.status}`, detail: 'wait' },
          ),
        );
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/bulk`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));
  beforeEach(() => (seen = 0));
  const post = (budget: WaitBudget) =>
    patientPost(url, { headers: { 'content-type': 'application/json' }, body: '{}' }, budget);

  it('503 with Retry-After: waits that long, then takes the answer; the attempt may have been acted on', async () => {
    script = [{ status: 503, headers: { 'retry-after': '1' } }, { status: 200 }];
    const waits: string[] = [];
    const started = Date.now();
    const answer = await post(new WaitBudget(10_000, (s, why) => waits.push(`${s} ${why}`)));
    expect(answer).toMatchObject({ ok: true, status: 200, retriedAfterTrying: true });
    expect(Date.now() - started).toBeGreaterThanOrEqual(990);
    expect(waits).toEqual(['1 503 c503: wait']);
  });

  it('429 with Retry-After as an HTTP date: waits, and the refused attempt did nothing', async () => {
    script = [
      { status: 429, headers: { 'retry-after': new Date(Date.now() + 2000).toUTCString() } },
      { status: 200 },
    ];
    const budget = new WaitBudget(10_000);
    const answer = await post(budget);
    expect(answer).toMatchObject({ ok: true, retriedAfterTrying: false });
    expect(budget.spentSeconds).toBeGreaterThanOrEqual(1);
  });

  it('stops when the next wait would pass the budget, and says so', async () => {
    script = [
      { status: 507, headers: { 'retry-after': '1' } },
      { status: 507, headers: { 'retry-after': '30' } },
    ];
    const budget = new WaitBudget(5_000);
    const answer = await post(budget);
    expect(answer).toMatchObject({ ok: false, status: 507 });
    expect(!answer.ok && answer.reason).toBe(
      '507 c507: wait (gave up: waiting 30 s more would pass --max-wait)',
    );
    expect(budget.spentSeconds).toBe(1);
    expect(seen).toBe(2);
  });

  it('a 4xx other than 429 is the answer at once', async () => {
    script = [{ status: 400 }];
    const answer = await post(new WaitBudget(10_000));
    expect(answer).toMatchObject({
      ok: false,
      status: 400,
      reason: '400 c400: wait',
      retriedAfterTrying: false,
    });
    expect(seen).toBe(1);
  });

  it('reads Retry-After as seconds or as a date, and nothing else', () => {
    const now = Date.parse('2026-12-01T06:00:00Z');
    expect(retryAfterMs('42', now)).toBe(42_000);
    expect(retryAfterMs('Tue, 01 Dec 2026 06:00:05 GMT', now)).toBe(5_000);
    expect(retryAfterMs('Tue, 01 Dec 2026 05:00:00 GMT', now)).toBe(0);
    expect(retryAfterMs('soon', now)).toBeNull();
    expect(retryAfterMs('-5', now)).toBeNull();
    expect(retryAfterMs(null, now)).toBeNull();
  });
});
