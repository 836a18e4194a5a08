import type { EventStore, Subscription } from '#event-store';
import type { EventBody } from '#events';
import { logJson } from '#config';
import type { BatchRetry } from './batch-retry.js';

/** `stalled`: running, but its batch is being retried after a storage failure or has hung (G13). */
export interface ProjectionState {
  projection: string;
  position: bigint;
  state: 'running' | 'stalled' | 'failed' | 'stopped';
  error?: string;
}

/** The lowest checkpoint of the running projections: where the one shared read of the log goes on. */
function lowestPosition(active: readonly { position: bigint }[]): bigint {
  return active.reduce((min, a) => (a.position < min ? a.position : min), active[0]?.position ?? 0n);
}

/** What a runner reports of its projections, on SQLite and on PostgreSQL alike. */
function projectionStates(
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

export const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error));

class AllProjectionsFailed extends Error {}

/**
 * What the SQLite and PostgreSQL projection runners share: one read of the log from the lowest
 * checkpoint (subscribed, or page by page up to the head), the bookkeeping after each batch (every
 * projection's new position, the ones that stopped), and what they report. A runner supplies
 * `handle`, its batch transaction; it commits, or throws and commits nothing (BatchRetry retries).
 */
export abstract class RunnerLoop<A extends { projection: { name: string }; position: bigint }> {
  protected active: A[] = [];
  private readonly failed = new Map<string, { position: bigint; error: string }>();
  private subscription: Subscription | null = null;
  private stopped = false;

  protected constructor(
    protected readonly store: EventStore,
    private readonly batchSize: number,
    private readonly retry: BatchRetry,
  ) {}

  /** One batch in one transaction: `settle` with what it advanced and what stopped once it committed. */
  protected abstract handle(events: EventBody[]): void | Promise<void>;

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
      await this.handle(events);
      onBatch?.(events[events.length - 1].position, events.length);
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.subscription?.stop();
  }

  states(): ProjectionState[] {
    return projectionStates(this.active, this.failed, this.stopped, this.retry.problem());
  }

  /** After a batch committed: each projection's new position (in `active`'s order), then the ones that stopped. */
  protected settle(advanced: bigint[], failures: { a: A; position: bigint; error: unknown }[]): void {
    this.active.forEach((a, i) => {
      a.position = advanced[i];
    });
    for (const f of failures) this.fail(f.a, f.position, f.error);
    if (this.active.length === 0 && this.subscription)
      throw new AllProjectionsFailed('every projection has stopped');
  }

  private lowest(): bigint {
    return lowestPosition(this.active);
  }

  private fail(a: A, position: bigint, error: unknown): void {
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
