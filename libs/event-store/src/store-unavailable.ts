/**
 * G11 (PostgreSQL restarted during writes): a database server that does not answer is a temporary
 * state, not a bug. The adapter turns a lost or refused connection into this error, so the edge can
 * answer 503 `store-unavailable` with `Retry-After` instead of a bare 500, and the subscribers wait
 * and poll again instead of stopping.
 *
 * A write refused this way may still have committed (the connection can drop after COMMIT reached
 * the server and before its answer came back): the client retries with the same Idempotency-Key and
 * gets the first answer, never a second effect.
 */
export class StoreUnavailableError extends Error {
  readonly code = 'store-unavailable';
  /** `what`: the database that is away (the read models may have one of their own, ADR 0010). */
  constructor(
    override readonly cause: unknown,
    what = "the event store's database",
  ) {
    super(`${what} does not answer (${describe(cause)})`);
  }
}

export function isStoreUnavailable(error: unknown): error is StoreUnavailableError {
  return error instanceof StoreUnavailableError;
}

/**
 * SQLSTATEs of a server that is going away or not yet there: class 08 (connection exception),
 * 57P01 admin shutdown (a fast restart ends every session), 57P02 crash shutdown, 57P03 cannot
 * connect now (starting up or shutting down), 53300 too many connections. Matched on the code,
 * never the message (the server's wording is localised).
 */
const UNAVAILABLE_SQLSTATE = /^(08[0-9A-Z]{3}|57P0[123]|53300)$/;

/**
 * Whether an SQL error the server sent means "going away or not there yet". Any other failure of a
 * query or a connect (a refused or cut socket, the driver's "Connection terminated", a connect
 * timeout) carries no SQLSTATE and is the connection's by construction; the adapter decides that.
 */
export function sqlStateMeansUnavailable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && UNAVAILABLE_SQLSTATE.test(code);
}

function describe(cause: unknown): string {
  const code = (cause as { code?: unknown } | null)?.code;
  const message = cause instanceof Error ? cause.message : String(cause);
  return typeof code === 'string' ? `${code}: ${message}` : message;
}
