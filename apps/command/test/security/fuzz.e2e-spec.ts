import { jest } from '@jest/globals';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { TestApp } from '../support/test-app.js';
import {
  concretePath,
  countEvents,
  eventCounter,
  isProblem,
  OWN_AGENCY,
  readEvents,
} from './support/harness.js';
import {
  hostileCsv,
  hostileTextBody,
  hostileTextSweep,
  junkBody,
  junkCsv,
  mutatedBody,
  mutatedCsv,
  type HostileText,
} from './support/hostile.js';
import { MULTIPART_TYPE, mutatedMultipart } from './support/multipart.js';
import { allRoutes, WRITE_METHODS, type DiscoveredRoute } from './support/routes.js';
import { PLEDGE_BODY, WRITE_SAMPLES } from './support/write-samples.js';

/**
 * G8: hostile input gets a clear 4xx and appends nothing. Every write route the router serves is
 * fuzzed (new ones included), each with ≥ 200 runs: junk JSON, forbidden keys at any depth, and
 * valid bodies with random mutations. Re-run a failure with FC_SEED=<seed printed below>.
 */
jest.setTimeout(180_000);
const seed = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);
const RUNS = Number(process.env.FUZZ_RUNS ?? 200);
console.log(`security fuzz: FC_SEED=${seed} (${RUNS} runs per write route)`);

const CSV_TYPE = { 'content-type': 'text/csv' };
const JSON_TYPE = { 'content-type': 'application/json' };
/** Path parameters are fuzzed too: the agency under test, fresh ones, and hostile ones. */
const agencyIds = fc.oneof(
  { weight: 6, arbitrary: fc.constant(OWN_AGENCY) },
  { weight: 2, arbitrary: fc.stringMatching(/^[a-z][a-z0-9-]{2,20}$/) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      'ab',
      'x'.repeat(65),
      '..',
      '%2e%2e%2fetc',
      'a%00b',
      '%E2%80%AE',
      'agency-%7Bid%7D',
      encodeURIComponent('tx pd'),
      '__proto__',
      'constructor',
    ),
  },
);

