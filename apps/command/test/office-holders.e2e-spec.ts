import { PDFParse } from 'pdf-parse';
import type { EventStore } from '#event-store';
import { OFFICE_HOLDERS_STREAM } from '#events';
import { renderCertificate } from '../src/documents/certificate.pdf.js';
import { renderLetter } from '../src/documents/letter.pdf.js';
import { signerFor } from '../src/documents/signer.js';
import { TestApp } from './support/test-app.js';

const pdfText = async (bytes: Buffer) => (await new PDFParse({ data: new Uint8Array(bytes) }).getText()).text;
const TITLE = 'President, International Association of Chiefs of Police';
const appointment = (name: string, from: string) => ({ office: 'iacp-president', name, title: TITLE, from });

/** POST /v1/office-holders (DOMAIN.md "Who signs"): staff only, validated, and what documents print. */
describe('office holders (e2e: real HTTP, real SQLite)', () => {
  const t = new TestApp({ IACP_PRESIDENT_NAME: 'The President of the IACP' });
  let store: EventStore;
  let staff: string;
  const post = (body: unknown, token?: string) => t.request('POST', '/v1/office-holders', { token, body });
  const recorded = async () => (await store.readStream(OFFICE_HOLDERS_STREAM)).map((e) => e.data);

  beforeAll(async () => {
    await t.start();
    store = await t.openLog();
    staff = await t.token('staff', 'alice@iacp');
  });
  afterAll(async () => {
    await store?.close();
    await t.stop();
  });

  it('only staff appoint: 401 without a token, 403 for an agency or an auditor, nothing recorded', async () => {
    const body = appointment('Chief Nobody', '2022-10-18');
    expect((await post(body)).status).toBe(401);
    expect((await post(body, await t.token('agency', 'chief@x', 'tx-x-pd'))).status).toBe(403);
    expect((await post(body, await t.token('auditor', 'bob@audit'))).status).toBe(403);
    expect(await recorded()).toEqual([]);
  });

  it.each([
    ['another office', { ...appointment('Chief A', '2022-10-18'), office: 'iacp-treasurer' }, 'office'],
    ['a date that does not exist', appointment('Chief A', '2022-02-30'), 'from'],
    ['an instant for a date', appointment('Chief A', '2022-10-18T00:00:00Z'), 'from'],
    ['an empty name', appointment('', '2022-10-18'), 'name'],
    ['a control character', appointment('Chief\u0000 A', '2022-10-18'), 'name'],
    [
      'a title over 200 characters',
      { ...appointment('Chief A', '2022-10-18'), title: 'x'.repeat(201) },
      'title',
    ],
    ['an unknown field', { ...appointment('Chief A', '2022-10-18'), signature: 'x' }, 'signature'],
  ])('refuses %s: 400 problem+json naming the field, nothing appended', async (_what, body, field) => {
    const res = await post(body, staff);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(JSON.stringify(res.json.errors)).toContain(field);
    expect(await recorded()).toEqual([]);
  });

  it('staff record each President from a date; the same appointment again appends nothing', async () => {
    const first = await post(appointment('Chief Ann Twentytwo', '2022-10-18'), staff);
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({
      streamId: 'office-holders',
      events: [{ type: 'OfficeHolderAppointed' }],
    });
    expect(first.json.agencyId).toBeUndefined();
    const again = await post(appointment('Chief Ann Twentytwo', '2022-10-18'), staff);
    expect(again.status).toBe(200);
    expect(again.json.events).toEqual([]);
    expect((await post(appointment('Chief Bo Twentythree', '2023-10-17'), staff)).json.events).toHaveLength(
      1,
    );
    expect(await recorded()).toEqual([
      appointment('Chief Ann Twentytwo', '2022-10-18'),
      appointment('Chief Bo Twentythree', '2023-10-17'),
    ]);
  });

  it('a regenerated document names the President of its approval date, not today’s', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const render = async (approvedAt: string) => {
      const signer = await signerFor(store, t.config.documents, approvedAt.slice(0, 10), today);
      const facts = {
        agencyName: 'Lenexa Police Department',
        certificateNumber: 'OM-2023-0001',
        verificationCode: 'CODE234567',
        effectiveOn: approvedAt.slice(0, 10),
        approvedAt,
      };
      const options = { signer, art: {}, publicBaseUrl: t.config.publicBaseUrl };
      return {
        certificate: await pdfText(await renderCertificate(facts, options)),
        letter: await pdfText(
          await renderLetter(
            { ...facts, addressedTo: { name: 'Shawn Ott', title: 'Chief of Police' } },
            options,
          ),
        ),
      };
    };
    const in2022Term = await render('2023-03-01T15:00:00.000Z');
    for (const text of [in2022Term.certificate, in2022Term.letter]) {
      expect(text).toContain('Chief Ann Twentytwo');
      expect(text).not.toContain('Chief Bo Twentythree');
    }
    expect(in2022Term.letter).toContain('Dear Chief Ott,');
    expect((await render(`${today}T12:00:00.000Z`)).certificate).toContain('Chief Bo Twentythree');
    // Before any recorded appointment: the neutral built-in signer.
    expect((await render('2021-06-01T12:00:00.000Z')).certificate).toContain('The President of the IACP');
  });
});
