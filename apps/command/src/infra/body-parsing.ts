import express, { type NextFunction, type Request, type Response } from 'express';
import { problem, sendProblem } from './problem.js';
import { InvalidUtf8Error, assertUtf8 } from './strict-utf8.js';

export const JSON_LIMIT = '1mb';
export const CSV_LIMIT_BYTES = 20 * 1024 * 1024;
/** Evidence uploads: a 20 MiB document plus room for the form's other parts. */
export const UPLOAD_LIMIT_BYTES = 20 * 1024 * 1024 + 64 * 1024;

/** Keys that could reach an object's prototype through a later merge or class-transformer (G8). */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

class ForbiddenKeyError extends Error {}

const parseJson = express.json({
  limit: JSON_LIMIT,
  type: () => true,
  strict: true,
  // The parser would decode bad bytes to U+FFFD and store text nobody sent (G8): refuse them.
  verify: (_req, _res, buf) => assertUtf8(buf),
  reviver: (key, value) => {
    if (FORBIDDEN_KEYS.has(key)) throw new ForbiddenKeyError(`the key "${key}" is not allowed`);
    return value;
  },
});

const hasBody = (req: Request) =>
  req.headers['transfer-encoding'] !== undefined ||
  (req.headers['content-length'] !== undefined && req.headers['content-length'] !== '0');

/**
 * Parses JSON bodies ourselves instead of Nest's parser so that its errors (size, syntax, wrong
 * type, forbidden keys) answer as problem+json: Nest's exception filters never see them.
 * Routes whose body is CSV declare it with `csvRoute`, multipart uploads with `uploadRoute`; both
 * read the stream themselves (a declared length over the limit is refused before a byte is read).
 */
export function bodyParsing(
  csvRoute: (req: Request) => boolean,
  uploadRoute: (req: Request) => boolean = () => false,
) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (!['POST', 'PUT', 'PATCH'].includes(req.method)) return next();
    const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    if (csvRoute(req)) {
      if (type !== 'text/csv')
        return sendProblem(res, problem(415, 'this endpoint takes Content-Type: text/csv'));
      const length = Number(req.headers['content-length'] ?? 0);
      if (length > CSV_LIMIT_BYTES)
        return sendProblem(res, problem(413, `CSV bodies are limited to ${CSV_LIMIT_BYTES} bytes`));
      return next();
    }
    if (uploadRoute(req)) {
      if (type !== 'multipart/form-data')
        return sendProblem(res, problem(415, 'this endpoint takes Content-Type: multipart/form-data'));
      if (Number(req.headers['content-length'] ?? 0) > UPLOAD_LIMIT_BYTES)
        return sendProblem(
          res,
          problem(413, `documents are limited to ${20 * 1024 * 1024} bytes`, { code: 'document-too-large' }),
        );
      return next();
    }
    if (!hasBody(req)) {
      req.body = {};
      return next();
    }
    if (type !== 'application/json')
      return sendProblem(res, problem(415, 'this endpoint takes Content-Type: application/json'));
    parseJson(req, res, (err?: unknown) => {
      if (!err) {
        if (req.body === null || typeof req.body !== 'object' || Array.isArray(req.body)) {
          return sendProblem(res, problem(400, 'the body must be a JSON object'));
        }
        return next();
      }
      const e = err as { type?: string; status?: number; message?: string };
      if (e.type === 'entity.too.large')
        return sendProblem(res, problem(413, `JSON bodies are limited to ${JSON_LIMIT}`));
      if (e.type === 'encoding.unsupported' || e.type === 'charset.unsupported')
        return sendProblem(res, problem(415, 'the body must be UTF-8'));
      if (err instanceof InvalidUtf8Error) return sendProblem(res, problem(400, err.message));
      const detail = /not allowed/.test(e.message ?? '') ? e.message! : 'the body is not valid JSON';
      return sendProblem(res, problem(400, detail));
    });
  };
}
