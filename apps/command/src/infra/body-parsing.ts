import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { ProblemException, problem } from './problem.js';
import { assertUtf8, type InvalidUtf8Error } from './strict-utf8.js';

export const JSON_LIMIT = '1mb';
export const JSON_LIMIT_BYTES = 1024 * 1024;
export const CSV_LIMIT_BYTES = 20 * 1024 * 1024;
/** Evidence uploads: a 20 MiB document plus room for the form's other parts. */
export const UPLOAD_LIMIT_BYTES = 20 * 1024 * 1024 + 64 * 1024;

/** Keys that could reach an object's prototype through a later merge or class-transformer (G8). */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
/** Only a body that names one of them, or escapes a character (`"\u005f_proto__"`), needs the reviver. */
const MAY_HOLD_FORBIDDEN_KEY = /__proto__|constructor|prototype|\\u/;

/** Which routes read their own body stream, by the route's pattern (Fastify's `routeOptions.url`). */
export interface StreamedBodies {
  /** CSV imports: only `text/csv`, at most CSV_LIMIT_BYTES, read by the handler. */
  csv: ReadonlySet<string>;
  /** Uploads: `multipart/form-data`, read by the handler (busboy on the raw request). */
  multipart: ReadonlySet<string>;
}

const bad = (status: number, detail: string) => new ProblemException(problem(status, detail));

function mediaType(header: string | undefined): { type: string; charset?: string } {
  if (!header) return { type: '' };
  const semi = header.indexOf(';');
  if (semi < 0) return { type: header.trim().toLowerCase() };
  const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(header)?.[1]?.toLowerCase();
  return { type: header.slice(0, semi).trim().toLowerCase(), charset };
}

const hasBody = (req: FastifyRequest) =>
  req.headers['transfer-encoding'] !== undefined ||
  (req.headers['content-length'] !== undefined && req.headers['content-length'] !== '0');

function decoded(req: FastifyRequest, payload: Readable): Readable {
  const encoding = (req.headers['content-encoding'] ?? 'identity').toLowerCase();
  switch (encoding) {
    case 'identity':
      return payload;
    case 'gzip':
      return payload.pipe(createGunzip());
    case 'deflate':
      return payload.pipe(createInflate());
    case 'br':
      return payload.pipe(createBrotliDecompress());
    default:
      throw bad(415, 'the body must be UTF-8');
  }
}

/** The whole body, refused past `limit` bytes (by its declared length first: nothing is read then). */
function collect(req: FastifyRequest, payload: Readable, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) return Promise.reject(bad(413, `JSON bodies are limited to ${JSON_LIMIT}`));
  const stream = decoded(req, payload);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        stream.removeAllListeners('data');
        stream.resume();
        reject(bad(413, `JSON bodies are limited to ${JSON_LIMIT}`));
        return;
      }
      chunks.push(chunk);
    });
    stream.on('end', () => resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size)));
    stream.on('error', (err: Error & { code?: string }) =>
      reject(err.code?.startsWith('Z_') ? bad(400, 'the body cannot be decompressed') : err),
    );
  });
}

function parseJson(buf: Buffer): object {
  // The parser would decode bad bytes to U+FFFD and store text nobody sent (G8): refuse them.
  try {
    assertUtf8(buf);
  } catch (err) {
    throw bad(400, (err as InvalidUtf8Error).message);
  }
  const text = buf.toString('utf8');
  let body: unknown;
  try {
    body = MAY_HOLD_FORBIDDEN_KEY.test(text)
      ? JSON.parse(text, (key, value) => {
          if (FORBIDDEN_KEYS.has(key)) throw bad(400, `the key "${key}" is not allowed`);
          return value;
        })
      : JSON.parse(text);
  } catch (err) {
    if (err instanceof ProblemException) throw err;
    throw bad(400, 'the body is not valid JSON');
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    throw bad(400, 'the body must be a JSON object');
  return body;
}

/**
 * One content-type parser for every body, so that each refusal (size, syntax, wrong type, bad
 * UTF-8, forbidden keys) answers as problem+json with API.md's wording. JSON is parsed here;
 * CSV and multipart routes get their stream unread (the handler reads `req.raw`).
 */
export function registerBodyParsing(fastify: FastifyInstance, streamed: StreamedBodies): void {
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('*', (req: FastifyRequest, payload: Readable, done) => {
    const { type, charset } = mediaType(req.headers['content-type']);
    const route = req.routeOptions.url ?? '';
    if (streamed.csv.has(route)) {
      if (type !== 'text/csv') return done(bad(415, 'this endpoint takes Content-Type: text/csv'));
      if (Number(req.headers['content-length'] ?? 0) > CSV_LIMIT_BYTES)
        return done(bad(413, `CSV bodies are limited to ${CSV_LIMIT_BYTES} bytes`));
      return done(null, undefined);
    }
    if (streamed.multipart.has(route)) {
      if (type !== 'multipart/form-data')
        return done(bad(415, 'this endpoint takes Content-Type: multipart/form-data'));
      if (Number(req.headers['content-length'] ?? 0) > UPLOAD_LIMIT_BYTES)
        return done(
          new ProblemException(
            problem(413, `documents are limited to ${20 * 1024 * 1024} bytes`, {
              code: 'document-too-large',
            }),
          ),
        );
      return done(null, undefined);
    }
    if (!hasBody(req)) return done(null, {});
    if (type !== 'application/json')
      return done(bad(415, 'this endpoint takes Content-Type: application/json'));
    if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8')
      return done(bad(415, 'the body must be UTF-8'));
    let body: Promise<Buffer>;
    try {
      body = collect(req, payload, JSON_LIMIT_BYTES);
    } catch (err) {
      return done(err as Error);
    }
    body.then(
      (buf) => {
        let parsed: object;
        try {
          parsed = parseJson(buf);
        } catch (err) {
          return done(err as Error);
        }
        done(null, parsed);
      },
      (err: Error) => done(err),
    );
  });
}
