import Database from 'better-sqlite3';
import { parse } from 'csv-parse/sync';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TestApp } from '../../command/test/support/test-app.js';
import { runCli } from '../src/main.js';

const TEXAS_2018 = join(process.cwd(), 'test-data', 'public', 'fbi_ucr_police_employees_texas_2018.csv');

/** Real agencies from the FBI file, as staff would migrate them (ORI → agencyId). */
function agenciesCsv(count: number): string {
  const rows = (parse(readFileSync(TEXAS_2018), { columns: true }) as Record<string, string>[]).slice(
    0,
    count,
  );
  const header =
    'agencyId,name,ori,country,region,agencyType,signatoryName,signatoryTitle,contactName,contactEmail,commitmentMonths,pledgedOn,ruleSet';
  const lines = rows.map((r) =>
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
  lines.push('tx-bad-email,Bad Email PD,,US,TX,City,Chief,Chief,Contact,not-an-email,36,,');
  lines.push('x,Short Id PD,,US,TX,City,Chief,Chief,Contact,c@example.org,36,,');
  return [header, ...lines].join('\n');
}

async function capture(fn: () => Promise<number>): Promise<{ code: number; out: string }> {
  const write = process.stdout.write.bind(process.stdout);
  let out = '';
  process.stdout.write = ((chunk: string) => ((out += chunk), true)) as typeof process.stdout.write;
  try {
    return { code: await fn(), out };
  } finally {
    process.stdout.write = write;
  }
}

describe('npx onemind import-agencies (e2e against the real HTTP server)', () => {
  const t = new TestApp();
  beforeAll(() => t.start());
  afterAll(() => t.stop());
  const events = () => {
    const db = new Database(join(t.dataDir, 'events.sqlite'), { readonly: true });
    try {
      return Number(db.prepare("SELECT COUNT(*) FROM events WHERE type = 'PledgeTaken'").pluck().get());
    } finally {
      db.close();
    }
  };

  it('pledges every valid agency, names every failed row, and is safe to re-run', async () => {
    const file = join(t.dataDir, 'agencies.csv');
    writeFileSync(file, agenciesCsv(40));
    const first = await capture(() =>
      runCli(['import-agencies', file, '--url', t.baseUrl, '--concurrency', '4']),
    );
    expect(first.code).toBe(1);
    expect(first.out).toMatch(/^42 agencies: 40 pledged, 0 already pledged, 2 failed$/m);
    expect(first.out).toMatch(/row 42 \(tx-bad-email\): 400 contact\.email/);
    expect(first.out).toMatch(/row 43 \(x\): 400/);
    expect(events()).toBe(40);

    const again = await capture(() => runCli(['import-agencies', file, '--url', t.baseUrl]));
    expect(again.out).toMatch(/^42 agencies: 40 pledged, 0 already pledged, 2 failed$/m);
    expect(events()).toBe(40);
  });
});
