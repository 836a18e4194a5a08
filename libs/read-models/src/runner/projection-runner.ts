import type Database from 'better-sqlite3';
import { isStorageFull, type EventStore } from '#event-store';
import { learnFromEvents } from '#domain';
import { decodeEvent, type EventBody } from '#events';
import { CheckpointsSql } from '../checkpoints.sql.js';
import type { DecodedEvent, Projection } from '../projection.js';
import { BatchRetry } from './batch-retry.js';
import { errorText, RunnerLoop } from './runner-loop.js';

export type { ProjectionState } from './runner-loop.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- the runner holds projections whose row
   operations differ in type (each projection's `Op`); it only hands each one's ops to its own writer. */
interface Active {
  projection: Projection<any>;
  writer: ReturnType<Projection<any>['writer']>;
  position: bigint;
}

/** Checked first inside every batch transaction; throws to refuse the batch (the lease's fence). */
export interface BatchGuard {
  check(db: Database.Database): void;
}

/**
 * Runs projections over one shared read of the log, from the lowest of their checkpoints. Each
 * batch is ONE transaction holding every projection's rows and checkpoint (G4). A projection whose
 * handler throws is rolled back to its savepoint for that batch, recorded in `projection_status`
 * with the failing position, logged, and stopped: the event is never skipped, the others go on.
 */
export class ProjectionRunner extends RunnerLoop<Active> {
  private readonly checkpoints: CheckpointsSql;

  constructor(
    store: EventStore,
    private readonly db: Database.Database,
    projections: readonly Projection<any>[],
    /* eslint-enable @typescript-eslint/no-explicit-any */
    batchSize = 1000,
    private readonly guard?: BatchGuard,
    stallMs = 30_000,
  ) {
    super(store, batchSize, new BatchRetry('read-models', stallMs));
    this.checkpoints = new CheckpointsSql(db);
    this.active = projections.map((projection) => {
      this.checkpoints.clearFailed(projection.name);
      return {
        projection,
        writer: projection.writer(db),
        position: this.checkpoints.position(projection.name),
      };
    });
  }

  protected handle(events: EventBody[]): void {
    // A rule set published in this page is known before the agency events after it that name it.
    learnFromEvents(events);
    const decoded = events.map(decode);
    const advanced: bigint[] = [];
    const failures: { a: Active; position: bigint; error: unknown }[] = [];
    this.db
      .transaction(() => {
        // Outside the per-projection savepoints: a refused batch rolls back whole and commits nothing.
        this.guard?.check(this.db);
        for (const a of this.active) {
          const tried = { at: a.position };
          try {
            advanced.push(this.apply(a, decoded, null, tried));
          } catch (error) {
            // Aborted by SQLite, or no room to write (G13): not this projection's fault; the whole
            // batch rolls back and is retried (BatchRetry), never recorded as a projection failure.
            if (!this.db.inTransaction || isStorageFull(error)) throw error;
            const failedAt = tried.at;
            // The events before the bad one were fine: keep them, so the stopped projection stands
            // exactly before the event it cannot apply (its checkpoint never passes it, G4).
            advanced.push(this.apply(a, decoded, failedAt, { at: a.position }));
            failures.push({ a, position: failedAt, error });
            this.checkpoints.markFailed(a.projection.name, failedAt, errorText(error));
          }
        }
      })
      .immediate();
    this.settle(advanced, failures);
  }

  /** One projection's share of a batch in its own savepoint, up to (not including) `before`; returns its new position. */
  private apply(
    a: Active,
    decoded: ReturnType<typeof decode>[],
    before: bigint | null,
    tried: { at: bigint },
  ): bigint {
    let at = a.position;
    let count = 0;
    this.db.transaction(() => {
      for (const d of decoded) {
        if (d.position <= a.position) continue;
        if (before !== null && d.position >= before) break;
        at = tried.at = d.position;
        if (d.error) throw d.error;
        for (const op of a.projection.project(d.event!)) a.writer.apply(op, d.event!);
        count += 1;
      }
      a.writer.flush?.();
      if (count > 0) this.checkpoints.advance(a.projection.name, at, count);
    })();
    return at;
  }
}

/**
 * One object literal per event, never `{ ...decodeEvent(e), streamId, … }`: on Node 20 a spread
 * followed by further keys measured 10–50× the cost of a literal with the same keys (bench/spread-cost.ts,
 * in docs/benchmarks.md), and that spread alone made the rebuild's JavaScript ~20× the old runner's
 * (issue 14's P3 regression). `type` and `data` are decodeEvent's, so the pair is still one typed
 * event; the compiler cannot follow the pair through destructuring, hence the cast.
 */
export function decode(e: EventBody): { position: bigint; event?: DecodedEvent; error?: unknown } {
  try {
    const { type, data } = decodeEvent(e);
    const event = { type, data, streamId: e.streamId, revision: e.revision, position: e.position };
    return { position: e.position, event: event as DecodedEvent };
  } catch (error) {
    return { position: e.position, error };
  }
}
