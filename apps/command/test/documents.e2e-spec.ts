import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PDFParse } from 'pdf-parse';
import type { EventStore } from '#event-store';
import { startProjector, type RunningProjector } from '#projector';
import { renderCertificate } from '../src/documents/certificate.pdf.js';
import { longDate } from '../src/documents/pdf.js';
import { signerFor } from '../src/documents/signer.js';
import { dayInWords } from '../src/verify/verify.page.js';
import { TestApp } from './support/test-app.js';
import { deletePrefix, eventsOfType, isoDay, testPrefix, waitFor } from './support/timers-support.js';

const AGENCY = 'tx-denton-pd';
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const pdfText = async (bytes: Buffer) => (await new PDFParse({ data: new Uint8Array(bytes) }).getText()).text;

/** G9 and the approval follow-ups: certificate, President's letter, newsletter feature, exactly once. */
describe('documents of a certification (e2e: real PDFs, real Redis)', () => {
  const prefix = testPrefix();
  process.env.ONEMIND_QUEUE_PREFIX = prefix;
  process.env.IACP_PRESIDENT_NAME = 'Chief Jane Q. Example';
  process.env.IACP_PRESIDENT_TITLE = 'President, International Association of Chiefs of Police';
  const t = new TestApp({ PUBLIC_BASE_URL: 'https://onemind.example' });
  let projector: RunningProjector;
  let store: EventStore;
  let agency: string;
  let staff: string;
  const today = isoDay(0);
  const post = (path: string, body: unknown, token = agency) =>
    t.request('POST', `/v1/agencies/${AGENCY}${path}`, { token, body });

  beforeAll(async () => {
    await t.start();
    projector = await startProjector(t.config, { port: 0 });
    store = await t.openLog();
    agency = await t.token('agency', 'chief@denton', AGENCY);
    staff = await t.token('staff', 'alice@iacp');
  }, 30_000);
  afterAll(async () => {
    await projector?.stop();
    await store?.close();
    await t.stop();
    await deletePrefix(prefix);
    for (const k of ['ONEMIND_QUEUE_PREFIX', 'IACP_PRESIDENT_NAME', 'IACP_PRESIDENT_TITLE'])
      delete process.env[k];
  });

  it('404 before issue; after approval both PDFs are issued once, hashed in the log, with the right text', async () => {
    expect(
      (
        await post('/pledge', {
          name: 'Denton Police Department',
          region: 'TX',
          signatory: { name: 'Frank Dixon', title: 'Chief of Police' },
          contact: { name: 'Lt. R', email: 'r@denton.example' },
        })
      ).status,
    ).toBe(201);
    expect((await t.request('GET', `/v1/agencies/${AGENCY}/certificate.pdf`, { token: agency })).status).toBe(
      404,
    );
    expect(
      (
        await post('/partnerships', {
          partnerName: 'Denton County MHMR',
          partnerType: 'community-mental-health',
          establishedOn: today,
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await post('/policies', {
          title: 'Crisis response',
          version: '1',
          adoptedOn: today,
          effectiveOn: today,
          basedOnIacpModel: true,
        })
      ).status,
    ).toBe(200);
    const officers = Array.from({ length: 5 }, (_, i) => ({ officerRef: `d-${i}`, joinedOn: isoDay(-400) }));
    expect((await post('/officers', { officers })).status).toBe(200);
    const records = officers.map((o, i) => ({
      officerRef: o.officerRef,
      programId: i === 0 ? 'cit' : 'mhfa',
      completedOn: today,
    }));
    expect((await post('/trainings', { records })).status).toBe(200);
    expect((await post('/submission', {})).status).toBe(200);
    expect((await post('/review/approve', {}, staff)).status).toBe(200);

    const [approved] = await eventsOfType(store, 'CertificationApproved');
    const issued = await waitFor(
      async () => (await eventsOfType(store, 'CertificateIssued'))[0],
      15_000,
      'the certificate',
    );
    const letter = await waitFor(
      async () => (await eventsOfType(store, 'PresidentialLetterIssued'))[0],
      15_000,
      'the letter',
    );
    await waitFor(
      async () => (await eventsOfType(store, 'NewsletterFeatureQueued'))[0],
      15_000,
      'the newsletter feature',
    );
    await new Promise((r) => setTimeout(r, 500));
    for (const type of ['CertificateIssued', 'PresidentialLetterIssued', 'NewsletterFeatureQueued'])
      expect(await eventsOfType(store, type)).toHaveLength(1);
    expect(letter.data.addressedTo).toEqual({ name: 'Frank Dixon', title: 'Chief of Police' });

    const cert = await fetch(`${t.baseUrl}/v1/agencies/${AGENCY}/certificate.pdf`, {
      headers: { authorization: `Bearer ${agency}` },
    });
    expect(cert.status).toBe(200);
    expect(cert.headers.get('content-type')).toBe('application/pdf');
    const certBytes = Buffer.from(await cert.arrayBuffer());
    expect(sha256(certBytes)).toBe(issued.data.sha256);
    const certText = await pdfText(certBytes);
    for (const s of [
      'Denton Police Department',
      approved.data.certificateNumber,
      `Effective ${longDate(approved.data.effectiveOn)}`,
      approved.data.verificationCode,
      'Chief Jane Q. Example',
      `https://onemind.example/verify/${approved.data.certificateNumber}?code=${approved.data.verificationCode}`,
    ])
      expect(certText).toContain(s);

    const auditor = await t.token('auditor', 'bob@audit');
    const letterRes = await fetch(`${t.baseUrl}/v1/agencies/${AGENCY}/letter.pdf`, {
      headers: { authorization: `Bearer ${auditor}` },
    });
    const letterBytes = Buffer.from(await letterRes.arrayBuffer());
    expect(sha256(letterBytes)).toBe(letter.data.sha256);
    const letterText = await pdfText(letterBytes);
    expect(letterText).not.toContain('/verify/'); // no QR code, no link: the certificate carries the check
    for (const s of [
      'Dear Chief Dixon,',
      'Frank Dixon',
      'Chief of Police',
      'Denton Police Department',
      approved.data.certificateNumber,
      'Chief Jane Q. Example',
    ])
      expect(letterText).toContain(s);

    // Deterministic: re-rendering the same approval gives the same bytes, so the same SHA-256.
    const again = await renderCertificate(
      { agencyName: 'Denton Police Department', ...approved.data },
      {
        signer: {
          name: 'Chief Jane Q. Example',
          title: 'President, International Association of Chiefs of Police',
        },
        art: {},
        publicBaseUrl: 'https://onemind.example',
      },
    );
    expect(sha256(again)).toBe(issued.data.sha256);

    const other = await t.token('agency', 'chief@other', 'tx-other-pd');
    expect((await t.request('GET', `/v1/agencies/${AGENCY}/letter.pdf`, { token: other })).status).toBe(403);
    expect((await t.request('GET', `/v1/agencies/${AGENCY}/letter.pdf`)).status).toBe(401);
  }, 60_000);

  it('the QR code opens a page that runs the check at once: name, date, status and the SHA-256', async () => {
    const [approved] = await eventsOfType(store, 'CertificationApproved');
    const [issued] = await eventsOfType(store, 'CertificateIssued');
    const { certificateNumber: number, verificationCode: code } = approved.data;
    const page = await waitFor(
      async () => {
        const res = await t.request('GET', `/verify/${number}?code=${code}`);
        return res.text.includes(issued.data.sha256) ? res : undefined;
      },
      15_000,
      'the verification page with the issued SHA-256',
    );
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toMatch(/^default-src 'none'; style-src 'sha256-/);
    for (const s of ['Valid', 'Denton Police Department', dayInWords(approved.data.effectiveOn), number])
      expect(page.text).toContain(s);
    expect(page.text).not.toMatch(/<script|<link|src=/); // nothing to load: the check ran on the server

    for (const path of [
      `/verify/${number}?code=WRONG23456`,
      `/verify/OM-1999-NOPE?code=${code}`,
      `/verify/${number}`,
    ]) {
      const res = await t.request('GET', path);
      expect(res.status).toBe(200);
      expect(res.text).toContain('Not found');
      expect(res.text).not.toContain('Denton Police Department');
    }
    const hostile = await t.request('GET', `/verify/${encodeURIComponent('<script>x</script>')}?code=A`);
    expect(hostile.text).toContain('&#60;script&#62;x&#60;/script&#62;');
    expect(hostile.text).not.toContain('<script>');
  });

  it('regenerating after a later appointment gives the same bytes: the approval date decides the signer', async () => {
    const staffToken = await t.token('staff', 'carol@iacp');
    const res = await t.request('POST', '/v1/office-holders', {
      token: staffToken,
      body: { office: 'iacp-president', name: 'Chief Next President', title: 'President', from: isoDay(1) },
    });
    expect(res.status).toBe(200);
    const [approved] = await eventsOfType(store, 'CertificationApproved');
    const [issued] = await eventsOfType(store, 'CertificateIssued');
    const signer = await signerFor(
      store,
      t.config.documents,
      approved.data.approvedAt.slice(0, 10),
      isoDay(2),
    );
    expect(signer.name).toBe('Chief Jane Q. Example');
    const again = await renderCertificate(
      { agencyName: 'Denton Police Department', ...approved.data },
      { signer, art: {}, publicBaseUrl: 'https://onemind.example' },
    );
    expect(sha256(again)).toBe(issued.data.sha256);
  });

  it('one changed byte in the stored PDF fails the hash check and is never served', async () => {
    const [issued] = await eventsOfType(store, 'CertificateIssued');
    const file = join(t.dataDir, 'documents', `${issued.data.sha256}.pdf`);
    const bytes = readFileSync(file);
    bytes[Math.floor(bytes.length / 2)] ^= 0x01;
    writeFileSync(file, bytes);
    expect(sha256(bytes)).not.toBe(issued.data.sha256);
    const res = await t.request('GET', `/v1/agencies/${AGENCY}/certificate.pdf`, { token: staff });
    expect(res.status).toBe(500);
    expect(res.json.code).toBe('document-corrupted');
  });

  it('the newsletter Atom feed lists the newly certified agency', async () => {
    const res = await t.request('GET', '/v1/public/newsletter.atom');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/atom+xml');
    expect(res.text).toContain('<title>Denton Police Department is One Mind Certified</title>');
  });

  it('Bull Board at /admin/queues is for staff only', async () => {
    expect((await t.request('GET', '/admin/queues')).status).toBe(401);
    const denied = await t.request('GET', '/admin/queues', { token: agency });
    expect(denied.status).toBe(403);
    expect(denied.headers.get('content-type')).toContain('application/problem+json');
    const board = await t.request('GET', '/admin/queues', { token: staff });
    expect(board.status).toBe(200);
    const api = await t.request('GET', '/admin/queues/api/queues', { token: staff });
    expect(api.status).toBe(200);
    expect(JSON.stringify(api.json)).toContain('deadlines');
  });

  it("Bull Board also takes the console's board cookie (its own API calls cannot send a header)", async () => {
    const cookie = (token: string) => ({ headers: { cookie: `other=1; onemind_board_token=${token}` } });
    expect((await t.request('GET', '/admin/queues/api/queues', cookie(staff))).status).toBe(200);
    expect((await t.request('GET', '/admin/queues/api/queues', cookie(agency))).status).toBe(403);
    expect((await t.request('GET', '/admin/queues/api/queues', cookie('not-a-token-at-all'))).status).toBe(
      401,
    );
  });
});
