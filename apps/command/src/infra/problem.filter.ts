import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import {
  IdempotencyKeyReusedError,
  WrongExpectedRevisionError,
  isStorageFull,
  isStoreUnavailable,
} from '#event-store';
import type { HttpReply } from './http.js';
import { ProblemException, problem, sendProblem, type ProblemDetails } from './problem.js';
import { refusalProblem } from './problem-codes.js';

/** Seconds a client waits before retrying a write refused for lack of space (an operator must act). */
const STORAGE_RETRY_AFTER = '30';
/** Seconds before retrying while the database server does not answer (a restart takes a few). */
const UNAVAILABLE_RETRY_AFTER = '2';

/** Every error leaves as problem+json; a 5xx never leaks internals, only a log line with the cause. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemFilter');

  catch(error: unknown, host: ArgumentsHost) {
    const res = host.switchToHttp().getResponse<HttpReply>();
    const { details, headers } = this.toProblemLogged(error);
    sendProblem(res, details, headers);
  }

  /** The problem for an error; a 5xx is logged with its cause (the answer never carries it). */
  toProblemLogged(error: unknown): { details: ProblemDetails; headers?: Record<string, string> } {
    const found = ProblemFilter.toProblem(error);
    if (found.details.status >= 500)
      this.logger.error({
        msg: 'request failed',
        error: error instanceof Error ? error.stack : String(error),
      });
    return found;
  }

  /** The problem an error answers with (also each failed row of a bulk request). */
  static toProblem(error: unknown): { details: ProblemDetails; headers?: Record<string, string> } {
    if (error instanceof ProblemException) return { details: error.problem, headers: error.headers };
    const refusal = refusalProblem(error);
    if (refusal) return refusal;
    if (error instanceof WrongExpectedRevisionError) {
      return {
        details: problem(409, `the agency changed meanwhile (now at revision ${String(error.actual)})`, {
          code: 'stale-revision',
        }),
      };
    }
    if (error instanceof IdempotencyKeyReusedError)
      return { details: problem(409, error.message, { code: 'idempotency-key-reused' }) };
    // G13: typed by the store, or a raw SQLITE_FULL / ENOSPC from any other write on the request's path.
    if (isStorageFull(error)) {
      return {
        details: problem(507, 'the server has no storage space left; nothing was stored, retry later', {
          code: 'storage-full',
        }),
        headers: { 'Retry-After': STORAGE_RETRY_AFTER },
      };
    }
    // G11: the PostgreSQL server is restarting or unreachable; the store reconnects by itself.
    if (isStoreUnavailable(error)) {
      return {
        details: problem(
          503,
          'the database does not answer at the moment; retry after Retry-After seconds (a write with the same Idempotency-Key: it is applied once)',
          {
            code: 'store-unavailable',
          },
        ),
        headers: { 'Retry-After': UNAVAILABLE_RETRY_AFTER },
      };
    }
    // Fastify's own refusals before a handler runs (a bad Content-Length, a malformed URL): 4xx.
    const fastifyStatus = (error as { statusCode?: unknown; code?: unknown } | null)?.statusCode;
    if (
      typeof fastifyStatus === 'number' &&
      fastifyStatus >= 400 &&
      fastifyStatus < 500 &&
      String((error as { code?: unknown }).code).startsWith('FST_')
    )
      return {
        details: problem(
          fastifyStatus,
          fastifyStatus === 404 ? 'no such resource' : (error as Error).message,
        ),
      };
    if (error instanceof HttpException) {
      const status = error.getStatus();
      const body = error.getResponse();
      const detail =
        typeof body === 'string' ? body : String((body as { message?: unknown }).message ?? error.message);
      return { details: problem(status, status === 404 ? 'no such resource' : detail) };
    }
    return { details: problem(500, 'an unexpected error occurred; it has been logged') };
  }
}
