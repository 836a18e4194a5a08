import * as fs from 'node:fs';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { receiveUpload, UploadError } from './receive-upload.js';

const BOUNDARY = 'race-boundary';
const PDF_HEAD = Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\n');

/** A request whose file part starts, then is refused: its bytes, or a second file part. */
function refusedMidFile(kind: 'not-a-pdf' | 'second-file' | 'unknown-field'): IncomingMessage {
  const req = new PassThrough() as unknown as IncomingMessage & PassThrough;
  (req as { headers: Record<string, string> }).headers = {
    'content-type': `multipart/form-data; boundary=${BOUNDARY}`,
  };
  const filePart = (content: Buffer) =>
    Buffer.concat([
      Buffer.from(
        `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
      ),
      content,
      Buffer.from('\r\n'),
    ]);
  const body = Buffer.concat([
    filePart(kind === 'not-a-pdf' ? Buffer.from('hello') : PDF_HEAD),
    kind === 'second-file' ? filePart(PDF_HEAD) : Buffer.alloc(0),
    kind === 'unknown-field'
      ? Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="surprise"\r\n\r\nx\r\n`)
      : Buffer.alloc(0),
    Buffer.from(`--${BOUNDARY}--\r\n`),
  ]);
  setImmediate(() => req.end(body));
  return req;
}

describe('receiveUpload (real files)', () => {
  let scratch: string;
  beforeEach(() => {
    scratch = mkdtempSync(join(tmpdir(), 'upload-scratch-'));
  });
  afterEach(() => rmSync(scratch, { recursive: true, force: true }));

  // CI fuzz FC_SEED=1352364923 left a `.part` behind: the refusal removed the scratch file while
  // the write stream's asynchronous open was still in flight, and the open then created it. The
  // refusal must wait for the write stream to close. A slow open (a loaded host) shows it at once.
  const slowOpen = {
    ...fs,
    open: ((...args: Parameters<typeof fs.open>) => {
      setTimeout(() => (fs.open as (...a: unknown[]) => void)(...args), 50);
    }) as typeof fs.open,
  };
  it.each([
    ['not-a-pdf', 415],
    ['second-file', 400],
    ['unknown-field', 400],
  ] as const)('a refused upload (%s) on a slow file system leaves no scratch file', async (kind, status) => {
    const e = await receiveUpload(refusedMidFile(kind), scratch, { fileSystem: slowOpen }).then(
      () => 'accepted',
      (err: unknown) => err,
    );
    expect(e).toBeInstanceOf(UploadError);
    expect((e as UploadError).status).toBe(status);
    // Said when refused, so it holds when the client reads the answer (no waiting here).
    expect(readdirSync(scratch)).toEqual([]);
    await sleep(150); // an open still in flight would land within this
    expect(readdirSync(scratch)).toEqual([]);
  });

  it('an accepted upload on a slow file system is complete when handed over', async () => {
    const req = new PassThrough() as unknown as IncomingMessage & PassThrough;
    (req as { headers: Record<string, string> }).headers = {
      'content-type': `multipart/form-data; boundary=${BOUNDARY}`,
    };
    setImmediate(() =>
      req.end(
        Buffer.concat([
          Buffer.from(
            `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
          ),
          PDF_HEAD,
          Buffer.from(`\r\n--${BOUNDARY}--\r\n`),
        ]),
      ),
    );
    const { file } = await receiveUpload(req, scratch, { fileSystem: slowOpen });
    expect(fs.readFileSync(file.path)).toEqual(PDF_HEAD);
    expect(file.size).toBe(PDF_HEAD.length);
  });
});
