import pg from 'pg';
import { isStorageFull, isStoreUnavailable, sqlStateMeansUnavailable, type EventStore } from '#event-store';
import { learnFromEvents } from '#domain';
import type { EventBody } from '#events';
import type { EventStamp, PgWriter, Projection } from '../projection.js';
import { BatchRetry } from '../runner/batch-retry.js';
import { decode } from '../runner/projection-runner.js';
import { errorText, RunnerLoop } from '../runner/runner-loop.js';
import { pgCheckpoints } from './pg-checkpoints.js';
import { PgWriteQueue } from './write-queue.js';
import type { PgQueryable } from './pg-read-models.js';

/** Checked first inside every batch transaction on PostgreSQL; throws to refuse the batch (the lease's fence). */
export interface PgBatchGuard {
  checkPg(tx: PgQueryable): Promise<void>;
}

/* eslint-disable @typescript-eslint/no-explicit-any -- projections of different row-operation types */
interface Active {
  projection: Projection<any>;
  pgWriter: (tx: PgQueryable) => PgWriter<any>;
  position: bigint;
}
/* eslint-enable @typescript-eslint/no-explicit-any */

/**
 * The projection runner on PostgreSQL: ProjectionRunner's semantics (one shared read of the log,
 * each batch ONE transaction holding every projection's rows and checkpoint, G4; a projection whose
 * handler throws stops at the event it cannot apply, the others go on), with the projector's fence
 * checked first inside that transaction (G11): a deposed projector's batch rolls back whole,
 * checkpoints included. `pool` works in one generation's schema (PgReadModels.pool).
 */
export class PgProjectionRunner extends RunnerLoop<Active> {
  private constructor(
    store: EventStore,
    private readonly pool: pg.Pool,
    batchSize: number,
    private readonly guard: PgBatchGuard | undefined,
    stallMs: number,
  ) {
    super(
      store,
      batchSize,
      new BatchRetry('read-models', stallMs, retryable, {
        failed: 'batch failed: the read models database is away or out of space; retrying with backoff',
        recovered: 'read models database answering again; batch applied',
        failing: 'read models database away or out of space',
      }),
    );
  }

  /** Reads each projection's checkpoint. Read models without a PostgreSQL writer are refused. */
  static async create(
    store: EventStore,
    pool: pg.Pool,
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- as ProjectionRunner
    projections: readonly Projection<any>[],
    batchSize = 1000,
    guard?: PgBatchGuard,
    stallMs = 30_000,
  ): Promise<PgProjectionRunner> {
    const runner = new PgProjectionRunner(store, pool, batchSize, guard, stallMs);
    for (const projection of projections) {
      if (!projection.pgWriter) throw new Error(`read model ${projection.name} has no PostgreSQL writer`);
      await pgCheckpoints.clearFailed(pool, projection.name);
      runner.active.push({
        projection,
        pgWriter: projection.pgWriter.bind(projection),
        position: await pgCheckpoints.position(pool, projection.name),
      });
    }
    return runner;
  }

  /** One batch, exactly as the subscription applies it (tests drive a runner batch by batch with it). */
  async apply(events: EventBody[]): Promise<void> {
    await this.handle(events);
  }

  protected async handle(events: EventBody[]): Promise<void> {
    learnFromEvents(events);
    const decoded = events.map(decode);
    const advanced: bigint[] = [];
    const failures: { a: Active; position: bigint; error: unknown }[] = [];
    const tx = await this.pool.connect();
    let broken: unknown;
    try {
      await tx.query('BEGIN');
      // Before any row, in the same transaction: a refused batch commits nothing, checkpoints included.
      await this.guard?.checkPg(tx);
      for (const a of this.active) {
        await tx.query('SAVEPOINT projection');
        const outcome = await this.applyShare(tx, a, decoded);
        advanced.push(outcome.position);
        if (outcome.failure) {
          failures.push({ a, ...outcome.failure });
          await pgCheckpoints.markFailed(
            tx,
            a.projection.name,
            outcome.failure.position,
            errorText(outcome.failure.error),
          );
        }
        await tx.query('RELEASE SAVEPOINT projection');
      }
      await tx.query('COMMIT');
    } catch (error) {
      broken = error;
      await tx.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      // A connection that failed mid-transaction is discarded rather than returned to the pool.
      tx.release(broken !== undefined && !isProjectionFault(broken));
    }
    this.settle(advanced, failures);
  }

