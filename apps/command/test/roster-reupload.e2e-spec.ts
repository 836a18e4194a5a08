import { readFileSync } from 'node:fs';
import { TestApp } from './support/test-app.js';

/**
 * Issue 16, items 4 and 5, through the real HTTP server: Temple PD (ORI TX0140700) uploads its whole
 * roster every month. The head counts are the FBI's (test-data/public): 140 sworn officers and 34
 * civilian staff in 2018, 146 sworn officers in 2020 (crisis minimum 28 → 30).
 */
const AGENCY = 'tx-temple-pd';
const DATA = new URL('../../../test-data/public/', import.meta.url);
const HEADER = 'officerRef,sworn,joinedOn,separatedOn,programId,completedOn,hours';

function fbiRow(file: string, match: (cells: string[]) => boolean): Record<string, string> {
  const split = (line: string) =>
    [...line.matchAll(/("(?:[^"]|"")*"|[^,]*)(,|$)/g)].map((m) => m[1].replace(/^"|"$/g, '')).slice(0, -1);
  const [header, ...lines] = readFileSync(new URL(file, DATA), 'utf8').trim().split('\n');
  const keys = split(header);
  const cells = lines.map(split).find(match);
  if (!cells) throw new Error(`no matching row in ${file}`);
  return Object.fromEntries(keys.map((k, i) => [k, cells[i]]));
}
const temple2018 = fbiRow('fbi_ucr_police_employees_texas_2018.csv', (c) => c[1] === 'TX0140700');
const sworn2018 = Number(temple2018.officer_ct);
const civilians2018 = Number(temple2018.civilian_ct);
const sworn2020 = Number(
  fbiRow('fbi_ucr_officers_texas_2020.csv', (c) => c[0] === 'City' && c[1] === 'Temple').total_officers,
);

/**
 * The agency's export: `sworn` officers (the first ceil(20 %) with CIT, the rest MHFA for Public
 * Safety) and `civilians` non-sworn staff, one row per person with the class in the same row.
 */
function exportCsv(sworn: number, civilians: number): string {
  const crisis = Math.ceil(sworn * 0.2);
  const lines = [HEADER];
  for (let i = 1; i <= sworn; i++) {
    const ref = `tpd-${String(i).padStart(4, '0')}`;
    const joined =
      i <= sworn2018 ? `20${String(5 + (i % 15)).padStart(2, '0')}-0${1 + (i % 9)}-15` : '2020-03-02';
    lines.push(
      i <= crisis
        ? `${ref},true,${joined},,cit,2021-05-0${1 + (i % 7)},40`
        : `${ref},yes,${joined},,mhfa-public-safety,2021-06-1${i % 10},8`,
    );
  }
  for (let i = 1; i <= civilians; i++)
    lines.push(`tpd-civ-${String(i).padStart(3, '0')},false,2016-01-04,,,,`);
  return `${lines.join('\r\n')}\r\n`;
}

/** 2020: 146 sworn; two of the 2018 civilians left in 2019, listed with their separation date. */
const export2020 = () =>
  exportCsv(sworn2020, civilians2018)
    .replace('tpd-civ-001,false,2016-01-04,,,,', 'tpd-civ-001,false,2016-01-04,2019-08-31,,,')
    .replace('tpd-civ-002,false,2016-01-04,,,,', 'tpd-civ-002,false,2016-01-04,2019-09-30,,,');

describe('a monthly full-roster re-upload (e2e, issue 16 items 4 and 5)', () => {
  const t = new TestApp();
  let agency: string;
  beforeAll(async () => {
    await t.start();
    agency = await t.token('agency', 'records@templepd', AGENCY);
    const pledged = await t.request('POST', `/v1/agencies/${AGENCY}/pledge`, {
      token: agency,
      body: {
        name: 'Temple Police Department',
        ori: 'TX0140700',
        region: 'TX',
        signatory: { name: 'Chief of Police', title: 'Chief of Police' },
        contact: { name: 'Records unit', email: 'records@templepd.example' },
      },
    });
    expect(pledged.status).toBe(201);
  });
  afterAll(() => t.stop());

  const upload = (csv: string) =>
    t.request('POST', `/v1/agencies/${AGENCY}/imports`, {
      token: agency,
      body: csv,
      headers: { 'content-type': 'text/csv' },
    });
  /** The audit trail: every event of the agency, as an auditor reads it. */
  const history = async (): Promise<{ revision: string; type: string }[]> => {
    const res = await t.request('GET', `/v1/agencies/${AGENCY}/history`, { token: agency });
    expect(res.status).toBe(200);
    return res.json;
  };

  it('reads the FBI head counts the test is built on', () => {
    expect([sworn2018, civilians2018, sworn2020]).toEqual([140, 34, 146]);
  });

  it('accepts the same 2018 export twice: the second upload is 200 with no events, and says so', async () => {
    const csv = exportCsv(sworn2018, civilians2018);
    const first = await upload(csv);
    expect(first.status).toBe(200);
    expect(first.json.events).toHaveLength(sworn2018 + civilians2018 + sworn2018);
    expect(first.json.import).toEqual({
      rows: 174,
      officers: { added: 174, unchanged: 0 },
      separations: { added: 0, unchanged: 0 },
      trainings: { added: 140, unchanged: 0 },
    });
    const before = await history();

    const second = await upload(csv);
    expect(second.status).toBe(200);
    expect(second.json).toMatchObject({ revision: first.json.revision, events: [] });
    expect(second.json.import).toEqual({
      rows: 174,
      officers: { added: 0, unchanged: 174 },
      separations: { added: 0, unchanged: 0 },
      trainings: { added: 0, unchanged: 140 },
    });
    expect(second.headers.get('etag')).toBe(`"${first.json.revision}"`);
    expect(await history()).toEqual(before);
  });

  it('takes the 2020 export (six new officers, two civilians gone) as only what is new, then as nothing', async () => {
    const before = await history();
    const csv = export2020();
    const res = await upload(csv);
    expect(res.status).toBe(200);
    // The six hires: each joins and holds a class (crisis: ceil(20 % of 146) = 30, two more CIT).
    const added = res.json.events.map((e: { type: string }) => e.type);
    expect(added.filter((type: string) => type === 'OfficerJoined')).toHaveLength(6);
    expect(added.filter((type: string) => type === 'OfficerTrained')).toHaveLength(6 + 2 /* new CIT rows */);
    expect(added.filter((type: string) => type === 'OfficerSeparated')).toHaveLength(2);
    expect(res.json.import.officers).toEqual({ added: 6, unchanged: 174 });
    const after = await history();
    expect(after.slice(0, before.length)).toEqual(before);
    expect(after.length - before.length).toBe(res.json.events.length);

    const again = await upload(csv);
    expect([again.status, again.json.events]).toEqual([200, []]);
    expect(await history()).toEqual(after);
  });

  it('names each conflicting row with the recorded value, and appends nothing', async () => {
    const before = await history();
    const lines = export2020().split('\r\n');
    lines[5] = lines[5].replace(/,true,\d{4}-\d\d-\d\d,/, ',true,2011-11-11,'); // row 6: a moved joining date
    lines[60] = lines[60].replace(/,8$/, ',6.5'); // row 61: other hours for the same class
    lines[147] = lines[147].replace(',2019-08-31,', ',,'); // row 148: a recorded separation left out
    lines[150] = lines[150].replace(',false,', ',true,'); // row 151: a civilian now sworn
    const res = await upload(lines.join('\r\n'));
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(res.json.code).toBe('invalid-rows');
    expect(res.json.errors).toEqual([
      {
        path: 'row 6',
        code: 'roster-conflict',
        message: expect.stringMatching(/^joinedOn: tpd-0005: on the roster since/),
      },
      {
        path: 'row 61',
        code: 'roster-conflict',
        message: expect.stringMatching(/^hours: tpd-0060: .* with 8 hours, not 6.5/),
      },
      {
        path: 'row 148',
        code: 'roster-conflict',
        message: expect.stringMatching(/^separatedOn: tpd-civ-001: .*separation on 2019-08-31.*cannot undo/),
      },
      {
        path: 'row 151',
        code: 'roster-conflict',
        message: expect.stringMatching(/^sworn: tpd-civ-004: .*not sworn/),
      },
    ]);
    expect(await history()).toEqual(before);
  });

  it('lists one structural and two business errors in one 422, hinting at the recognised programmes', async () => {
    const before = await history();
    const csv = [
      HEADER,
      'tpd-0001,,,,mhfa,2024-02-01,8', // row 2: a new class, fine
      'tpd-0200,true,2024-02-30,,,,', // row 3: structural (no such date)
      'tpd-0999,,,,cit,2024-02-01,40', // row 4: business (not on the roster)
      'tpd-0002,,,,cit-40hr,2024-02-01,40', // row 5: business (unknown programme)
    ].join('\n');
    const res = await upload(csv);
    expect(res.status).toBe(422);
    expect(res.json).toMatchObject({
      type: 'https://onemind.example/problems/invalid-rows',
      status: 422,
      code: 'invalid-rows',
      detail: '3 of 4 rows cannot be imported; nothing was imported',
    });
    expect(res.json.errors).toEqual([
      {
        path: 'row 3',
        code: 'invalid-cell',
        message: expect.stringMatching(/^joinedOn: "2024-02-30" is not a calendar date/),
      },
      { path: 'row 4', code: 'officer-not-on-roster', message: 'officerRef: tpd-0999 is not on the roster' },
      {
        path: 'row 5',
        code: 'unrecognized-program',
        message: "programId: unknown programme 'cit-40hr'; recognised: cit, crit, mhfa, mhfa-public-safety",
      },
    ]);
    expect(await history()).toEqual(before);
  });
});
