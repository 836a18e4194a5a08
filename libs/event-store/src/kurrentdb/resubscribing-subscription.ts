import type { Readable } from 'node:stream';
import type { StoredEvent } from '#events';
import type { Subscription, SubscriptionHandler } from '../event-store.js';

/** What the loop needs of a client `AllStreamSubscription` (a Readable of resolved events). */
export type LiveSource = Readable & { unsubscribe(): Promise<void> };

export interface ResubscribeOptions<R> {
  after: bigint;
  batchSize: number;
  handler: SubscriptionHandler;
  /** Opens a catch-up subscription that delivers everything after `after` (exclusive). */
  open: (after: bigint) => LiveSource;
  /** A delivered item → our event, or null for anything that is not ours. */
  toEvent: (item: R) => StoredEvent | null;
  /** Called on every drop before the next attempt (for logs and metrics). */
  onDrop?: (error: unknown, attempt: number, delayMs: number) => void;
  backoff?: { initialMs: number; maxMs: number };
}

class HandlerFailed {
  constructor(readonly error: unknown) {}
}

/**
 * Catch-up then live, surviving connection drops: after a drop (error or the server ending the
 * stream) it resubscribes from the last position the handler *finished*, with exponential backoff.
 * The handler sees events in order and never the same one twice: anything at or below the last
 * delivered position is dropped, whatever the server resends. A handler that throws stops the
 * subscription and rejects `done` (the event is never skipped; the caller restarts from its
 * checkpoint).
 */
export function resubscribingSubscription<R>(o: ResubscribeOptions<R>): Subscription {
  const backoff = o.backoff ?? { initialMs: 100, maxMs: 5_000 };
  let stopped = false;
  let wakeStopped: (() => void) | null = null;
  let current: LiveSource | null = null;
  let checkpoint = o.after;

  const deliverFrom = async (source: LiveSource): Promise<void> => {
    for await (const batch of batches<R>(
      source,
      o.batchSize,
      () => stopped,
      (w) => (wakeStopped = w),
    )) {
      const events = batch
        .map(o.toEvent)
        .filter((e): e is StoredEvent => e !== null && e.position > checkpoint);
      if (events.length === 0) continue;
      try {
        await o.handler(events);
      } catch (error) {
        throw new HandlerFailed(error);
      }
      checkpoint = events[events.length - 1].position;
    }
  };

  const run = async (): Promise<void> => {
    let attempt = 0;
    while (!stopped) {
      const source = o.open(checkpoint);
      current = source;
      const before = checkpoint;
      try {
        await deliverFrom(source);
        if (stopped) break;
        throw new Error('the server ended the subscription');
      } catch (error) {
        if (error instanceof HandlerFailed) throw error.error;
        if (stopped) break;
        attempt = checkpoint > before ? 1 : attempt + 1;
        const delayMs = Math.min(backoff.maxMs, backoff.initialMs * 2 ** (attempt - 1));
        o.onDrop?.(error, attempt, delayMs);
        await sleep(
          delayMs,
          () => stopped,
          (w) => (wakeStopped = w),
        );
      } finally {
        current = null;
        await source.unsubscribe().catch(() => undefined);
        source.destroy();
      }
    }
  };

  const done = run();
  return {
    done,
    async stop() {
      stopped = true;
      wakeStopped?.();
      await current?.unsubscribe().catch(() => undefined);
      await done.catch(() => undefined);
    },
  };
}

/**
 * Groups what is already buffered into batches of at most `max`, without waiting for a batch to
 * fill (a lone live event is delivered at once). Throws the source's error; ends when it ends.
 */
async function* batches<R>(
  source: Readable,
  max: number,
  isStopped: () => boolean,
  onWait: (wake: () => void) => void,
): AsyncGenerator<R[]> {
  let failure: { error: unknown } | null = null;
  let ended = false;
  let wake: (() => void) | null = null;
  const onError = (error: unknown) => {
    failure = { error };
    wake?.();
  };
  const onEnd = () => {
    ended = true;
    wake?.();
  };
  const onReadable = () => wake?.();
  source.on('error', onError).on('end', onEnd).on('close', onEnd).on('readable', onReadable);
  try {
    for (;;) {
      const batch: R[] = [];
      let item: R | null;
      while (batch.length < max && (item = source.read() as R | null) !== null) batch.push(item);
      if (batch.length > 0) {
        yield batch;
        continue;
      }
      if (failure) throw (failure as { error: unknown }).error;
      if (ended || isStopped()) return;
      await new Promise<void>((resolve) => {
        wake = () => {
          wake = null;
          resolve();
        };
        onWait(wake);
      });
    }
  } finally {
    source.off('error', onError).off('end', onEnd).off('close', onEnd).off('readable', onReadable);
    // Keep a late error from an abandoned source from crashing the process.
    source.on('error', () => undefined);
  }
}

function sleep(ms: number, isStopped: () => boolean, onWait: (wake: () => void) => void): Promise<void> {
  if (isStopped()) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    onWait(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}
