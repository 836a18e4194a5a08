import busboy from 'busboy';
import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { asStorageError } from '#event-store';
import type { EvidenceMediaType } from '#events';
import { SNIFF_BYTES, declaredTypeAgrees, extensionAgrees, sniffMediaType } from './sniff.js';

/** API-next.md: evidence documents are at most 20 MiB. */
export const EVIDENCE_MAX_BYTES = 20 * 1024 * 1024;
/** Room for the form's other parts and headers around the file, for the Content-Length pre-check. */
export const MULTIPART_OVERHEAD_BYTES = 64 * 1024;

export class UploadError extends Error {
  constructor(
    readonly status: 400 | 413 | 415,
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

export interface ReceivedFile {
  /** A temporary file in the store's scratch folder, owned by the caller from now on. */
  path: string;
  sha256: string;
  size: number;
  mediaType: EvidenceMediaType;
  /** The name the client gave, unsanitised (the caller makes it safe). */
  filename: string | undefined;
}

export interface UploadOptions {
  maxBytes?: number;
  /** The `fs` option of createWriteStream: lets a test make the file system slow, as on a loaded host. */
  fileSystem?: Exclude<Parameters<typeof createWriteStream>[1], string | undefined>['fs'];
}

const FIELDS = new Set(['requirement', 'description']);

/**
 * Reads a multipart/form-data body from the raw Node request (`req.raw ?? req`, whatever framework
 * sits on top) and streams its one `file` part to a temporary file while hashing it and reading its
 * first bytes: the file is never held in memory. The type comes from those bytes (sniff.ts); the
 * declared type and the name's extension must agree with them. Any refusal stops writing at once,
 * deletes the temporary file, and discards (never buffers) what the client still sends, so that it
 * can read the answer; a client that goes on far past the limit is cut off.
 */
export function receiveUpload(
  source: IncomingMessage,
  scratchDir: string,
  { maxBytes = EVIDENCE_MAX_BYTES, fileSystem }: UploadOptions = {},
): Promise<{ fields: Record<string, string>; file: ReceivedFile }> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: source.headers,
        defParamCharset: 'utf8', // browsers send file names as raw UTF-8, not latin1
        // busboy reports 'limit' on reaching fileSize: one byte over the maximum is what is refused.
        limits: { files: 1, fileSize: maxBytes + 1, fields: 4, fieldSize: 4096, parts: 6, headerPairs: 20 },
      });
    } catch (err) {
      reject(new UploadError(415, `this endpoint takes multipart/form-data: ${(err as Error).message}`));
      source.resume();
      return;
    }
    const fields: Record<string, string> = Object.create(null);
    let tmpPath: string | null = null;
    let writing: Promise<ReceivedFile | null> = Promise.resolve(null);
    /** Settles when the scratch file's stream has closed (opened or not): see fail(). */
    let fileClosed: Promise<void> = Promise.resolve();
    let abortFile: ((err: Error) => void) | null = null;
    let failed = false;

    const fail = (err: Error) => {
      if (failed) return;
      failed = true;
      source.unpipe(parser);
      let discarded = 0;
      source.on('data', (chunk: Buffer) => {
        discarded += chunk.length;
        if (discarded > 2 * maxBytes) source.destroy();
      });
      source.resume();
      abortFile?.(err);
      // The temporary file goes before the answer: "nothing stored" holds when the client reads it.
      // The pipeline settles as soon as a stream fails, possibly before the write stream's
      // asynchronous open has created the file: removing it then left it behind on a loaded host
      // (CI fuzz FC_SEED=1352364923). So wait for the write stream to close first.
      void writing
        .catch(() => null)
        .then(() => fileClosed)
        .then(() => (tmpPath ? rm(tmpPath, { force: true }) : undefined))
        .finally(() => reject(err));
    };

    parser.on('file', (name, stream, info) => {
      // Parts busboy had already buffered when the upload failed: drain them, store nothing.
      if (failed) {
        stream.resume();
        return;
      }
      if (name !== 'file' || tmpPath) {
        stream.resume();
        return fail(new UploadError(400, 'an upload holds one file, in the form field "file"'));
      }
      const path = join(scratchDir, `${randomUUID()}.part`);
      tmpPath = path;
      const hash = createHash('sha256');
      let head = Buffer.alloc(0);
      let mediaType: EvidenceMediaType | null = null;
      let size = 0;
      const decide = (): UploadError | null => {
        mediaType = sniffMediaType(head);
        if (!mediaType)
          return new UploadError(
            415,
            `the file is not a PDF, PNG or JPEG (its first bytes are ${head.toString('hex') || 'missing'}); its name and declared type do not count`,
            'unsupported-document-type',
          );
        if (!declaredTypeAgrees(info.mimeType, mediaType))
          return new UploadError(
            415,
            `the file is declared as ${info.mimeType} but its bytes are ${mediaType}`,
            'declared-type-mismatch',
          );
        if (!extensionAgrees(info.filename, mediaType))
          return new UploadError(
            415,
            `the file is named ${JSON.stringify(info.filename)} but its bytes are ${mediaType}`,
            'declared-type-mismatch',
          );
        return null;
      };
      const inspect = new Transform({
        transform(chunk: Buffer, _enc, done) {
          size += chunk.length;
          hash.update(chunk);
          if (!mediaType && head.length < SNIFF_BYTES) {
            head = Buffer.concat([head, chunk.subarray(0, SNIFF_BYTES - head.length)]);
            if (head.length >= SNIFF_BYTES) {
              const refused = decide();
              if (refused) return done(refused);
            }
          }
          done(null, chunk);
        },
        flush(done) {
          if (size === 0) return done(new UploadError(400, 'the file is empty'));
          done(mediaType ? null : decide());
        },
      });
      abortFile = (err) => inspect.destroy(err);
      stream.on('limit', () =>
        fail(new UploadError(413, `documents are limited to ${maxBytes} bytes`, 'document-too-large')),
      );
      const out: WriteStream = createWriteStream(path, {
        flags: 'wx',
        ...(fileSystem ? { fs: fileSystem } : {}),
      });
      fileClosed = new Promise((done) => out.once('close', () => done()));
      writing = pipeline(stream, inspect, out).then(
        () => ({ path, sha256: hash.digest('hex'), size, mediaType: mediaType!, filename: info.filename }),
        // Never a rejected promise: the failure is reported through fail(), and a `writing` nobody
        // awaits any more (the upload had already failed) must not become an unhandled rejection.
        (err: unknown) => {
          fail(err instanceof UploadError ? err : (asStorageError(err) as Error));
          return null;
        },
      );
    });
    parser.on('field', (name: string | undefined, value, info) => {
      // A part whose Content-Disposition has no `name` reaches here with none (busboy's type says otherwise).
      if (name === undefined) return fail(new UploadError(400, 'a form part has no name'));
      if (!FIELDS.has(name))
        return fail(new UploadError(400, `unknown form field ${JSON.stringify(name.slice(0, 50))}`));
      if (info.valueTruncated || info.nameTruncated)
        return fail(new UploadError(400, `the field ${name} is too long`));
      fields[name] = value;
    });
    const tooMany = () =>
      fail(new UploadError(400, 'an upload holds one file and the fields requirement and description'));
    parser.on('filesLimit', tooMany);
    parser.on('fieldsLimit', tooMany);
    parser.on('partsLimit', tooMany);
    parser.on('error', (err: Error) =>
      fail(new UploadError(400, `the multipart body cannot be read: ${err.message}`)),
    );
    parser.on('close', () => {
      void writing.then(
        (file) => {
          if (failed) return;
          if (!file) return fail(new UploadError(400, 'the form field "file" is missing'));
          resolve({ fields, file });
        },
        () => undefined,
      );
    });
    source.on('aborted', () => fail(new UploadError(400, 'the client closed the upload before its end')));
    source.on('error', (err) => fail(new UploadError(400, `the upload failed: ${err.message}`)));
    source.pipe(parser);
  });
}
