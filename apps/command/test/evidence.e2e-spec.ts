import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportLines, oneStream, verifyExport } from '#audit';
import { LocalDocumentStore, evidenceDir } from '#documents';
import { agencyStream } from '#events';
import { startProjector, startReadModels, type RunningProjector } from '#projector';
import { countEvents, isProblem, readEvents } from './security/support/harness.js';
import { BOUNDARY, MULTIPART_TYPE } from './security/support/multipart.js';
import { HOSTILE, evidenceForm, makePdf, makePng, readJpeg } from './support/evidence-files.js';
import { TestApp } from './support/test-app.js';

const AGENCY = 'tx-denton-pd';
const OTHER = 'tx-lewisville-pd';
const CLI = join(process.cwd(), 'bin/onemind.js');
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const PLEDGE = {
  name: 'Denton Police Department',
  signatory: { name: 'Frank Dixon', title: 'Chief of Police' },
  contact: { name: 'Lt. Hale', email: 'onemind@denton.example' },
};

/** Every file under a folder, recursively (the store's documents and its scratch files). */
function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((f) => join(dir, f))
    .filter((f) => statSync(f).isFile());
}

/**
 * Issue 16, item 1 and G12, through the real HTTP server: evidence documents uploaded as multipart,
 * recognised by their bytes, stored once by SHA-256 outside the log, listed, downloaded byte for
 * byte as attachments, named by `verify` when a stored copy changes or goes missing.
 */
