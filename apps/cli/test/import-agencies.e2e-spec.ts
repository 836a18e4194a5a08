import { parse } from 'csv-parse/sync';
import { Redis } from 'ioredis';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { principalScope } from '#auth';
import { TestApp } from '../../command/test/support/test-app.js';
import { runCli } from '../src/main.js';

const TEXAS_2018 = join(process.cwd(), 'test-data', 'public', 'fbi_ucr_police_employees_texas_2018.csv');
const HEADER =
  'agencyId,name,ori,country,region,agencyType,signatoryName,signatoryTitle,contactName,contactEmail,commitmentMonths,pledgedOn,ruleSet';
const BAD_ROWS = [
  'tx-bad-email,Bad Email PD,,US,TX,City,Chief,Chief,Contact,not-an-email,36,,',
  'x,Short Id PD,,US,TX,City,Chief,Chief,Contact,c@example.org,36,,',
];

/**
 * Real agencies from the FBI file, as staff would migrate them (ORI → agencyId): the whole file,
 * 1,300 rows, with the 16 ORIs the FBI published twice; the people are placeholders (the file has none).
 */
function texasRows(count = Infinity): string[] {
  const rows = (parse(readFileSync(TEXAS_2018), { columns: true }) as Record<string, string>[]).slice(
    0,
    count,
  );
  return rows.map((r) =>
    [
      `tx-${r.ori.toLowerCase()}`,
      `"${r.pub_agency_name} ${r.agency_type_name}"`,
      r.ori,
      'US',
      'TX',
      r.agency_type_name,
      'Chief Example',
      'Chief',
      'Contact',
      'onemind@example.org',
      '36',
      '2019-05-01',
      'one-mind-2016',
    ].join(','),
  );
}

async function capture(fn: () => Promise<number>): Promise<{ code: number; out: string; err: string }> {
  const write = process.stdout.write.bind(process.stdout);
  const writeErr = process.stderr.write.bind(process.stderr);
  let out = '';
  let err = '';
  process.stdout.write = ((chunk: string) => ((out += chunk), true)) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string) => ((err += chunk), true)) as typeof process.stderr.write;
  try {
    return { code: await fn(), out, err };
  } finally {
    process.stdout.write = write;
    process.stderr.write = writeErr;
  }
}

const counts = (out: string) => {
  const m = /^(\d+) agencies: (\d+) pledged, (\d+) already pledged, (\d+) failed$/m.exec(out);
  if (!m) throw new Error(`no summary line in:\n${out}`);
  const [rows, pledged, already, failed] = m.slice(1).map(Number);
  return { rows, pledged, already, failed };
};

async function pledgesIn(t: TestApp): Promise<number> {
  return (await t.logEvents()).filter((e) => e.type === 'PledgeTaken').length;
}

