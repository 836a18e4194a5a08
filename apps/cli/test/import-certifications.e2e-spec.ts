import { Redis } from 'ioredis';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { principalScope } from '#auth';
import { TestApp } from '../../command/test/support/test-app.js';
import { runCli } from '../src/main.js';

const HEADER =
  'agencyId,name,ori,country,region,signatoryName,signatoryTitle,contactName,contactEmail,ruleSet,pledgedOn,submittedOn,effectiveOn,certificateNumber,note';
const ROWS = [
  'hist-cli-2016,Old Town PD,,US,TX,Pat Chief,Chief,Sam,sam@old.example,one-mind-2016,2017-02-01,2018-01-05,2018-02-01,OM-0413,list row 2',
  'hist-cli-2023,New Town PD,,US,TX,Pat Chief,Chief,Sam,sam@new.example,one-mind-2023,2023-01-15,2023-05-01,2023-06-01,,list row 3',
  'hist-cli-bad,Bad Email PD,,US,TX,Pat Chief,Chief,Sam,not-an-email,one-mind-2023,2023-01-15,2023-05-01,2023-06-01,,list row 4',
  'hist-cli-dup,Dup Number PD,,US,TX,Pat Chief,Chief,Sam,sam@dup.example,one-mind-2016,2017-02-01,2018-01-05,2018-02-01,OM-0413,list row 5',
];
const LIMIT = 5;

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
  const m = /^(\d+) certifications: (\d+) migrated, (\d+) already recorded, (\d+) failed$/m.exec(out);
  if (!m) throw new Error(`no summary line in:\n${out}`);
  const [rows, migrated, already, failed] = m.slice(1).map(Number);
  return { rows, migrated, already, failed };
};

/** Events marked migrated, read from the log whichever store holds it (SQLite or PostgreSQL). */
async function migratedEvents(t: TestApp): Promise<number> {
  return (await t.logEvents()).filter((e) => (e.data as { migrated?: true }).migrated === true).length;
}

/**
 * `npx onemind import-certifications`: the route per row, with the write budget nearly spent so the
 * run must wait as the server says (429 + Retry-After); bad rows named with their reasons; a re-run
 * records nothing again and says the agencies already exist.
 */
describe('npx onemind import-certifications (e2e)', () => {
  const prefix = `onemind:rl:importcert-${process.pid}-${Date.now()}:`;
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
    for (let i = 0; i < LIMIT; i++) await redis.zadd(key, now - ageMs, `spent-${i}`);
    await redis.pexpire(key, 60_000);
  }

  it('migrates each row through the route, waits as told, names the failed rows; a re-run records nothing', async () => {
    const file = join(t.dataDir, 'certifications.csv');
    writeFileSync(file, [HEADER, ...ROWS].join('\n'));
    const token = await t.token('staff', 'cert-importer');
    await spendBudget('cert-importer', 58_000); // frees up in about 2 s
    const args = ['import-certifications', file, '--url', t.baseUrl, '--concurrency', '1'];
    const first = await capture(() => runCli([...args, '--token', token]));
    expect(first.code).toBe(1);
    expect(counts(first.out)).toEqual({ rows: 4, migrated: 2, already: 0, failed: 2 });
    expect(first.out).toMatch(
      /^ {2}400: .*contact\.email: email must be an email.* — 1 row: 4 \(hist-cli-bad\)$/m,
    );
    expect(first.out).toMatch(/^ {2}409 certificate-number-taken: .* — 1 row: 5 \(hist-cli-dup\)$/m);
    expect(Number(/of which (\d+) s waiting/.exec(first.out)?.[1])).toBeGreaterThanOrEqual(1);
    expect(first.err).toMatch(/waiting \d+ s: 429 rate-limited/);
    expect(await migratedEvents(t)).toBe(6); // two agencies × pledge, submission, approval

    const second = await t.token('staff', 'cert-again');
    const again = await capture(() => runCli([...args, '--token', second]));
    expect(counts(again.out)).toEqual({ rows: 4, migrated: 0, already: 2, failed: 2 });
    expect(again.out).toMatch(/^ {2}already recorded: 2 existed before$/m);
    expect(await migratedEvents(t)).toBe(6);
  }, 60_000);
});
