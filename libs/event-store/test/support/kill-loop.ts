/**
 * G1's kill loop, for any store the crash-writer child can open (SQLite file, PostgreSQL schema):
 * kill -9 the writer mid-load again and again; after each kill every acknowledged append must be in
 * the log whole, and no batch may be there in part.
 */
import { verifyChain, type StoredEvent } from '#events';
import type { EventStore } from '../../src/event-store.js';
import { seededRandom } from '#testing';
import { childScript, startChild } from './child-process.js';

export interface KillLoopOptions {
  iterations: number;
  seed: number;
  /** crash-writer's arguments: the store to open, then the number of streams. */
  writerArgs: string[];
  /** Opens the same log in this process (reopened after every kill). */
  open: () => EventStore;
}

export async function killLoop(o: KillLoopOptions): Promise<{ acknowledged: number; events: bigint }> {
  const script = childScript('crash-writer');
  const random = seededRandom(o.seed);
  let checkedUpTo = 0n;
  let acknowledged = 0;
  for (let iteration = 0; iteration < o.iterations; iteration++) {
    const delayMs = 20 + Math.floor(random() * 131);
    const child = startChild(script, o.writerArgs);
    // The delay starts at the first acknowledged append, so every kill lands mid-load.
    await child.waitForLine((l) => l.startsWith('ack '), 20_000);
    await new Promise((r) => setTimeout(r, delayMs));
    child.kill();
    const exit = await child.exit;
    const context = `iteration ${iteration}, delay ${delayMs} ms, seed ${o.seed}`;
    if (exit.signal !== 'SIGKILL')
      throw new Error(`${context}: writer ended by itself (${exit.code}): ${child.stderr}`);
    const acks = child.lines.filter((l) => l.startsWith('ack ')).map((l) => l.split(' '));
    acknowledged += acks.length;
    const store = o.open(); // SQLite: reopening recovers the WAL the killed writer left
    try {
      await expectAcknowledged(store, acks, context);
      const fresh = await readEverything(store, checkedUpTo);
      try {
        expectWholeBatches(fresh);
      } catch (err) {
        throw new Error(`${context}: ${(err as Error).message}`, { cause: err });
      }
      if (fresh.length) checkedUpTo = fresh[fresh.length - 1].position;
    } finally {
      await store.close();
    }
  }
  return { acknowledged, events: checkedUpTo };
}

async function expectAcknowledged(store: EventStore, acks: string[][], context: string): Promise<void> {
  for (const [, streamId, revision, batchId] of acks) {
    const last = BigInt(revision);
    const events = await store.readStream(streamId, { fromRevision: last - 2n, toRevision: last });
    const ids = events.map((e) => (e.data as { batchId: string }).batchId);
    if (ids.length !== 3 || ids.some((id) => id !== batchId)) {
      throw new Error(
        `${context}: acknowledged batch ${batchId} (${streamId}@${revision}) is not in the log whole: ${ids}`,
      );
    }
  }
}

export async function readEverything(store: EventStore, after = 0n): Promise<StoredEvent[]> {
  const all: StoredEvent[] = [];
  for (;;) {
    const page = await store.readAll(after, 5000);
    if (page.length === 0) return all;
    all.push(...page);
    after = page[page.length - 1].position;
  }
}

/** Every batch id appears exactly 3 times, on one stream, at consecutive revisions. */
export function expectWholeBatches(events: StoredEvent[]): void {
  const batches = new Map<string, StoredEvent[]>();
  for (const e of events) {
    const { batchId } = e.data as { batchId: string };
    batches.set(batchId, [...(batches.get(batchId) ?? []), e]);
  }
  for (const [batchId, batch] of batches) {
    const ok =
      batch.length === 3 &&
      batch.every((e, i) => e.streamId === batch[0].streamId && e.revision === batch[0].revision + BigInt(i));
    if (!ok)
      throw new Error(
        `batch ${batchId} is partial or scattered: ${batch.map((e) => `${e.streamId}@${e.revision}`)}`,
      );
  }
}

/** Each stream: revisions 0..head contiguous, chain verifies against the recorded head. */
export async function expectStreamsIntact(store: EventStore, all: StoredEvent[]): Promise<void> {
  let total = 0;
  for await (const { streamId, head } of store.listStreams()) {
    const events = await store.readStream(streamId);
    expect(events.map((e) => e.revision)).toEqual(events.map((_, i) => BigInt(i)));
    expect(verifyChain(events, head)).toMatchObject({ valid: true });
    total += events.length;
  }
  expect(total).toBe(all.length);
}
