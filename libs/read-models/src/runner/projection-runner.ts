import type Database from 'better-sqlite3';
import { isStorageFull, type EventStore, type Subscription } from '#event-store';
import { learnFromEvents } from '#domain';
import { decodeEvent, type EventBody } from '#events';
import { CheckpointsSql } from '../checkpoints.sql.js';
import type { DecodedEvent, Projection } from '../projection.js';
import { logJson } from '#config';
import { BatchRetry } from './batch-retry.js';

/** `stalled`: running, but its batch is being retried after a storage failure or has hung (G13). */
export interface ProjectionState {
  projection: string;
  position: bigint;
  state: 'running' | 'stalled' | 'failed' | 'stopped';
  error?: string;
}

/** The lowest checkpoint of the running projections: where the one shared read of the log goes on. */
export function lowestPosition(active: readonly { position: bigint }[]): bigint {
  return active.reduce((min, a) => (a.position < min ? a.position : min), active[0]?.position ?? 0n);
}

/** What a runner reports of its projections, on SQLite and on PostgreSQL alike. */
export function projectionStates(
  active: readonly { projection: { name: string }; position: bigint }[],
  failed: ReadonlyMap<string, { position: bigint; error: string }>,
  stopped: boolean,
  stall: string | null | undefined,
): ProjectionState[] {
  const running = active.map((a): ProjectionState => {
    if (stopped) return { projection: a.projection.name, position: a.position, state: 'stopped' };
    return {
      projection: a.projection.name,
      position: a.position,
      state: stall ? 'stalled' : 'running',
      ...(stall ? { error: stall } : {}),
    };
  });
  const failures = [...failed].map(([projection, f]): ProjectionState => ({
    projection,
    position: f.position,
    state: 'failed',
    error: f.error,
  }));
  return [...running, ...failures];
}

/* eslint-disable @typescript-eslint/no-explicit-any -- the runner holds projections whose row
   operations differ in type (each projection's `Op`); it only hands each one's ops to its own writer. */
interface Active {
  projection: Projection<any>;
  writer: ReturnType<Projection<any>['writer']>;
  position: bigint;
}

class AllProjectionsFailed extends Error {}

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
export class ProjectionRunner {
  private readonly checkpoints: CheckpointsSql;
  private readonly active: Active[];
  private readonly failed = new Map<string, { position: bigint; error: string }>();
  private subscription: Subscription | null = null;
  private stopped = false;
  private readonly retry: BatchRetry;

  constructor(
    private readonly store: EventStore,
    private readonly db: Database.Database,
    projections: readonly Projection<any>[],
    /* eslint-enable @typescript-eslint/no-explicit-any */
    private readonly batchSize = 1000,
    private readonly guard?: BatchGuard,
    stallMs = 30_000,
  ) {
    this.retry = new BatchRetry('read-models', stallMs);
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

  start(): this {
    const handler = (events: EventBody[]) =>
      this.retry.run(
        () => this.handle(events),
        () => this.stopped,
      );
    this.subscription = this.store.subscribeToAll(this.lowest(), handler, { batchSize: this.batchSize });
    this.subscription.done.catch((err) => {
      this.stopped = true;
      if (!(err instanceof AllProjectionsFailed))
        logJson('error', { msg: 'projection subscription stopped', error: String(err) });
    });
    return this;
  }

  /**
   * Applies everything up to the log's head without subscribing (rebuilds, tests), page by page,
   * and returns the lowest checkpoint reached. `onBatch` sees each page's last position.
   */
  async catchUp(onBatch?: (position: bigint, events: number) => void): Promise<bigint> {
    for (;;) {
      const from = this.lowest();
      const events = await this.store.readAllBodies(from, this.batchSize);
      if (events.length === 0 || this.active.length === 0) return from;
      this.handle(events);
      onBatch?.(events[events.length - 1].position, events.length);
    }
  }

  private lowest(): bigint {
    return lowestPosition(this.active);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.subscription?.stop();
  }

  states(): ProjectionState[] {
    return projectionStates(this.active, this.failed, this.stopped, this.retry.problem());
  }

  private handle(events: EventBody[]): void {
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
    this.active.forEach((a, i) => {
      a.position = advanced[i];
    });
    for (const f of failures) this.fail(f.a, f.position, f.error);
    if (this.active.length === 0 && this.subscription)
      throw new AllProjectionsFailed('every projection has stopped');
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

  private fail(a: Active, position: bigint, error: unknown): void {
    this.active.splice(this.active.indexOf(a), 1);
    this.failed.set(a.projection.name, { position, error: errorText(error) });
    logJson('error', {
      msg: 'projection stopped',
      projection: a.projection.name,
      position: position.toString(),
      error: errorText(error),
    });
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

export const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error));
