import { TestApp } from './support/test-app.js';

const AGENCY = 'ny-nypd';
const header = 'officerRef,sworn,joinedOn,separatedOn,programId,completedOn,hours';

/** `officers` join rows followed by one training row each: 2 × officers rows in all. */
function csv(officers: number): string {
  const lines = [header];
  for (let i = 0; i < officers; i++) lines.push(`n-${i},true,2010-01-01,,,,`);
  for (let i = 0; i < officers; i++) lines.push(`n-${i},,,,${i % 5 === 0 ? 'cit' : 'mhfa'},2024-03-01,8`);
  return lines.join('\n');
}

describe('CSV import size limits (e2e)', () => {
  const t = new TestApp();
  let token: string;
  beforeAll(async () => {
    await t.start();
    token = await t.token('agency', 'chief@nypd', AGENCY);
    const pledged = await t.request('POST', `/v1/agencies/${AGENCY}/pledge`, {
      token,
      body: {
        name: 'New York City Police Department',
        region: 'NY',
        signatory: { name: 'Commissioner', title: 'Police Commissioner' },
        contact: { name: 'One Mind desk', email: 'onemind@nypd.example' },
      },
    });
    expect(pledged.status).toBe(201);
  });
  afterAll(() => t.stop());

  it('imports 50,000 rows in one request, all of them in one append', async () => {
    const res = await t.request('POST', `/v1/agencies/${AGENCY}/imports`, {
      token,
      body: csv(25_000),
      headers: { 'content-type': 'text/csv' },
    });
    expect(res.status).toBe(200);
    expect(res.json.revision).toBe('50000');
    const byType = new Map<string, number>();
    for (const e of await t.logEvents()) byType.set(e.type, (byType.get(e.type) ?? 0) + 1);
    const counts = [...byType].sort().map(([type, n]) => ({ type, n }));
    expect(counts).toEqual([
      { type: 'OfficerJoined', n: 25_000 },
      { type: 'OfficerTrained', n: 25_000 },
      { type: 'PledgeTaken', n: 1 },
    ]);
  }, 120_000);

  it('refuses 50,001 rows with 413 and appends nothing', async () => {
    const body = `${csv(25_000)}\nextra-1,true,2010-01-01,,,,`;
    const res = await t.request('POST', '/v1/agencies/ny-other-pd/imports', {
      token: await t.token('staff', 'alice'),
      body,
      headers: { 'content-type': 'text/csv' },
    });
    expect(res.status).toBe(413);
    expect(res.json.detail).toMatch(/50000 rows/);
  }, 120_000);
});
