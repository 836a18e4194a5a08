import { DomainError } from '#domain';
import { CommandRefused } from './command-refused.js';
import { problem, type ProblemDetails } from './problem.js';

/**
 * The HTTP edge's reading of HTTP-free refusals (ADR 0007 / issue 15): the domain and the command
 * path say *what* was refused with a stable code; only here does a code become a status. Codes not
 * listed are business rules that said no: 422.
 */
export const STATUS_OF_CODE: Readonly<Record<string, 403 | 404 | 409 | 503>> = {
  // the thing named does not exist
  'agency-not-found': 404,
  'partnership-not-found': 404,
  'program-not-found': 404,
  'requirement-not-found': 404, // not in the agency's rule set (a review route's path segment)
  'campaign-not-found': 404, // a campaign route's path segment (historic certification, pledge, …)
  'practice-not-found': 404, // not a practice of the agency's rule set (the practice route's segment)
  // the caller may not do this variant of an otherwise allowed command
  'staff-only-field': 403,
  // the command path (infra/handle-command.ts)
  'idempotency-key-reused': 409,
  'stale-revision': 409,
  'claim-taken': 409,
  'agency-id-taken': 409,
  'certificate-number-taken': 409, // a migrated certificate's given number (agency-command.handler.ts)
  // a command for a campaign the agency has not pledged to (campaign-cycles.ts)
  'campaign-not-joined': 409,
  // a published rule set is immutable; its id is one campaign's (the campaigns stream)
  'rule-set-immutable': 409,
  'rule-set-id-taken': 409,
  contention: 503,
};

/** Headers some refusals carry: a busy stream asks the client to retry after a second. */
const HEADERS_OF_CODE: Readonly<Record<string, Record<string, string>>> = {
  contention: { 'Retry-After': '1' },
};

export function statusOf(code: string): number {
  return STATUS_OF_CODE[code] ?? 422;
}

/** A domain or command-path refusal as API.md's problem+json, or null for anything else. */
export function refusalProblem(
  error: unknown,
): { details: ProblemDetails; headers?: Record<string, string> } | null {
  if (error instanceof DomainError)
    return {
      details: problem(statusOf(error.code), error.message, { code: error.code, errors: error.errors }),
    };
  if (error instanceof CommandRefused)
    return {
      details: problem(statusOf(error.code), error.message, { code: error.code }),
      headers: HEADERS_OF_CODE[error.code],
    };
  return null;
}
