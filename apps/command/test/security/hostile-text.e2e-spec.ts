import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { EventStore } from '#event-store';
import { agencyStream } from '#events';
import { startProjector, type RunningProjector } from '#projector';
import { startReadModels } from '#projector';
import { toNew } from '../../../projector/test/support/seed-log.js';
import { TestApp } from '../support/test-app.js';
import { countEvents, isProblem, readEvents } from './support/harness.js';
import { PLEDGE_BODY, ROSTER_CSV } from './support/write-samples.js';

const CONTROLS = /\p{Cc}/u;
/** An agency name as old data may hold it: control characters next to XML metacharacters. */
const NASTY = 'Old\u0000 <PD> & Sons ]]> \u001b[31m\u0007\u0085 "x"\u000b';

/**
 * Issue 13, items 3 and 5: user text is never looked up through an object's prototype, control
 * characters are refused on the way in, and text stored before that rule cannot break the Atom
 * feed, the public CSV or a PDF on the way out.
 */
describe('hostile text: prototype keys and control characters (e2e)', () => {
  const t = new TestApp();
  let projector: RunningProjector;
  let store: EventStore;
  let staff: string;
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    t.request('POST', path, { token: staff, body, headers });
  const read = async (path: string) =>
    t.request('GET', path, { headers: { 'x-min-position': String(await store.headPosition()) } });

  beforeAll(async () => {
    await t.start();
    projector = await startProjector(await t.projectorConfig(), { subscribers: [startReadModels] });
    store = await t.openLog();
    staff = await t.token('staff', 'hostile-text@iacp');
    expect((await post('/v1/agencies/tx-csv-pd/pledge', PLEDGE_BODY)).status).toBe(201);
  });
  afterAll(async () => {
    await projector?.stop();
    await store?.close();
    await t.stop();
  });

  describe('item 3: prototype keys in CSV cells', () => {
    it.each(['__proto__', 'constructor', 'prototype', 'hasOwnProperty', 'toString', 'valueOf'])(
      'sworn = %s → 422 naming the row, nothing appended',
      async (value) => {
        const before = await countEvents(t);
        const res = await post(
          '/v1/agencies/tx-csv-pd/imports',
          `officerRef,sworn,joinedOn\nproto-1,${value},2020-01-01\n`,
          { 'content-type': 'text/csv' },
        );
        expect([res.status, isProblem(res), res.json?.code]).toEqual([422, true, 'invalid-rows']);
        expect(res.json.errors).toEqual([
          { path: 'row 2', code: 'invalid-cell', message: expect.stringMatching(/^sworn: /) },
        ]);
        expect(await countEvents(t)).toBe(before);
      },
    );

    it('only a real boolean is ever stored as sworn', async () => {
      const before = await countEvents(t);
      expect(
        (
          await post(
            '/v1/agencies/tx-csv-pd/imports',
            'officerRef,sworn,joinedOn\nbool-1,no,2020-01-01\nbool-2,,2020-01-01\n',
            { 'content-type': 'text/csv' },
          )
        ).status,
      ).toBe(200);
      const joined = (await readEvents(t))
        .filter((e) => e.type === 'OfficerJoined')
        .map((e) => JSON.parse(e.data).sworn);
      expect(joined).toEqual([false, true]);
      expect(await countEvents(t)).toBe(before + 2);
    });

    it('regions named __proto__ and constructor are counted as regions and pollute nothing', async () => {
      for (const [id, region] of [
        ['tx-proto-pd', '__proto__'],
        ['tx-ctor-pd', 'constructor'],
        ['tx-tostring-pd', 'toString'],
      ]) {
        expect((await post(`/v1/agencies/${id}/pledge`, { ...PLEDGE_BODY, region })).status).toBe(201);
      }
      const res = await read('/v1/public/stats');
      expect(res.status).toBe(200);
      expect(({} as Record<string, unknown>).pledged).toBeUndefined();
      expect(({} as Record<string, unknown>).total).toBeUndefined();
      const byRegion = JSON.parse(res.text).byRegion;
      for (const region of ['__proto__', 'constructor', 'toString'])
        expect([region, Object.getOwnPropertyDescriptor(byRegion, region)?.value]).toEqual([
          region,
          { total: 1, pledged: 1 },
        ]);
    });
  });

  describe('item 5: control characters refused on the way in', () => {
    it.each([
      ['name', { ...PLEDGE_BODY, name: 'Evil\u0000 PD' }],
      ['name', { ...PLEDGE_BODY, name: 'Bell\u0007 PD' }],
      ['name', { ...PLEDGE_BODY, name: 'Line\nBreak PD' }],
      ['region', { ...PLEDGE_BODY, region: 'T\u009bX' }],
      ['signatory.name', { ...PLEDGE_BODY, signatory: { name: 'Pat\u001b[2J', title: 'Chief' } }],
      ['contact.name', { ...PLEDGE_BODY, contact: { name: 'Sam\u007f', email: 'a@b.example' } }],
    ])('pledge with a control character in %s → 400 naming it, nothing appended', async (path, body) => {
      const before = await countEvents(t);
      const res = await post('/v1/agencies/tx-ctl-pd/pledge', body);
      expect([res.status, isProblem(res)]).toEqual([400, true]);
      expect(res.json.errors).toEqual(
        expect.arrayContaining([{ path, message: expect.stringContaining('control characters') }]),
      );
      expect(await countEvents(t)).toBe(before);
    });

    it('a multi-line reason keeps its line breaks and tabs, but not a NUL', async () => {
      const before = await countEvents(t);
      const bad = await post('/v1/agencies/tx-csv-pd/deadline-extension', {
        newDeadline: '2031-01-15',
        reason: 'staff\u0000ing',
      });
      expect([bad.status, bad.json.errors]).toEqual([
        400,
        [{ path: 'reason', message: expect.stringContaining('control characters') }],
      ]);
      expect(await countEvents(t)).toBe(before);
      expect(
        (
          await post('/v1/agencies/tx-csv-pd/deadline-extension', {
            newDeadline: '2031-01-15',
            reason: 'staffing:\n\t- two academies\r\n',
          })
        ).status,
      ).toBe(200);
    });

    it('a CSV cell with a control character → 422 naming row and column; a header with one → 400', async () => {
      const before = await countEvents(t);
      const csv =
        'officerRef,sworn,joinedOn,separatedOn,programId,completedOn,hours\nctl-1,true,2020-01-01,,,,\nctl-2,true,2020-01-01,,cit,2024-05-01,4\u00010\nctl-3,\u0000,2020-01-01,,,,\n';
      const res = await post('/v1/agencies/tx-csv-pd/imports', csv, { 'content-type': 'text/csv' });
      expect([res.status, res.json.code]).toEqual([422, 'invalid-rows']);
      expect(res.json.errors).toEqual([
        {
          path: 'row 3',
          code: 'invalid-cell',
          message: expect.stringMatching(/^hours: .*control characters/),
        },
        {
          path: 'row 4',
          code: 'invalid-cell',
          message: expect.stringMatching(/^sworn: .*control characters/),
        },
      ]);
      const header = await post(
        '/v1/agencies/tx-csv-pd/imports',
        `officerRef,sworn\u0007,joinedOn\nctl-4,true,2020-01-01\n`,
        { 'content-type': 'text/csv' },
      );
      expect([header.status, isProblem(header)]).toEqual([400, true]);
      expect(await countEvents(t)).toBe(before);
      expect(
        (
          await post('/v1/agencies/tx-csv-pd/imports', ROSTER_CSV.replace(/csv-0001/g, 'ctl-ok'), {
            'content-type': 'text/csv',
          })
        ).status,
      ).toBe(200);
    });
  });

  describe('item 5: old stored text cannot break what is written out', () => {
    beforeAll(async () => {
      // Written straight into the log, as events stored before the rule existed would be.
      const pledge = {
        agencyId: 'tx-old-pd',
        cycle: 1,
        name: NASTY,
        country: 'US',
        region: 'T\u0000X <&>',
        signatory: { name: 'Pat', title: 'Chief' },
        contact: { name: 'Sam', email: 's@old.example' },
        commitmentMonths: 36,
        pledgedOn: '2025-01-15',
        deadline: '2028-01-15',
        ruleSet: 'one-mind-2023',
      };
      await store.append(
        agencyStream('tx-old-pd'),
        [
          toNew({ type: 'PledgeTaken', data: pledge }),
          toNew({
            type: 'CertificationApproved',
            data: {
              cycle: 1,
              certificateNumber: 'OM-2025-OLD<&>-1',
              verificationCode: 'CODE234567',
              effectiveOn: '2025-09-10',
              approvedAt: '2025-09-10T10:00:00.000Z',
            },
          }),
          toNew({
            type: 'NewsletterFeatureQueued',
            data: { cycle: 1, certificateNumber: 'OM-2025-OLD<&>-1', queuedAt: '2025-09-10T10:02:00.000Z' },
          }),
        ],
        'no-stream',
      );
    });

    it('the Atom feed stays well-formed XML (strict parser) and keeps the visible text', async () => {
      const res = await t.request('GET', '/v1/public/newsletter.atom');
      expect(res.status).toBe(200);
      expect(XMLValidator.validate(res.text, { allowBooleanAttributes: false })).toBe(true);
      expect(res.text).not.toMatch(/(?![\t\n\r])\p{Cc}/u);
      const feed = new XMLParser({ ignoreAttributes: false, processEntities: true }).parse(res.text).feed;
      const entry = [feed.entry].flat().find((e: { id: string }) => e.id.includes('OLD'));
      expect(entry.title).toContain('<PD> & Sons ]]>');
      expect(entry.title).toContain('is One Mind Certified');
      expect(entry.id).toBe('urn:onemind:certificate:OM-2025-OLD<&>-1');
    });

    it('the public agencies CSV holds no control characters', async () => {
      const res = await read('/v1/public/agencies?format=csv');
      expect(res.status).toBe(200);
      const line = res.text.split('\r\n').find((l) => l.startsWith('tx-old-pd,'));
      expect(line).toContain('<PD> & Sons ]]>');
      expect(res.text.replace(/\r\n/g, '')).not.toMatch(CONTROLS);
    });
  });
});
