import { learnFromEvents } from '#domain';
import type { EventStore, Subscription } from '#event-store';
import { agencyIdOf, decodeAgencyEvent, type StoredEvent } from '#events';
import { evolveSchedule, react, type JobSpec, type ScheduleState } from '#jobs';
import type { JobQueues } from '#jobs/redis';
import type { ReactorStore } from './reactor-store.js';
import { BatchRetry } from '#read-models';

export const SCHEDULE_REACTOR = 'schedule';

/**
 * Turns agency events into BullMQ jobs: deadline timers, document jobs, reminder and notification
 * e-mails. At least
 * once: a batch's jobs are added BEFORE its checkpoint moves, so a crash in between re-adds them on
 * restart, and the deterministic job ids make that a no-op. Within a batch the net plan is applied,
 * so catching up over a lapsed pledge never adds and then cancels its timers.
 */
export class ScheduleReactor {
  private subscription: Subscription | null = null;
  state: 'running' | 'failed' | 'stopped' = 'running';
  error?: string;
  position: bigint;
  /** A batch whose checkpoint cannot be written for lack of space is retried (G13): its jobs have deterministic ids. */
  private readonly retry: BatchRetry;

  constructor(
    private readonly store: EventStore,
    private readonly db: ReactorStore,
    private readonly queues: JobQueues,
    private readonly now: () => string,
    stallMs = 30_000,
  ) {
    this.retry = new BatchRetry(SCHEDULE_REACTOR, stallMs);
    this.position = db.position(SCHEDULE_REACTOR);
  }

  start(batchSize = 500): this {
    const handler = (events: StoredEvent[]) =>
      this.retry.run(
        () => this.handle(events),
        () => this.state !== 'running',
      );
    this.subscription = this.store.subscribeToAll(this.position, handler, { batchSize });
    this.subscription.done.catch((err) => {
      this.state = 'failed';
      this.error = String(err);
    });
    return this;
  }

  /** Why the reactor is not progressing (storage failing, or a batch hung), or null. */
  stall(): string | null {
    return this.retry.problem();
  }

  async stop(): Promise<void> {
    if (this.state === 'running') this.state = 'stopped';
    await this.subscription?.stop();
  }

  private async handle(events: StoredEvent[]): Promise<void> {
    const now = this.now();
    const touched = new Map<string, ScheduleState>();
    const plan = new Map<string, JobSpec | null>();
    learnFromEvents(events); // in log order: a published rule set before the agencies that name it
    for (const e of events) {
      const agencyId = agencyIdOf(e.streamId);
      if (agencyId === null) continue;
      const event = { ...decodeAgencyEvent(e), id: e.id };
      const before = touched.get(agencyId) ?? this.db.state(agencyId);
      const after = evolveSchedule(before, agencyId, event, e.revision);
      if (!after) continue;
      touched.set(agencyId, after);
      const { add, cancel } = react(event, before, after, now);
      for (const id of cancel) plan.set(id, null);
      for (const spec of add) plan.set(spec.id, spec);
    }
    const specs = [...plan.values()].filter((spec): spec is JobSpec => spec !== null);
    await this.queues.addMany(specs, now);
    for (const [id, spec] of plan) if (!spec) await this.queues.cancel(id);
    const last = events[events.length - 1].position;
    this.db.commit(SCHEDULE_REACTOR, last, touched);
    this.position = last;
  }
}