describe('npx onemind import-agencies: the whole Texas 2018 file under the default write budget (e2e)', () => {
  // The production default (600 writes a minute per user): under NODE_ENV=test it would be off.
  const t = new TestApp({
    ONEMIND_WRITE_RATE_PER_MIN: '600',
    ONEMIND_RATE_LIMIT_PREFIX: `onemind:rl:import-${process.pid}-${Date.now()}:`,
  });
  beforeAll(() => t.start());
  afterAll(() => t.stop());

  it('one run pledges every agency, names every failed row with its reason, and a re-run pledges nothing new', async () => {
    const texas = texasRows();
    expect(texas).toHaveLength(1300);
    const file = join(t.dataDir, 'texas-2018.csv');
    writeFileSync(file, [HEADER, ...texas, ...BAD_ROWS].join('\n'));

    const started = Date.now();
    const first = await capture(() => runCli(['import-agencies', file, '--url', t.baseUrl]));
    const seconds = (Date.now() - started) / 1000;
    process.stdout.write(`[import-agencies] Texas 2018, first run: ${seconds.toFixed(1)} s\n${first.out}`);
    expect(first.code).toBe(1);
    const c = counts(first.out);
    expect(c.pledged + c.already + c.failed).toBe(c.rows);
    expect(c).toEqual({ rows: 1302, pledged: 1284, already: 16, failed: 2 });
    expect(first.out).toMatch(/^ {2}already pledged: 16 repeat an agency of an earlier row$/m);
    expect(first.out).toMatch(/^failed \(2\), by reason:$/m);
    expect(first.out).toMatch(
      /^ {2}400: contact\.email: email must be an email — 1 row: 1302 \(tx-bad-email\)$/m,
    );
    expect(first.out).toMatch(/^ {2}400: agencyId: agencyId must be 3–64 characters.* — 1 row: 1303 \(x\)$/m);
    expect(first.out).toMatch(/of which 0 s waiting/); // 14 requests: far inside 600 writes a minute
    expect(first.err).toMatch(/import-agencies \[#+\] 100% 1302\/1302/);
    expect(await pledgesIn(t)).toBe(1284);

    const again = await capture(() => runCli(['import-agencies', file, '--url', t.baseUrl]));
    expect(counts(again.out)).toEqual({ rows: 1302, pledged: 0, already: 1300, failed: 2 });
    expect(again.out).toMatch(
      /^ {2}already pledged: 1284 imported before \(the same rows\), 16 repeat an agency of an earlier row$/m,
    );
    expect(await pledgesIn(t)).toBe(1284);

    // The two bad rows fixed, the rest as it was: only they are pledged.
    writeFileSync(
      file,
      [
        HEADER,
        ...texas,
        ...BAD_ROWS.map((r) => r.replace('not-an-email', 'c@example.org').replace(/^x,/, 'tx-x,')),
      ].join('\n'),
    );
    const fixed = await capture(() => runCli(['import-agencies', file, '--url', t.baseUrl]));
    expect(fixed.code).toBe(0);
    expect(counts(fixed.out)).toEqual({ rows: 1302, pledged: 2, already: 1300, failed: 0 });
    expect(await pledgesIn(t)).toBe(1286);

    const nothing = await capture(() => runCli(['import-agencies', file, '--url', t.baseUrl]));
    expect(nothing.code).toBe(0);
    expect(counts(nothing.out)).toEqual({ rows: 1302, pledged: 0, already: 1302, failed: 0 });
    expect(nothing.out).toMatch(/nothing new to pledge/);
  }, 300_000);
});

describe('npx onemind import-agencies: the server asks it to wait (429 with Retry-After)', () => {
  const prefix = `onemind:rl:import429-${process.pid}-${Date.now()}:`;
  const LIMIT = 3;
  const t = new TestApp({ ONEMIND_WRITE_RATE_PER_MIN: String(LIMIT), ONEMIND_RATE_LIMIT_PREFIX: prefix });
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { lazyConnect: true });
  beforeAll(async () => {
    await t.start();
    await redis.connect();
  });
  afterAll(async () => {
    redis.disconnect();
    await t.stop();
  });

  /** The user's whole budget spent `ageMs` ago, as the server's own limiter records writes (Redis clock). */
  async function spendBudget(sub: string, ageMs: number) {
    const [s, us] = await redis.time();
    const now = Number(s) * 1000 + Math.floor(Number(us) / 1000);
    const key = `${prefix}write:${principalScope({ role: 'staff', sub })}`;
    await redis.del(key);
    for (let i = 0; i < LIMIT; i++) await redis.zadd(key, now - ageMs, `spent-${i}`);
    await redis.pexpire(key, 60_000);
  }

  it('waits as told, then finishes the run', async () => {
    const file = join(t.dataDir, 'few.csv');
    writeFileSync(file, [HEADER, ...texasRows(6)].join('\n'));
    const token = await t.token('staff', 'importer-waits');
    await spendBudget('importer-waits', 58_000); // frees up in about 2 s
    const started = Date.now();
    const run = await capture(() =>
      runCli([
        'import-agencies',
        file,
        '--url',
        t.baseUrl,
        '--token',
        token,
        '--batch',
        '2',
        '--concurrency',
        '1',
      ]),
    );
    expect(run.code).toBe(0);
    expect(counts(run.out)).toEqual({ rows: 6, pledged: 6, already: 0, failed: 0 });
    const waited = Number(/of which (\d+) s waiting/.exec(run.out)?.[1]);
    expect(waited).toBeGreaterThanOrEqual(1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(run.err).toMatch(/waiting \d+ s: 429 rate-limited/);
  }, 60_000);

  it('gives up once --max-wait is spent, and says why for each row', async () => {
    const file = join(t.dataDir, 'more.csv');
    writeFileSync(file, [HEADER, ...texasRows(10).slice(6)].join('\n'));
    const token = await t.token('staff', 'importer-impatient');
    await spendBudget('importer-impatient', 0); // a minute to go
    const run = await capture(() =>
      runCli(['import-agencies', file, '--url', t.baseUrl, '--token', token, '--max-wait', '5']),
    );
    expect(run.code).toBe(1);
    expect(counts(run.out)).toEqual({ rows: 4, pledged: 0, already: 0, failed: 4 });
    expect(run.out).toMatch(
      /^ {2}429 rate-limited: at most 3 writes per minute per user; retry in \d+ s \(gave up: waiting \d+ s more would pass --max-wait\) — 4 rows: 2 \(tx-/m,
    );
  }, 60_000);
});