describe('G8: fuzzing every write endpoint (e2e)', () => {
  const t = new TestApp();
  let writes: DiscoveredRoute[];
  let tokens: string[];

  beforeAll(async () => {
    await t.start();
    writes = allRoutes(t.app).filter((r) => WRITE_METHODS.has(r.method));
    const staff = await t.token('staff', 'fuzz-staff@iacp', undefined, '30m');
    tokens = [staff, await t.token('agency', 'fuzz-chief@own', OWN_AGENCY, '30m')];
    // A pledged agency, so mutated bodies also reach the business rules, not only validation.
    expect(
      (await t.request('POST', `/v1/agencies/${OWN_AGENCY}/pledge`, { token: staff, body: PLEDGE_BODY }))
        .status,
    ).toBe(201);
  });
  afterAll(() => t.stop());

  it('has a sample body for every write route (so that mutations of valid bodies are fuzzed)', () => {
    expect(writes.length).toBeGreaterThan(0);
    expect(writes.filter((r) => !WRITE_SAMPLES[r.key]).map((r) => r.key)).toEqual([]);
  });

  it('never answers 5xx, answers 4xx as problem+json, and appends nothing on a rejection', async () => {
    const failures: string[] = [];
    const timings: string[] = [];
    const events = await eventCounter(t);
    for (const route of writes) {
      const sample = WRITE_SAMPLES[route.key];
      const csv = sample?.contentType === 'text/csv';
      const multipart = sample?.contentType?.startsWith('multipart/') ?? false;
      const bodies = multipart
        ? fc.oneof(
            mutatedMultipart(),
            junkBody.map((b) => ({ b, h: JSON_TYPE })),
            junkCsv.map((b) => ({ b, h: { 'content-type': MULTIPART_TYPE } })),
          )
        : csv
          ? fc.oneof(
              junkCsv.map((b) => ({ b, h: CSV_TYPE })),
              mutatedCsv(sample.body as string).map((b) => ({ b, h: CSV_TYPE })),
              junkBody.map((b) => ({ b, h: JSON_TYPE })),
            )
          : fc.oneof(
              junkBody.map((b) => ({ b, h: JSON_TYPE })),
              ...(sample
                ? [mutatedBody(sample.body as Record<string, unknown>).map((b) => ({ b, h: JSON_TYPE }))]
                : []),
            );
      const property = fc.asyncProperty(
        bodies,
        agencyIds,
        fc.constantFrom(...tokens),
        async ({ b, h }, agencyId, token) => {
          const before = await events.count();
          const res = await t
            .request(route.method, concretePath(route.path, agencyId), { token, body: b, headers: h })
            .catch((err: Error & { cause?: unknown }) => {
              throw new Error(
                `${err.message} (${String(err.cause)}) ← ${route.key} [${agencyId}] ${b.slice(0, 200)}`,
              );
            });
          const after = await events.count();
          const where = `${route.key} [${agencyId}] ${res.status}: ${res.text.slice(0, 160)} ← ${b.slice(0, 160)}`;
          if (res.status >= 500) throw new Error(`5xx: ${where}`);
          if (res.status >= 400) {
            if (!isProblem(res) || res.json?.status !== res.status)
              throw new Error(`not problem+json: ${where}`);
            if (after !== before)
              throw new Error(`a rejected request appended ${after - before} events: ${where}`);
          } else if (after - before !== (res.json?.events?.length ?? -1)) {
            throw new Error(
              `accepted, but appended ${after - before} events while answering ${res.json?.events?.length}: ${where}`,
            );
          }
        },
      );
      const started = Date.now();
      const out = await fc.check(property, { numRuns: RUNS, seed, endOnFailure: true });
      timings.push(`${route.key}: ${Date.now() - started} ms`);
      if (out.failed)
        failures.push(
          `${route.key} (FC_SEED=${seed}): ${String((out.errorInstance as Error)?.message ?? out.errorInstance)}`,
        );
    }
    await events.close();
    console.log(`fuzz timings:\n${timings.join('\n')}`);
    expect(failures).toEqual([]);
    // Refused and accepted uploads alike leave no scratch file behind.
    const scratch = join(t.dataDir, 'evidence', '.incoming');
    expect(existsSync(scratch) ? readdirSync(scratch) : []).toEqual([]);
  });

  describe('issue 13: prototype words and control characters in every text field', () => {
    /** The G8 invariant, plus: a refused control character is never accepted. */
    async function send(
      route: DiscoveredRoute,
      input: HostileText,
      headers: Record<string, string>,
      token: string,
      events: { count(): Promise<number> },
      named = false,
    ) {
      const before = await events.count();
      const res = await t.request(route.method, concretePath(route.path, OWN_AGENCY), {
        token,
        body: input.body,
        headers,
      });
      const after = await events.count();
      const where = `${route.key} [${input.field}] ${res.status}: ${res.text.slice(0, 160)} ← ${JSON.stringify(input.body.slice(0, 200))}`;
      if (res.status >= 500) throw new Error(`5xx: ${where}`);
      if (input.mustRefuse && res.status < 400) throw new Error(`a control character was accepted: ${where}`);
      if (
        input.mustRefuse &&
        named &&
        (res.status !== 400 || !res.json?.errors?.some((e: { path: string }) => e.path === input.field))
      )
        throw new Error(`not a 400 naming the field: ${where}`);
      if (res.status >= 400) {
        if (!isProblem(res) || res.json?.status !== res.status) throw new Error(`not problem+json: ${where}`);
        if (after !== before)
          throw new Error(`a rejected request appended ${after - before} events: ${where}`);
      } else if (after - before !== (res.json?.events?.length ?? -1)) {
        throw new Error(
          `accepted, but appended ${after - before} events while answering ${res.json?.events?.length}: ${where}`,
        );
      } else {
        // What was stored is plain data: `sworn` a boolean (a cell `__proto__` once stored `{}`), no control characters.
        for (const e of await readEvents(t, Number(res.json.position) - res.json.events.length)) {
          const data = JSON.parse(e.data);
          if (e.type === 'OfficerJoined' && typeof data.sworn !== 'boolean')
            throw new Error(`stored sworn ${e.data}: ${where}`);
          if (texts(data).some((v) => /(?![\t\n\r])\p{Cc}/u.test(v)))
            throw new Error(`stored a control character ${e.data}: ${where}`);
        }
      }
    }

    it('the CSV import: prototype words and control characters in every column and as header names', async () => {
      const route = writes.find((r) => r.key === 'POST /v1/agencies/:agencyId/imports')!;
      const events = await eventCounter(t);
      const property = fc.asyncProperty(hostileCsv, fc.constantFrom(...tokens), (input, token) =>
        send(route, input, CSV_TYPE, token, events),
      );
      const out = await fc.check(property, { numRuns: RUNS, seed, endOnFailure: true });
      await events.close();
      expect(
        out.failed
          ? `FC_SEED=${seed}: ${String((out.errorInstance as Error)?.message ?? out.errorInstance)}`
          : 'ok',
      ).toBe('ok');
    });

    it('every text field of every JSON write route: control characters refused (400 naming the field), prototype words harmless', async () => {
      const events = await eventCounter(t);
      const staff = tokens[0]; // staff may call every route, so the body always reaches validation
      const routes = writes.filter(
        (r) => WRITE_SAMPLES[r.key] && WRITE_SAMPLES[r.key].contentType === undefined,
      );
      // A fixed sweep first: every field once with a control character and once with a prototype word…
      let n = 0;
      for (const route of routes) {
        for (const input of hostileTextSweep(
          WRITE_SAMPLES[route.key].body as Record<string, unknown>,
          () => n++,
        ))
          await send(route, input, JSON_TYPE, staff, events, true);
      }
      // …then random ones (any field, any control character, anywhere in the text): 2 × RUNS over all routes,
      // not RUNS per route, so that the file stays within its CI budget on 2 cores.
      const cases = routes.flatMap((route) => {
        const bodies = hostileTextBody(WRITE_SAMPLES[route.key].body as Record<string, unknown>);
        return bodies ? [bodies.map((input) => ({ route, input }))] : [];
      });
      const property = fc.asyncProperty(fc.oneof(...cases), ({ route, input }) =>
        send(route, input, JSON_TYPE, staff, events, true),
      );
      const out = await fc.check(property, { numRuns: 2 * RUNS, seed, endOnFailure: true });
      await events.close();
      expect(
        out.failed
          ? `FC_SEED=${seed}: ${String((out.errorInstance as Error)?.message ?? out.errorInstance)}`
          : 'ok',
      ).toBe('ok');
    });
  });

  it('reads too: hostile query strings and path parameters never answer 5xx', async () => {
    const reads = allRoutes(t.app).filter(
      (r) => r.nest && r.method === 'GET' && !r.path.startsWith('/metrics') && !r.path.startsWith('/health'),
    );
    const names = fc.constantFrom(
      'status',
      'region',
      'q',
      'page',
      'pageSize',
      'covered',
      'asOf',
      'revision',
      'format',
      'code',
      '__proto__',
      'constructor',
      'a[b]',
      'page[]',
    );
    const values = fc.oneof(
      fc.string({ maxLength: 20 }),
      fc.constantFrom(
        '-1',
        '0',
        '1e9',
        '99999999999999999999',
        '2025-02-30',
        'true',
        'x'.repeat(300),
        '%00',
        '%E2%80%AE',
        'NaN',
        '1.5',
      ),
    );
    const query = fc
      .array(fc.tuple(names, values), { maxLength: 5 })
      .map((pairs) => pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&'));
    const minPosition = fc.oneof(
      fc.constant(undefined),
      fc.constantFrom('abc', '-1', '1.5', ' ', '0x10', '1'.repeat(30)),
    );
    const failures: string[] = [];
    for (const route of reads) {
      const property = fc.asyncProperty(
        agencyIds,
        query,
        minPosition,
        fc.constantFrom(...tokens),
        async (agencyId, q, min, token) => {
          const res = await t.request('GET', `${concretePath(route.path, agencyId)}?${q}`, {
            token,
            headers: min === undefined ? {} : { 'x-min-position': min },
          });
          if (res.status >= 500)
            throw new Error(`${route.key} ?${q} → ${res.status}: ${res.text.slice(0, 200)}`);
          if (res.status >= 400 && !isProblem(res))
            throw new Error(`${route.key} ?${q} → ${res.status} is not problem+json`);
        },
      );
      const out = await fc.check(property, {
        numRuns: Math.max(50, Math.floor(RUNS / 4)),
        seed,
        endOnFailure: true,
      });
      if (out.failed)
        failures.push(
          `${route.key} (FC_SEED=${seed}): ${String((out.errorInstance as Error)?.message ?? out.errorInstance)}`,
        );
    }
    expect(failures).toEqual([]);
  });

  describe('size limits and content types', () => {
    const staff = () => tokens[0];
    const post = (path: string, body: string, headers: Record<string, string>) =>
      t.request('POST', path, { token: staff(), body, headers });

    it('a JSON body over 1 MiB → 413, nothing appended', async () => {
      const before = await countEvents(t);
      const res = await post(
        `/v1/agencies/${OWN_AGENCY}/withdrawal`,
        JSON.stringify({ reason: 'x'.repeat(1024 * 1024) }),
        JSON_TYPE,
      );
      expect(res.status).toBe(413);
      expect(isProblem(res)).toBe(true);
      expect(await countEvents(t)).toBe(before);
    });

    it('a CSV over 20 MiB → 413, nothing appended', async () => {
      const before = await countEvents(t);
      const row = `${'a'.repeat(60)},true,2020-01-01,,,,\n`;
      const body = `officerRef,sworn,joinedOn,separatedOn,programId,completedOn,hours\n${row.repeat(Math.ceil((20 * 1024 * 1024 + 1) / row.length))}`;
      const res = await post(`/v1/agencies/${OWN_AGENCY}/imports`, body, CSV_TYPE);
      expect(res.status).toBe(413);
      expect(isProblem(res)).toBe(true);
      expect(await countEvents(t)).toBe(before);
    });

    it('a streamed (chunked, no Content-Length) CSV over 20 MiB → 413 as well, nothing appended', async () => {
      const before = await countEvents(t);
      const row = Buffer.from(`${'b'.repeat(60)},true,2020-01-01,,,,\n`);
      let sent = 0;
      const body = new ReadableStream<Uint8Array>({
        start(c) {
          c.enqueue(Buffer.from('officerRef,sworn,joinedOn,separatedOn,programId,completedOn,hours\n'));
        },
        pull(c) {
          if (sent > 21 * 1024 * 1024) return c.close();
          const chunk = Buffer.concat(Array.from({ length: 1000 }, () => row));
          sent += chunk.length;
          c.enqueue(chunk);
        },
      });
      const res = await fetch(`${t.baseUrl}/v1/agencies/${OWN_AGENCY}/imports`, {
        method: 'POST',
        headers: { authorization: `Bearer ${staff()}`, 'content-type': 'text/csv' },
        body,
        duplex: 'half',
      } as RequestInit & { duplex: 'half' }).catch((err: Error) => ({
        status: `connection closed early: ${err.message}`,
      }));
      expect(res.status).toBe(413);
      expect(await countEvents(t)).toBe(before);
    });

    it('a wrong content type → 415 (JSON routes, the CSV route, form posts)', async () => {
      const before = await countEvents(t);
      const cases: [string, string, Record<string, string>][] = [
        [
          `/v1/agencies/${OWN_AGENCY}/withdrawal`,
          'reason=x',
          { 'content-type': 'application/x-www-form-urlencoded' },
        ],
        [`/v1/agencies/${OWN_AGENCY}/withdrawal`, '{"reason":"x"}', { 'content-type': 'text/plain' }],
        [`/v1/agencies/${OWN_AGENCY}/withdrawal`, '{"reason":"x"}', { 'content-type': 'application/xml' }],
        [`/v1/agencies/${OWN_AGENCY}/imports`, '{"rows":[]}', JSON_TYPE],
        [`/v1/agencies/${OWN_AGENCY}/officers`, 'officerRef\nx', CSV_TYPE],
      ];
      for (const [path, body, headers] of cases) {
        const res = await post(path, body, headers);
        expect([path, res.status, isProblem(res)]).toEqual([path, 415, true]);
      }
      expect(await countEvents(t)).toBe(before);
    });

    it('an invalid calendar date (2025-02-30) is refused with the field named', async () => {
      const res = await post(
        `/v1/agencies/${OWN_AGENCY}/policies`,
        JSON.stringify({
          ...(WRITE_SAMPLES['POST /v1/agencies/:agencyId/policies'].body as object),
          adoptedOn: '2025-02-30',
        }),
        JSON_TYPE,
      );
      expect(res.status).toBe(400);
      expect(res.json.errors).toEqual(
        expect.arrayContaining([expect.objectContaining({ path: 'adoptedOn' })]),
      );
    });

    it('forbidden keys do not reach any prototype', async () => {
      const res = await post(
        `/v1/agencies/${OWN_AGENCY}/withdrawal`,
        '{"reason":"x","__proto__":{"polluted":true}}',
        JSON_TYPE,
      );
      expect(res.status).toBe(400);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });
  });
});

/** Every string inside a JSON value. */
function texts(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  return v && typeof v === 'object' ? Object.values(v).flatMap(texts) : [];
}
