import type { EventEmitter } from 'node:events';
import type { StoredEvent } from '#events';
import type { Subscription, SubscriptionHandler } from '../event-store.js';

/** How long an idle subscriber waits before looking again for other processes' appends. */
const IDLE_POLL_MS = 10;

/**
 * Catch-up then live: reads pages after the checkpoint until none are left, then waits for an
 * in-process append or the idle poll (which sees appends by other processes through the shared
 * WAL file, or the server). A handler that throws stops the subscription and rejects `done`: the event is never
 * skipped, the caller decides what to do.
 */
export function pollSubscription(args: {
  after: bigint;
  batchSize: number;
  handler: SubscriptionHandler;
  /** Synchronous for SQLite; PostgreSQL's reads are promises. */
  read: (after: bigint, limit: number) => StoredEvent[] | Promise<StoredEvent[]>;
  changes: EventEmitter;
  idleMs?: number;
}): Subscription {
  let stopped = false;
  let wake: (() => void) | null = null;
  const onChange = () => wake?.();
  args.changes.on('appended', onChange);
  const idle = () =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        wake = null;
        resolve();
      }, args.idleMs ?? IDLE_POLL_MS);
      wake = () => {
        clearTimeout(timer);
        wake = null;
        resolve();
      };
    });
  const run = async () => {
    let checkpoint = args.after;
    try {
      while (!stopped) {
        const events = await args.read(checkpoint, args.batchSize);
        if (events.length === 0) {
          await idle();
          continue;
        }
        await args.handler(events);
        checkpoint = events[events.length - 1].position;
      }
    } finally {
      args.changes.off('appended', onChange);
    }
  };
  const done = run();
  return {
    done,
    async stop() {
      stopped = true;
      wake?.();
      await done.catch(() => undefined);
    },
  };
}