  /**
   * One projection's share of the batch inside its savepoint: its new position, and where and why it
   * stopped if an event's handler threw or the server refused its rows. The share's writes go through
   * a PgWriteQueue (one round trip per flush); an error of a flush does not say which event's row it
   * was, so the share is replayed with a statement per row to find it. Either way the projection
   * keeps the events before the bad one and stands exactly before it (its checkpoint never passes
   * it, G4).
   */
  private async applyShare(
    tx: PgQueryable,
    a: Active,
    decoded: ReturnType<typeof decode>[],
  ): Promise<{ position: bigint; failure?: { position: bigint; error: unknown } }> {
    let failedAt: bigint | null = null;
    let failure: unknown;
    for (const queued of [true, false]) {
      const tried = { at: a.position };
      try {
        return { position: await this.applyOne(tx, a, decoded, null, tried, queued) };
      } catch (error) {
        if (!isProjectionFault(error)) throw error;
        await tx.query('ROLLBACK TO SAVEPOINT projection');
        failedAt = tried.at;
        failure = error;
        // A handler's error is thrown at its event; only the server's needs the replay.
        if (handlerErrors.has(error as object)) break;
      }
    }
    const position = await this.applyOne(tx, a, decoded, failedAt, { at: a.position }, true);
    return { position, failure: { position: failedAt!, error: failure } };
  }

  /** One projection's share of the batch, up to (not including) `before`; returns its new position. */
  private async applyOne(
    tx: PgQueryable,
    a: Active,
    decoded: ReturnType<typeof decode>[],
    before: bigint | null,
    tried: { at: bigint },
    queued: boolean,
  ): Promise<bigint> {
    const queue = queued ? new PgWriteQueue(tx) : null;
    const writer = a.pgWriter(queue ?? tx);
    let at = a.position;
    let count = 0;
    for (const d of decoded) {
      if (d.position <= a.position) continue;
      if (before !== null && d.position >= before) break;
      at = tried.at = d.position;
      if (d.error) throw handlerError(d.error);
      const stamp: EventStamp = d.event!;
      let ops: unknown[];
      try {
        ops = a.projection.project(d.event!);
      } catch (error) {
        throw handlerError(error);
      }
      for (const op of ops) await writer.apply(op, stamp);
      count += 1;
    }
    await writer.flush?.();
    await queue?.flush();
    if (count > 0) await pgCheckpoints.advance(tx, a.projection.name, at, count);
    return at;
  }
}

/** Errors of the projection's own code (an event it cannot decode, a handler that throws). */
const handlerErrors = new WeakSet<object>();
function handlerError(error: unknown): unknown {
  if (typeof error === 'object' && error !== null) handlerErrors.add(error);
  return error;
}

/**
 * The projection's own fault, which stops it (and only it) at that event: its handler threw, or
 * the server refused its data (SQLSTATE class 22 data exception, 23 integrity, P0 raised by a
 * trigger). Anything else (the connection, a serialisation failure) fails the whole batch, which
 * commits nothing and is retried or stops the runner. (The fence is checked before any savepoint.)
 */
function isProjectionFault(error: unknown): boolean {
  if (error instanceof pg.DatabaseError) return /^(22|23|P0)/.test(error.code ?? '');
  return typeof error === 'object' && error !== null && handlerErrors.has(error);
}

/**
 * The database is away or the session was lost: a server going away or not yet there (SQLSTATE
 * 08xxx, 57P0x, 53300), a socket error, or the driver's own words for a client whose connection
 * ended ("Connection terminated", "is not queryable", a connect timeout).
 */
export function isConnectionError(error: unknown): boolean {
  if (error instanceof pg.DatabaseError) return sqlStateMeansUnavailable(error);
  const e = error as { syscall?: unknown; message?: unknown } | null;
  return (
    typeof e?.syscall === 'string' ||
    (typeof e?.message === 'string' &&
      /Connection terminated|connection error|not queryable|timeout exceeded when trying to connect/i.test(
        e.message,
      ))
  );
}

/** A batch that failed because the database is away (restarting, unreachable) is retried, as a full disk is. */
const retryable = (error: unknown): boolean =>
  isStorageFull(error) || isStoreUnavailable(error) || isConnectionError(error);
