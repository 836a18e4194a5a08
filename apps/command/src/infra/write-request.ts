import { createHash, randomUUID } from 'node:crypto';
import { principalScope, type Principal, type ScopedPrincipal } from '#auth';
import { canonicalJson, type Actor } from '#events';
import type { HttpRequest } from './http.js';
import { ProblemException, problem } from './problem.js';

/** What the HTTP layer hands the command bus besides the command itself. */
export interface WriteMeta {
  /** A token's principal, or the engine itself (`role: 'system'`) for timers and document jobs. */
  principal: Actor;
  commandId: string;
  correlationId: string;
  causationId: string;
  ifMatch?: bigint;
  idempotency?: Idempotency;
}

export interface Idempotency {
  key: string;
  fingerprint: string;
  /** The same key in the scope used before issue 13 (`role:sub:key`): see legacy-idempotency.ts. */
  legacyKey?: string;
}

const TOKEN_LIKE = /^[\x21-\x7e]{1,128}$/;

export function writeMetaFrom(req: HttpRequest, principal: Principal, body: unknown): WriteMeta {
  const commandId = randomUUID();
  const correlation = header(req, 'x-correlation-id');
  if (correlation !== undefined && !TOKEN_LIKE.test(correlation))
    throw bad('X-Correlation-Id must be 1–128 visible ASCII characters');
  return {
    principal,
    commandId,
    correlationId: correlation ?? commandId,
    causationId: commandId,
    ifMatch: parseIfMatch(header(req, 'if-match')),
    idempotency: parseIdempotency(req, principal, body),
  };
}

function parseIfMatch(value: string | undefined): bigint | undefined {
  if (value === undefined) return undefined;
  const m = /^(?:W\/)?"?(\d{1,19})"?$/.exec(value.trim());
  if (!m) throw bad('If-Match must be a revision such as "41"');
  return BigInt(m[1]);
}

/**
 * Keys are scoped to the caller — its whole identity (principal-scope.ts), so one user's key never
 * answers another's request — and bound to the request: the same key with a different route or body
 * is refused (409 idempotency-key-reused).
 */
function parseIdempotency(
  req: HttpRequest,
  principal: ScopedPrincipal,
  body: unknown,
): Idempotency | undefined {
  const key = header(req, 'idempotency-key');
  if (key === undefined) return undefined;
  if (!TOKEN_LIKE.test(key)) throw bad('Idempotency-Key must be 1–128 visible ASCII characters');
  return idempotencyFor(principal, key, `${req.method} ${req.url.split('?')[0]}`, body);
}

/**
 * A key as one request (`METHOD /path` and its JSON body) would have sent it. The bulk pledge route
 * keys each row as its own `POST /v1/agencies/{id}/pledge`, so the two routes answer each other's retries.
 */
export function idempotencyFor(
  principal: ScopedPrincipal,
  key: string,
  route: string,
  body: unknown,
): Idempotency {
  const fingerprint = createHash('sha256')
    .update(`${route}\n${canonicalJson(body ?? {})}`)
    .digest('hex');
  return {
    key: `${principalScope(principal)}:${key}`,
    fingerprint,
    legacyKey: `${principal.role}:${principal.sub}:${key}`,
  };
}

/** Idempotency-Key's syntax (also a bulk row's `idempotencyKey`). */
export const IDEMPOTENCY_KEY_PATTERN = TOKEN_LIKE;

function header(req: HttpRequest, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

const bad = (detail: string) => new ProblemException(problem(400, detail));

/** Metadata for a command the engine sends itself (a due timer, a document job). */
export function systemWriteMeta(sub: string, causationId: string, correlationId = causationId): WriteMeta {
  return { principal: { sub, role: 'system' }, commandId: randomUUID(), correlationId, causationId };
}

/** The parts of a command request every handler derives the same way from its WriteMeta. */
export function commandRequestBasics(meta: WriteMeta, clock: { now(): string }) {
  const { principal } = meta;
  return {
    metadata: {
      actor: {
        sub: principal.sub,
        role: principal.role,
        ...(principal.agencyId ? { agencyId: principal.agencyId } : {}),
      },
      commandId: meta.commandId,
      correlationId: meta.correlationId,
      causationId: meta.causationId,
    },
    recordedAt: () => clock.now(),
    ifMatch: meta.ifMatch,
    idempotency: meta.idempotency,
  };
}
