import { TestApp } from './support/test-app.js';

const AGENCY = 'tx-flower-mound-pd';
const today = new Date().toISOString().slice(0, 10);
const countEvents = async (t: TestApp) => (await t.logEvents()).length;

/** 94 sworn officers (Flower Mound PD, FBI 2018): 19 crisis-trained (ceil 20 %), the rest MHFA. */
function rosterCsv(sworn: number, crisis: number): string {
  const lines = ['\ufeffofficerRef,sworn,joinedOn,separatedOn,programId,completedOn,hours'];
  for (let i = 1; i <= sworn; i++) {
    const ref = `fmpd-${String(i).padStart(4, '0')}`;
    lines.push(`${ref},true,2015-01-01,,,,`);
    lines.push(i <= crisis ? `${ref},,,,cit,2024-05-01,40` : `"${ref}",,,,mhfa-public-safety,2024-06-01,8`);
  }
  lines.push('dispatch-01,false,2016-03-01,,,,');
  return `${lines.join('\r\n')}\r\n`;
}

describe('the pledge workflow over HTTP (e2e)', () => {
  const t = new TestApp();
  let agency: string;
  let staff: string;
  beforeAll(async () => {
    await t.start();
    agency = await t.token('agency', 'chief@fmpd', AGENCY);
    staff = await t.token('staff', 'alice@iacp');
  });
  afterAll(() => t.stop());

  const post = (path: string, body: unknown, token = agency, headers: Record<string, string> = {}) =>
    t.request('POST', `/v1/agencies/${AGENCY}${path}`, { token, body, headers });

  it('goes from pledge to approval, with a full roster imported as CSV', async () => {
    expect(
      (
        await post('/pledge', {
          name: 'Flower Mound Police Department',
          ori: 'TX0611200',
          region: 'TX',
          signatory: { name: 'Andy Kancel', title: 'Chief of Police' },
          contact: { name: 'Lt. Rivera', email: 'onemind@fmpd.example' },
        })
      ).status,
    ).toBe(201);

    const early = await post('/submission', {});
    expect(early.status).toBe(422);
    expect(early.json.code).toBe('requirements-not-met');

    const partnership = await post('/partnerships', {
      partnerName: 'Denton County MHMR',
      partnerType: 'community-mental-health',
      establishedOn: today,
    });
    expect(partnership.status).toBe(200);
    expect(
      (
        await post('/policies', {
          title: 'Response to persons in crisis',
          version: '1',
          adoptedOn: today,
          effectiveOn: today,
          basedOnIacpModel: true,
        })
      ).status,
    ).toBe(200);

    const imported = await post('/imports', rosterCsv(94, 18), agency, { 'content-type': 'text/csv' });
    expect(imported.status).toBe(200);
    expect(imported.json.events.length).toBe(95 + 94);

    const short = await post('/submission', {});
    expect(short.status).toBe(422);
    expect(short.json.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ message: expect.stringContaining('crisis: 18 of 19 required') }),
      ]),
    );

    expect(
      (
        await post('/trainings', {
          records: [{ officerRef: 'fmpd-0019', programId: 'crit', completedOn: today, hours: 40 }],
        })
      ).status,
    ).toBe(200);
    expect((await post('/submission', { note: 'all done' })).status).toBe(200);
    expect((await post('/review/approve', {}, agency)).status).toBe(403);
    const approved = await post('/review/approve', { note: 'well done' }, staff);
    expect(approved.status).toBe(200);
    expect(approved.json.events.map((e: { type: string }) => e.type)).toEqual(['CertificationApproved']);
  });

  it('refuses a CSV with three bad rows, naming each, and appends nothing', async () => {
    const before = await countEvents(t);
    const csv = [
      'officerRef,sworn,joinedOn,separatedOn,programId,completedOn,hours',
      'new-001,true,2025-01-01,,,,',
      'new-002,maybe,2025-01-01,,,,',
      'new-003,true,2025-02-30,,,,',
      'new-004,true,2025-01-01,,,,',
      ',true,2025-01-01,,,,',
    ].join('\n');
    const res = await post('/imports', csv, agency, { 'content-type': 'text/csv' });
    expect(res.status).toBe(422);
    expect(res.json.code).toBe('invalid-rows');
    expect(res.json.errors.map((e: { path: string }) => e.path)).toEqual(['row 3', 'row 4', 'row 6']);
    expect(res.json.errors[0].message).toMatch(/^sworn: /);
    expect(await countEvents(t)).toBe(before);
  });

  it('reports business errors per row too (officer not on the roster, unknown programme)', async () => {
    const before = await countEvents(t);
    const csv =
      'officerRef,programId,completedOn\nfmpd-0001,mhfa,2025-01-01\nghost-1,cit,2025-01-01\nfmpd-0002,no-such-program,2025-01-01\n';
    const res = await post('/imports', csv, agency, { 'content-type': 'text/csv' });
    expect(res.status).toBe(422);
    expect(res.json.errors.map((e: { path: string }) => e.path)).toEqual(['row 3', 'row 4']);
    expect(await countEvents(t)).toBe(before);
  });

  it('refuses CSV sent as JSON and JSON sent to the CSV endpoint with 415', async () => {
    expect((await post('/imports', { rows: [] })).status).toBe(415);
    expect((await post('/officers', 'officerRef\nx', agency, { 'content-type': 'text/csv' })).status).toBe(
      415,
    );
  });
});