describe('evidence documents (e2e)', () => {
  const t = new TestApp();
  let projector: RunningProjector;
  let staff: string;
  let own: string;
  let other: string;
  let auditor: string;
  let position = '0';
  const dir = () => evidenceDir(t.dataDir);
  const stored = () => filesUnder(dir()).filter((f) => !f.includes('.incoming'));
  const scratch = () => filesUnder(join(dir(), '.incoming'));
  const upload = (form: FormData, token = own, headers: Record<string, string> = {}, agencyId = AGENCY) =>
    t.request('POST', `/v1/agencies/${agencyId}/evidence`, { token, body: form, headers });
  const read = (path: string, token = staff) =>
    t.request('GET', path, { token, headers: { 'x-min-position': position } });

  beforeAll(async () => {
    await t.start();
    projector = await startProjector(await t.projectorConfig(), { subscribers: [startReadModels] });
    staff = await t.token('staff', 'alice@iacp');
    own = await t.token('agency', 'chief@denton', AGENCY);
    other = await t.token('agency', 'chief@lewisville', OTHER);
    auditor = await t.token('auditor', 'audrey@audit');
    for (const id of [AGENCY, OTHER])
      expect(
        (await t.request('POST', `/v1/agencies/${id}/pledge`, { token: staff, body: PLEDGE })).status,
      ).toBe(201);
  });
  afterAll(async () => {
    await projector?.stop();
    await t.stop();
  });

  const uploaded: { evidenceId: string; bytes: Buffer; type: string; filename: string }[] = [];

  it('a real PDF, PNG and JPEG are recorded and stored once by SHA-256, then listed and downloaded byte for byte', async () => {
    const pdf = await makePdf('Memorandum of understanding: Denton PD and Denton County MHMR');
    const png = await makePng();
    const jpeg = readJpeg();
    const cases = [
      {
        bytes: pdf,
        filename: 'MOU Denton MHMR 2025.pdf',
        type: 'application/pdf',
        requirement: 'partnership',
        token: own,
      },
      { bytes: png, filename: 'roster-qr.png', type: 'image/png', requirement: 'training', token: staff },
      // A generic declared type is fine: the bytes decide.
      {
        bytes: jpeg,
        filename: 'scan.jpg',
        type: 'application/octet-stream',
        requirement: 'policy',
        token: own,
      },
    ];
    for (const c of cases) {
      const res = await upload(
        evidenceForm(c, { requirement: c.requirement, description: `the ${c.requirement} document` }),
        c.token,
      );
      expect([res.status, res.json?.events]).toEqual([
        200,
        [{ type: 'EvidenceAttached', revision: expect.any(String) }],
      ]);
      expect(res.json).toMatchObject({
        agencyId: AGENCY,
        sha256: sha256(c.bytes),
        evidenceId: expect.any(String),
      });
      expect(res.headers.get('etag')).toBe(`"${res.json.revision}"`);
      const file = join(dir(), sha256(c.bytes).slice(0, 2), sha256(c.bytes).slice(2));
      expect(readFileSync(file).equals(c.bytes)).toBe(true);
      uploaded.push({ evidenceId: res.json.evidenceId, bytes: c.bytes, type: c.type, filename: c.filename });
      position = res.json.position;
    }
    // The same document again is new evidence (a new id), but the store keeps one copy.
    const again = await upload(
      evidenceForm({ bytes: pdf, filename: 'mou-copy.pdf', type: 'application/pdf' }),
    );
    expect(again.status).toBe(200);
    expect(again.json.evidenceId).not.toBe(uploaded[0].evidenceId);
    position = again.json.position;
    expect(stored()).toHaveLength(3);
    expect(scratch()).toEqual([]);

    const event = (await readEvents(t)).find((e) => e.type === 'EvidenceAttached')!;
    expect(JSON.parse(event.data)).toEqual({
      evidenceId: uploaded[0].evidenceId,
      requirement: 'partnership',
      filename: 'MOU Denton MHMR 2025.pdf',
      mediaType: 'application/pdf',
      size: pdf.length,
      sha256: sha256(pdf),
      description: 'the partnership document',
      attachedAt: expect.any(String),
      attachedBy: 'chief@denton',
    });

    const list = await read(`/v1/agencies/${AGENCY}/evidence`, own);
    expect(list.status).toBe(200);
    expect(list.json.items.map((i: { evidenceId: string }) => i.evidenceId)).toEqual([
      ...uploaded.map((u) => u.evidenceId),
      again.json.evidenceId,
    ]);
    expect(list.json.items[1]).toEqual({
      evidenceId: uploaded[1].evidenceId,
      requirement: 'training',
      filename: 'roster-qr.png',
      mediaType: 'image/png',
      size: uploaded[1].bytes.length,
      sha256: sha256(uploaded[1].bytes),
      description: 'the training document',
      attachedAt: expect.any(String),
      attachedBy: 'alice@iacp',
    });
    expect(list.json.items[2].mediaType).toBe('image/jpeg');

    for (const u of uploaded) {
      const res = await fetch(`${t.baseUrl}/v1/agencies/${AGENCY}/evidence/${u.evidenceId}`, {
        headers: { authorization: `Bearer ${auditor}` },
      });
      expect(res.status).toBe(200);
      expect(Buffer.from(await res.arrayBuffer()).equals(u.bytes)).toBe(true);
      expect({
        type: res.headers.get('content-type'),
        disposition: res.headers.get('content-disposition'),
        nosniff: res.headers.get('x-content-type-options'),
        length: res.headers.get('content-length'),
      }).toEqual({
        type: u.type === 'application/octet-stream' ? 'image/jpeg' : u.type,
        disposition: `attachment; filename="${u.filename}"; filename*=UTF-8''${encodeURIComponent(u.filename)}`,
        nosniff: 'nosniff',
        length: String(u.bytes.length),
      });
    }

    // The agency view counts the evidence per requirement, from the read model and from the log alike.
    const view = await read(`/v1/agencies/${AGENCY}`, own);
    expect(view.json.evidence).toEqual({ partnership: 2, policy: 1, training: 1 });
    const state = await read(`/v1/agencies/${AGENCY}/state`, own);
    expect(state.json.evidence).toEqual({ partnership: 2, policy: 1, training: 1 });
  });

  it('renamed and polyglot files are refused with 415 by their bytes: nothing stored, no event', async () => {
    const pdf = await makePdf();
    const png = await makePng();
    const cases: [string, { bytes: Uint8Array; filename: string; type?: string }, string][] = [
      [
        'HTML named .pdf',
        { bytes: HOSTILE.html, filename: 'mou.pdf', type: 'application/pdf' },
        'unsupported-document-type',
      ],
      [
        'SVG named .pdf',
        { bytes: HOSTILE.svg, filename: 'policy.pdf', type: 'application/pdf' },
        'unsupported-document-type',
      ],
      [
        'SVG as itself',
        { bytes: HOSTILE.svg, filename: 'logo.svg', type: 'image/svg+xml' },
        'unsupported-document-type',
      ],
      [
        'a PDF declared as image/png',
        { bytes: pdf, filename: 'mou.png', type: 'image/png' },
        'declared-type-mismatch',
      ],
      [
        'a PDF named .png, declared generically',
        { bytes: pdf, filename: 'mou.png', type: 'application/octet-stream' },
        'declared-type-mismatch',
      ],
      [
        'a PNG named .pdf',
        { bytes: png, filename: 'scan.pdf', type: 'application/octet-stream' },
        'declared-type-mismatch',
      ],
      [
        'a ZIP named .pdf',
        { bytes: HOSTILE.zip, filename: 'package.pdf', type: 'application/pdf' },
        'unsupported-document-type',
      ],
      [
        'a ZIP',
        { bytes: HOSTILE.zip, filename: 'package.zip', type: 'application/zip' },
        'unsupported-document-type',
      ],
      // A PDF header after junk (readers accept it; polyglots are made that way) is not a PDF here.
      [
        'HTML then a PDF',
        { bytes: Buffer.concat([HOSTILE.html, pdf]), filename: 'x.pdf', type: 'application/pdf' },
        'unsupported-document-type',
      ],
    ];
    const events = await countEvents(t);
    const files = stored();
    for (const [what, file, code] of cases) {
      const res = await upload(evidenceForm(file, { requirement: 'policy' }));
      expect({ what, status: res.status, problem: isProblem(res), code: res.json?.code }).toEqual({
        what,
        status: 415,
        problem: true,
        code,
      });
    }
    expect(await countEvents(t)).toBe(events);
    expect(stored()).toEqual(files);
    expect(scratch()).toEqual([]);
  });

  it('a document over 20 MiB gets 413 and nothing is stored, with or without a Content-Length', async () => {
    const events = await countEvents(t);
    const files = stored();
    const big = Buffer.alloc(21 * 1024 * 1024, 0x20);
    big.write('%PDF-1.7\n');
    const declared = await upload(evidenceForm({ bytes: big, filename: 'big.pdf', type: 'application/pdf' }));
    expect([declared.status, isProblem(declared), declared.json?.code]).toEqual([
      413,
      true,
      'document-too-large',
    ]);
    // Streamed (chunked): the limit is found while reading, the partial file is deleted.
    const boundary = 'x-evidence-boundary';
    const head = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="requirement"\r\n\r\npolicy\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.7\n`,
    );
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(head);
      },
      pull(c) {
        if (sent >= 21 * 1024 * 1024) {
          c.enqueue(Buffer.from(`\r\n--${boundary}--\r\n`));
          return c.close();
        }
        const chunk = Buffer.alloc(256 * 1024, 0x20);
        sent += chunk.length;
        c.enqueue(chunk);
      },
    });
    const streamed = await fetch(`${t.baseUrl}/v1/agencies/${AGENCY}/evidence`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${own}`,
        'content-type': `multipart/form-data; boundary=${boundary}`,
      },
      body,
      duplex: 'half',
    } as RequestInit & { duplex: 'half' });
    expect(streamed.status).toBe(413);
    expect(await countEvents(t)).toBe(events);
    expect(stored()).toEqual(files);
    expect(scratch()).toEqual([]);
    // Exactly 20 MiB is within the limit.
    const max = big.subarray(0, 20 * 1024 * 1024);
    const accepted = await upload(evidenceForm({ bytes: max, filename: 'max.pdf', type: 'application/pdf' }));
    expect([accepted.status, accepted.json?.sha256]).toEqual([200, sha256(max)]);
    expect(stored()).toHaveLength(files.length + 1);
    position = accepted.json.position;
  });

  it('the upload is streamed: its bytes are on disk while the request is still being sent', async () => {
    const boundary = 'x-streaming-boundary';
    const head = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="requirement"\r\n\r\ntraining\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="roster.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.7\n`,
    );
    const half = 4 * 1024 * 1024;
    let sent = 0;
    let resumeSending!: () => void;
    const halfway = new Promise<void>((r) => (resumeSending = r));
    const body = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(head);
      },
      async pull(c) {
        if (sent === half) await halfway; // hold the rest back until the first half is seen on disk
        if (sent >= 2 * half) {
          c.enqueue(Buffer.from(`\r\n--${boundary}--\r\n`));
          return c.close();
        }
        const chunk = Buffer.alloc(256 * 1024, 0x41);
        sent += chunk.length;
        c.enqueue(chunk);
      },
    });
    const answer = fetch(`${t.baseUrl}/v1/agencies/${AGENCY}/evidence`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${own}`,
        'content-type': `multipart/form-data; boundary=${boundary}`,
      },
      body,
      duplex: 'half',
    } as RequestInit & { duplex: 'half' });
    // The scratch file holds the first half while the second has not been sent (not a timing: it waits).
    let onDisk = 0;
    for (let i = 0; i < 200 && onDisk < half - 512 * 1024; i++) {
      await new Promise((r) => setTimeout(r, 50));
      onDisk = Math.max(0, ...scratch().map((f) => statSync(f).size));
    }
    expect(onDisk).toBeGreaterThanOrEqual(half - 512 * 1024);
    expect(sent).toBeLessThanOrEqual(half);
    resumeSending();
    const res = await answer;
    expect(res.status).toBe(200);
    position = ((await res.json()) as { position: string }).position;
    expect(scratch()).toEqual([]);
  });

  it('bad forms get a 4xx problem naming what is wrong, and store nothing', async () => {
    const pdf = await makePdf();
    const events = await countEvents(t);
    const files = stored();
    const file = { bytes: pdf, filename: 'mou.pdf', type: 'application/pdf' };
    const cases: [
      string,
      () => Promise<{ status: number; json?: { errors?: { path: string }[] } }>,
      number,
    ][] = [
      ['no file', () => upload(evidenceForm(null)), 400],
      ['unknown requirement', () => upload(evidenceForm(file, { requirement: 'budget' })), 400],
      [
        'a control character in the description',
        () => upload(evidenceForm(file, { requirement: 'policy', description: 'a\u0000b' })),
        400,
      ],
      ['an unknown field', () => upload(evidenceForm(file, { requirement: 'policy', evidenceId: 'x' })), 400],
      [
        'an empty file',
        () => upload(evidenceForm({ ...file, bytes: new Uint8Array() }, { requirement: 'policy' })),
        400,
      ],
      [
        'two files',
        () => {
          const form = evidenceForm(file, { requirement: 'policy' });
          form.append('file', new Blob([pdf], { type: 'application/pdf' }), 'two.pdf');
          return upload(form);
        },
        400,
      ],
      [
        'JSON instead of a form',
        () =>
          t.request('POST', `/v1/agencies/${AGENCY}/evidence`, {
            token: own,
            body: { requirement: 'policy' },
          }),
        415,
      ],
      ['an agency that never pledged', () => upload(evidenceForm(file), staff, {}, 'tx-nowhere-pd'), 404],
      [
        // busboy gives such a part's name as undefined: it once threw in the parser's callback (fuzz FC_SEED=1342992150).
        'a part without a name',
        () =>
          t.request('POST', `/v1/agencies/${AGENCY}/evidence`, {
            token: own,
            body: `--${BOUNDARY}\r\nContent-Disposition: form-data\r\n\r\npolicy\r\n--${BOUNDARY}--\r\n`,
            headers: { 'content-type': MULTIPART_TYPE },
          }),
        400,
      ],
      [
        // A refusal before the file part, then a file busboy had already read: the file once got a
        // scratch file and an unawaited refusal (an unhandled rejection; CI fuzz FC_SEED=1349288642).
        'an unknown field, then a mis-declared file',
        () =>
          t.request('POST', `/v1/agencies/${AGENCY}/evidence`, {
            token: own,
            body:
              `--${BOUNDARY}\r\nContent-Disposition: form-data; name="colour"\r\n\r\nred\r\n` +
              `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n` +
              `Content-Type: text/plain\r\n\r\n%PDF-1.4 and the rest\r\n--${BOUNDARY}--\r\n`,
            headers: { 'content-type': MULTIPART_TYPE },
          }),
        400,
      ],
    ];
    for (const [what, send, status] of cases) {
      const res = await send();
      expect({ what, status: res.status }).toEqual({ what, status });
    }
    expect(await countEvents(t)).toBe(events);
    expect(stored()).toEqual(files);
    expect(scratch()).toEqual([]);
  });

  it('an Idempotency-Key retry gets the first answer (the same evidenceId); the key with another file is refused', async () => {
    const pdf = await makePdf('idempotent upload');
    const form = () => evidenceForm({ bytes: pdf, filename: 'retry.pdf', type: 'application/pdf' });
    const key = { 'idempotency-key': 'evidence-retry-1' };
    const first = await upload(form(), own, key);
    const events = await countEvents(t);
    const retry = await upload(form(), own, key);
    expect(first.status).toBe(200);
    expect(retry.json).toEqual(first.json);
    expect(await countEvents(t)).toBe(events);
    const png = await makePng('another');
    const reused = await upload(evidenceForm({ bytes: png, filename: 'x.png', type: 'image/png' }), own, key);
    expect([reused.status, reused.json?.code]).toEqual([409, 'idempotency-key-reused']);
    position = first.json.position;
  });

  it('partnerships and policies carry evidenceIds of this agency; unknown or another agency’s ids are 422 evidence-not-found', async () => {
    const [mou, , policyScan] = uploaded;
    const partnership = await t.request('POST', `/v1/agencies/${AGENCY}/partnerships`, {
      token: own,
      body: {
        partnerName: 'Denton County MHMR',
        partnerType: 'community-mental-health',
        establishedOn: '2025-02-01',
        evidenceIds: [mou.evidenceId],
      },
    });
    expect(partnership.status).toBe(200);
    const policyBody = {
      title: 'GO 41.2 Crisis response',
      version: '1',
      adoptedOn: '2025-02-15',
      effectiveOn: '2025-03-01',
      basedOnIacpModel: true,
    };
    const policy = await t.request('POST', `/v1/agencies/${AGENCY}/policies`, {
      token: own,
      body: { ...policyBody, evidenceIds: [policyScan.evidenceId] },
    });
    expect(policy.status).toBe(200);
    const recorded = (await readEvents(t)).filter(
      (e) => e.type === 'PartnershipEstablished' || e.type === 'PolicyAdopted',
    );
    expect(recorded.map((e) => JSON.parse(e.data).evidenceIds)).toEqual([
      [mou.evidenceId],
      [policyScan.evidenceId],
    ]);

    const otherUpload = await upload(
      evidenceForm({ bytes: await makePdf('Lewisville'), filename: 'l.pdf' }),
      other,
      {},
      OTHER,
    );
    expect(otherUpload.status).toBe(200);
    const events = await countEvents(t);
    for (const evidenceIds of [['no-such-evidence'], [mou.evidenceId, otherUpload.json.evidenceId]]) {
      const res = await t.request('POST', `/v1/agencies/${AGENCY}/policies`, {
        token: own,
        body: { ...policyBody, evidenceIds },
      });
      expect([res.status, res.json?.code, isProblem(res)]).toEqual([422, 'evidence-not-found', true]);
      expect(res.json.errors).toEqual([
        { path: `evidenceIds[${evidenceIds.length - 1}]`, message: expect.any(String) },
      ]);
    }
    const malformed = await t.request('POST', `/v1/agencies/${AGENCY}/policies`, {
      token: own,
      body: { ...policyBody, evidenceIds: 'x' },
    });
    expect(malformed.status).toBe(400);
    expect(await countEvents(t)).toBe(events);
  });

  it('roles: another agency can neither upload, list nor download; an auditor reads but cannot upload', async () => {
    const pdf = await makePdf();
    const form = () => evidenceForm({ bytes: pdf, filename: 'x.pdf', type: 'application/pdf' });
    const files = stored().length;
    expect((await upload(form(), other)).status).toBe(403);
    expect((await upload(form(), auditor)).status).toBe(403);
    expect((await upload(form(), '')).status).toBe(401);
    expect((await read(`/v1/agencies/${AGENCY}/evidence`, other)).status).toBe(403);
    expect((await read(`/v1/agencies/${AGENCY}/evidence/${uploaded[0].evidenceId}`, other)).status).toBe(403);
    expect((await read(`/v1/agencies/${AGENCY}/evidence`, auditor)).status).toBe(200);
    // An id of another agency is not found through this one.
    const theirs = (await read(`/v1/agencies/${OTHER}/evidence`, staff)).json.items[0].evidenceId;
    expect((await read(`/v1/agencies/${AGENCY}/evidence/${theirs}`, staff)).status).toBe(404);
    expect(stored()).toHaveLength(files);
  });

  it('G12: a tampered or missing stored document is named by verify (endpoint, CLI, offline export), and never served', async () => {
    const png = uploaded[1];
    const path = join(dir(), sha256(png.bytes).slice(0, 2), sha256(png.bytes).slice(2));
    const original = readFileSync(path);
    const verification = () => read(`/v1/agencies/${AGENCY}/verification`, auditor);
    const cli = (...args: string[]) =>
      spawnSync(process.execPath, [CLI, 'verify', ...args], {
        env: t.cliEnv(),
        encoding: 'utf8',
      });
    const offline = async (documents?: string) => {
      const store = await t.openLog();
      const lines: string[] = [];
      for await (const line of exportLines(store, oneStream(store, agencyStream(AGENCY)))) lines.push(line);
      await store.close();
      return (await verifyExport(lines, documents ? new LocalDocumentStore(documents) : undefined))[0];
    };

    const clean = await verification();
    expect(clean.json).toMatchObject({ valid: true, documents: { checked: 7, bad: [] } });
    expect(cli(AGENCY).status).toBe(0);

    for (const [problem, tamper] of [
      [
        'mismatch',
        () =>
          writeFileSync(
            path,
            Buffer.concat([original.subarray(0, 40), Buffer.from('swapped'), original.subarray(47)]),
          ),
      ],
      ['missing', () => rmSync(path)],
    ] as const) {
      tamper();
      const bad = [
        { evidenceId: png.evidenceId, sha256: sha256(png.bytes), revision: expect.any(String), problem },
      ];
      const endpoint = await verification();
      expect(endpoint.json).toMatchObject({ valid: false, documents: { checked: 7, bad } });
      expect(endpoint.json.reason).toContain(sha256(png.bytes));
      const run = cli(AGENCY);
      expect(run.status).toBe(1);
      expect(run.stdout).toContain(`BAD DOCUMENT ${sha256(png.bytes)} (evidence ${png.evidenceId}`);
      expect(await offline(dir())).toMatchObject({ valid: false, documents: { bad } });
      expect((await offline()).valid).toBe(true); // without the documents, only the chain is checked
      const download = await read(`/v1/agencies/${AGENCY}/evidence/${png.evidenceId}`, staff);
      expect([download.status, download.json?.code]).toEqual([
        500,
        problem === 'missing' ? 'document-missing' : 'document-corrupted',
      ]);
      writeFileSync(path, original);
    }
    expect((await verification()).json.valid).toBe(true);
  }, 60_000);
});
