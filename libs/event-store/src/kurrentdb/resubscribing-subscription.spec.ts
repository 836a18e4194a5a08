import { PassThrough } from 'node:stream';
import type { StoredEvent } from '#events';
import { resubscribingSubscription, type LiveSource } from './resubscribing-subscription.js';

/**
 * The reconnect loop of the KurrentDB adapter, driven by a scripted stand-in for the client's
 * subscription stream (a Readable): no server, no event store double — only the transport is
 * scripted, and only to produce drops on demand.
 */
interface Item {
  position: bigint;
  ours: boolean;
}

class ScriptedServer {
  readonly opened: bigint[] = [];
  readonly sources: (PassThrough & LiveSource)[] = [];
  open = (after: bigint): LiveSource => {
    this.opened.push(after);
    const s = new PassThrough({ objectMode: true }) as PassThrough & LiveSource;
    s.unsubscribe = async () => {
      s.end();
    };
    this.sources.push(s);
    return s;
  };
  get current() {
    return this.sources[this.sources.length - 1];
  }
  send(...positions: number[]) {
    for (const p of positions) this.current.write({ position: BigInt(p), ours: true } satisfies Item);
  }
}

const toEvent = (i: Item): StoredEvent | null => (i.ours ? ({ position: i.position } as StoredEvent) : null);
const tick = (ms = 5) => new Promise((r) => setTimeout(r, ms));
async function until(cond: () => boolean, ms = 2000) {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out');
    await tick(2);
  }
}

describe('resubscribing subscription (KurrentDB adapter)', () => {
  it('delivers in order, in batches, skipping what is not ours', async () => {
    const server = new ScriptedServer();
    const got: bigint[][] = [];
    const sub = resubscribingSubscription<Item>({
      after: 0n,
      batchSize: 2,
      handler: (es) => {
        got.push(es.map((e) => e.position));
      },
      open: server.open,
      toEvent,
    });
    server.send(1, 2, 3);
    server.current.write({ position: 4n, ours: false });
    server.send(5);
    await until(() => got.flat().length === 4);
    expect(got.flat()).toEqual([1n, 2n, 3n, 5n]);
    expect(got.every((b) => b.length <= 2)).toBe(true);
    expect(server.opened).toEqual([0n]);
    await sub.stop();
    await expect(sub.done).resolves.toBeUndefined();
  });

  it('does not deliver the next batch before the handler has finished', async () => {
    const server = new ScriptedServer();
    let release!: () => void;
    const calls: bigint[][] = [];
    const sub = resubscribingSubscription<Item>({
      after: 0n,
      batchSize: 1,
      open: server.open,
      toEvent,
      handler: async (es) => {
        calls.push(es.map((e) => e.position));
        if (calls.length === 1) await new Promise<void>((r) => (release = r));
      },
    });
    server.send(1, 2);
    await until(() => calls.length === 1);
    await tick(20);
    expect(calls).toEqual([[1n]]);
    release();
    await until(() => calls.length === 2);
    await sub.stop();
  });

  it('after a drop, resubscribes from the last delivered position with backoff, never delivering twice', async () => {
    const server = new ScriptedServer();
    const got: bigint[] = [];
    const drops: { attempt: number; delayMs: number }[] = [];
    const sub = resubscribingSubscription<Item>({
      after: 10n,
      batchSize: 100,
      open: server.open,
      toEvent,
      handler: (es) => {
        got.push(...es.map((e) => e.position));
      },
      onDrop: (_e, attempt, delayMs) => drops.push({ attempt, delayMs }),
      backoff: { initialMs: 5, maxMs: 20 },
    });
    server.send(11, 12);
    await until(() => got.length === 2);
    server.current.emit('error', new Error('connection reset'));
    await until(() => server.opened.length === 2);
    expect(server.opened).toEqual([10n, 12n]);
    // Two drops in a row without progress back off further.
    server.current.emit('error', new Error('unavailable'));
    await until(() => server.opened.length === 3);
    expect(drops).toEqual([
      { attempt: 1, delayMs: 5 },
      { attempt: 2, delayMs: 10 },
    ]);
    // A server that resends from an older position: the old ones are dropped.
    server.send(11, 12, 13);
    // The server ending the stream is a drop too.
    await until(() => got.length === 3);
    server.current.end();
    await until(() => server.opened.length === 4);
    expect(server.opened[3]).toBe(13n);
    server.send(14);
    await until(() => got.length === 4);
    expect(got).toEqual([11n, 12n, 13n, 14n]);
    await sub.stop();
    await expect(sub.done).resolves.toBeUndefined();
  });

  it('a throwing handler stops it for good and rejects done with that error', async () => {
    const server = new ScriptedServer();
    const boom = new Error('projection failed');
    const got: bigint[] = [];
    const sub = resubscribingSubscription<Item>({
      after: 0n,
      batchSize: 1,
      open: server.open,
      toEvent,
      handler: (es) => {
        if (es[0].position === 2n) throw boom;
        got.push(es[0].position);
      },
    });
    server.send(1, 2, 3);
    await expect(sub.done).rejects.toBe(boom);
    expect(got).toEqual([1n]);
    expect(server.opened).toEqual([0n]);
    await sub.stop();
  });

  it('stop() during a backoff wait ends at once', async () => {
    const server = new ScriptedServer();
    const sub = resubscribingSubscription<Item>({
      after: 0n,
      batchSize: 1,
      open: server.open,
      toEvent,
      handler: () => undefined,
      backoff: { initialMs: 60_000, maxMs: 60_000 },
      onDrop: () => undefined,
    });
    server.current.emit('error', new Error('down'));
    await tick(10);
    const started = Date.now();
    await sub.stop();
    expect(Date.now() - started).toBeLessThan(1000);
    await expect(sub.done).resolves.toBeUndefined();
  });
});
