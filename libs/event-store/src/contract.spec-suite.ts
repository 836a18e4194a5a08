import { randomUUID } from 'node:crypto';
import { GENESIS_HASH, eventHash, verifyChain, type NewEvent, type StoredEvent } from '#events';
import {
  ClaimTakenError,
  IdempotencyKeyReusedError,
  WrongExpectedRevisionError,
  type AppendResult,
  type EventStore,
} from './event-store.js';

/**
 * The one contract every EventStore adapter passes (ARCHITECTURE.md: "The event store is a port
 * with one contract test suite"). It holds the store-level parts of G1 (all-or-nothing appends),
 * G2 (no lost updates, contiguous revisions, ordered global positions), G3 (idempotency) and G6
 * (hash chain). Each test gets a fresh store from `factory`; stream ids are unique per test and
 * global positions are only compared relative to each other, so an adapter backed by a shared
 * server (KurrentDB) can run it too.
 */
export interface ContractStore {
  store: EventStore;
  cleanup(): Promise<void>;
}

export function eventStoreContract(name: string, factory: () => Promise<ContractStore>): void {
  describe(`EventStore contract: ${name}`, () => {
    let ctx: ContractStore;
    let store: EventStore;
    let prefix: string;
    const sid = (s: string) => `${prefix}-${s}`;

    beforeEach(async () => {
      ctx = await factory();
      store = ctx.store;
      prefix = `c${randomUUID().slice(0, 8)}`;
    });
    afterEach(async () => {
      await ctx.cleanup();
    });

    describe('expected revision', () => {
      it('no-stream creates a new stream at revision 0', async () => {
        const r = await store.append(sid('a'), [ev('A')], 'no-stream');
        expect(r).toMatchObject({ streamId: sid('a'), nextRevision: 0n, created: true, duplicate: false });
        expect(r.events.map((e) => e.revision)).toEqual([0n]);
      });

      it('no-stream on an existing stream conflicts and reports the actual revision', async () => {
        await store.append(sid('a'), [ev('A'), ev('B')], 'no-stream');
        const err = await conflict(store.append(sid('a'), [ev('C')], 'no-stream'));
        expect(err).toMatchObject({ streamId: sid('a'), expected: 'no-stream', actual: 1n });
        expect(await types(store, sid('a'))).toEqual(['A', 'B']);
      });

      it('exists on a missing stream conflicts with actual no-stream', async () => {
        const err = await conflict(store.append(sid('missing'), [ev('A')], 'exists'));
        expect(err.actual).toBe('no-stream');
        expect(await store.streamHead(sid('missing'))).toBeNull();
      });

      it('exists on an existing stream appends after the head', async () => {
        await store.append(sid('a'), [ev('A')], 'no-stream');
        const r = await store.append(sid('a'), [ev('B')], 'exists');
        expect(r).toMatchObject({ nextRevision: 1n, created: false });
      });

      it('an exact revision equal to the head appends; a stale or future one conflicts', async () => {
        await store.append(sid('a'), [ev('A')], 'no-stream');
        await store.append(sid('a'), [ev('B')], 0n);
        expect((await conflict(store.append(sid('a'), [ev('X')], 0n))).actual).toBe(1n);
        expect((await conflict(store.append(sid('a'), [ev('X')], 5n))).actual).toBe(1n);
        expect((await conflict(store.append(sid('missing'), [ev('X')], 0n))).actual).toBe('no-stream');
        const r = await store.append(sid('a'), [ev('C')], 1n);
        expect(r.nextRevision).toBe(2n);
        expect(await types(store, sid('a'))).toEqual(['A', 'B', 'C']);
      });
    });

    describe('multi-event appends', () => {
      it('get contiguous revisions from 0 and increasing positions', async () => {
        const r1 = await store.append(sid('a'), [ev('A'), ev('B'), ev('C')], 'no-stream');
        const r2 = await store.append(sid('a'), [ev('D'), ev('E')], 2n);
        expect([...r1.events, ...r2.events].map((e) => e.revision)).toEqual([0n, 1n, 2n, 3n, 4n]);
        expectStrictlyIncreasing([...r1.events, ...r2.events].map((e) => e.position));
        expect(r1.position).toBe(r1.events[2].position);
        expect(r2.nextRevision).toBe(4n);
        const read = await store.readStream(sid('a'));
        expect(read.map((e) => [e.revision, e.position, e.type])).toEqual(
          [...r1.events, ...r2.events].map((e) => [e.revision, e.position, e.type]),
        );
      });

      it('are all-or-nothing: an event that cannot be stored fails the whole append', async () => {
        await store.append(sid('a'), [ev('A')], 'no-stream');
        const unserialisable = { ...ev('C'), data: { n: 10n } };
        await expect(store.append(sid('a'), [ev('B1'), ev('B2'), unserialisable], 0n)).rejects.toThrow();
        expect(await types(store, sid('a'))).toEqual(['A']);
        expect((await store.streamHead(sid('a')))?.revision).toBe(0n);
        // The stream is still usable at the same revision.
        await store.append(sid('a'), [ev('B')], 0n);
        expect(await types(store, sid('a'))).toEqual(['A', 'B']);
      });

      it('refuses an empty append', async () => {
        await expect(store.append(sid('a'), [], 'no-stream')).rejects.toThrow();
        expect(await store.streamHead(sid('a'))).toBeNull();
      });
    });

    it('global positions strictly increase across streams, in append order', async () => {
      const before = await store.headPosition();
      const positions: bigint[] = [];
      for (let i = 0; i < 12; i++) {
        const r = await store.append(
          sid(`s${i % 3}`),
          [ev(`E${i}`), ev(`F${i}`)],
          i < 3 ? 'no-stream' : BigInt(2 * Math.floor(i / 3) - 1),
        );
        positions.push(...r.events.map((e) => e.position));
      }
      expectStrictlyIncreasing(positions);
      expect(positions[0]).toBeGreaterThan(before);
      expect(await store.headPosition()).toBe(positions[positions.length - 1]);
    });

    describe('readStream', () => {
      beforeEach(async () => {
        const months = ['01', '02', '03', '04'];
        for (const [i, m] of months.entries()) {
          await store.append(
            sid('r'),
            [ev(`E${i}`, { recordedAt: `2026-${m}-01T00:00:00.000Z` })],
            i === 0 ? 'no-stream' : BigInt(i - 1),
          );
        }
      });

      it('returns the whole stream in revision order', async () => {
        const events = await store.readStream(sid('r'));
        expect(events.map((e) => e.revision)).toEqual([0n, 1n, 2n, 3n]);
        expect(events.every((e) => e.streamId === sid('r'))).toBe(true);
      });

      it('honours toRevision and fromRevision (both inclusive)', async () => {
        expect(await types(store, sid('r'), { toRevision: 1n })).toEqual(['E0', 'E1']);
        expect(await types(store, sid('r'), { fromRevision: 2n })).toEqual(['E2', 'E3']);
        expect(await types(store, sid('r'), { fromRevision: 1n, toRevision: 2n })).toEqual(['E1', 'E2']);
        expect(await types(store, sid('r'), { fromRevision: 4n })).toEqual([]);
      });

      it('honours asOf (events recorded at or before the instant)', async () => {
        expect(await types(store, sid('r'), { asOf: '2026-02-15T00:00:00.000Z' })).toEqual(['E0', 'E1']);
        expect(await types(store, sid('r'), { asOf: '2026-03-01T00:00:00.000Z' })).toEqual([
          'E0',
          'E1',
          'E2',
        ]);
        expect(await types(store, sid('r'), { asOf: '2025-12-31T23:59:59.999Z' })).toEqual([]);
      });

      it('returns an empty list for a missing stream', async () => {
        expect(await store.readStream(sid('none'))).toEqual([]);
      });

      it('reads asked for together each get their own stream and bounds (PostgreSQL sends them as one statement)', async () => {
        await store.append(sid('other'), [ev('X0'), ev('X1')], 'no-stream');
        const asks: [string, Parameters<EventStore['readStream']>[1]][] = [
          [sid('r'), {}],
          [sid('other'), {}],
          [sid('r'), { fromRevision: 2n }],
          [sid('none'), {}],
          [sid('r'), { fromRevision: 1n, toRevision: 2n }],
          [sid('r'), { asOf: '2026-02-15T00:00:00.000Z' }],
          [sid('other'), { fromRevision: 1n }],
          [sid('r'), { fromRevision: 4n }],
        ];
        const alone: string[][] = [];
        for (const [stream, options] of asks) alone.push(await types(store, stream, options));
        const together = await Promise.all(asks.map(([stream, options]) => types(store, stream, options)));
        expect(together).toEqual(alone);
        expect(together).toEqual([
          ['E0', 'E1', 'E2', 'E3'],
          ['X0', 'X1'],
          ['E2', 'E3'],
          [],
          ['E1', 'E2'],
          ['E0', 'E1'],
          ['X1'],
          [],
        ]);
      });

      it('a read asked for after an append was acknowledged sees it, while other reads are in flight', async () => {
        for (let i = 4; i < 14; i++) {
          // Asked for before the append: on PostgreSQL they may still be on the wire after it.
          const busy = Array.from({ length: 5 }, () => store.readStream(sid('r')));
          await store.append(sid('r'), [ev(`E${i}`)], BigInt(i - 1));
          const seen = await store.readStream(sid('r'), { fromRevision: BigInt(i) });
          expect(seen.map((e) => e.type)).toEqual([`E${i}`]);
          for (const read of await Promise.all(busy)) expect(read.length).toBeGreaterThanOrEqual(i);
        }
      });

      it('round-trips ids, types, data and metadata', async () => {
        const e = ev('Rich', {}, { text: 'é 😀 "q"', nested: { list: [1, 2.5, null, true] } });
        await store.append(sid('rich'), [e], 'no-stream');
        const [read] = await store.readStream(sid('rich'));
        expect(read).toMatchObject({
          id: e.id,
          type: 'Rich',
          schemaVersion: 1,
          data: e.data,
          metadata: e.metadata,
        });
        expect(read.recordedAt).toBe(e.metadata.recordedAt);
      });
    });

    it('readAll pages (after + limit) return every event exactly once, in order', async () => {
      const start = await store.headPosition();
      const appended: string[] = [];
      for (let i = 0; i < 23; i++) {
        const events = Array.from({ length: 1 + (i % 3) }, (_, k) => ev(`E${i}.${k}`));
        const stream = sid(`p${i % 4}`);
        const head = await store.streamHead(stream);
        await store.append(stream, events, head ? head.revision : 'no-stream');
        appended.push(...events.map((e) => e.id));
      }
      for (const limit of [1, 4, 7, 1000]) {
        const seen: StoredEvent[] = [];
        let after = start;
        for (;;) {
          const page = await store.readAll(after, limit);
          expect(page.length).toBeLessThanOrEqual(limit);
          if (page.length === 0) break;
          expectStrictlyIncreasing(page.map((e) => e.position));
          expect(page[0].position).toBeGreaterThan(after);
          seen.push(...page);
          after = page[page.length - 1].position;
        }
        const mine = seen.filter((e) => e.streamId.startsWith(prefix));
        expect(mine.map((e) => e.id)).toEqual(appended);
      }
    });

    it('readAllBodies returns the same page as readAll, with position, stream, revision, type, version and data', async () => {
      const start = await store.headPosition();
      await store.append(
        sid('bodies'),
        [ev('B1', {}, { n: 1, text: 'é' }), ev('B2', {}, { list: [1, null] })],
        'no-stream',
      );
      await store.append(sid('bodies-2'), [ev('B3')], 'no-stream');
      for (const limit of [1, 2, 1000]) {
        const full = await store.readAll(start, limit);
        const bodies = await store.readAllBodies(start, limit);
        expect(bodies.length).toBe(full.length);
        expect(bodies.length).toBeGreaterThan(0);
        bodies.forEach((b, i) => {
          const f = full[i];
          expect({
            position: b.position,
            streamId: b.streamId,
            revision: b.revision,
            type: b.type,
            schemaVersion: b.schemaVersion,
            data: b.data,
          }).toEqual({
            position: f.position,
            streamId: f.streamId,
            revision: f.revision,
            type: f.type,
            schemaVersion: f.schemaVersion,
            data: f.data,
          });
        });
      }
      const mine = (await store.readAllBodies(start, 1000)).filter((b) => b.streamId.startsWith(prefix));
      expect(mine.map((b) => b.type)).toEqual(['B1', 'B2', 'B3']);
      expect(mine[0].data).toEqual({ n: 1, text: 'é' });
    });

    describe('subscribeToAll', () => {
      it('catches up, then delivers live appends in order, nothing twice', async () => {
        const start = await store.headPosition();
        const received: StoredEvent[] = [];
        for (let i = 0; i < 5; i++) await store.append(sid(`s${i}`), [ev(`Old${i}`)], 'no-stream');
        const sub = store.subscribeToAll(start, (events) => {
          received.push(...events.filter((e) => e.streamId.startsWith(prefix)));
        });
        try {
          await waitFor(() => received.length >= 5, 'catch-up');
          const live: Promise<AppendResult>[] = [];
          for (let i = 0; i < 10; i++) live.push(store.append(sid(`s${i % 5}`), [ev(`New${i}`)], 'exists'));
          for (let i = 0; i < 5; i++)
            await store.append(sid(`t${i}`), [ev(`Later${i}`), ev(`Later${i}b`)], 'no-stream');
          await Promise.all(live);
          await waitFor(() => received.length >= 25, 'live');
          await new Promise((r) => setTimeout(r, 50));
          expect(received).toHaveLength(25);
          expectStrictlyIncreasing(received.map((e) => e.position));
          const all = (await store.readAll(start, 1000)).filter((e) => e.streamId.startsWith(prefix));
          expect(received.map((e) => e.id)).toEqual(all.map((e) => e.id));
        } finally {
          await sub.stop();
        }
        await expect(sub.done).resolves.toBeUndefined();
      });

      it('a throwing handler stops the subscription; a new one from the same checkpoint gets the event again', async () => {
        const start = await store.headPosition();
        for (let i = 0; i < 5; i++)
          await store.append(sid('f'), [ev(`E${i}`)], i === 0 ? 'no-stream' : BigInt(i - 1));
        let checkpoint = start;
        const handled: string[] = [];
        const boom = new Error('handler failed on E2');
        const sub = store.subscribeToAll(
          start,
          (events) => {
            for (const e of events) {
              if (!e.streamId.startsWith(prefix)) continue;
              if (e.type === 'E2') throw boom;
              handled.push(e.type);
            }
            checkpoint = events[events.length - 1].position;
          },
          { batchSize: 1 },
        );
        await expect(sub.done).rejects.toBe(boom);
        expect(handled).toEqual(['E0', 'E1']);
        // Nothing is delivered after the failure.
        await store.append(sid('f'), [ev('E5')], 4n);
        await new Promise((r) => setTimeout(r, 50));
        expect(handled).toEqual(['E0', 'E1']);
        await sub.stop();

        const again: string[] = [];
        const sub2 = store.subscribeToAll(checkpoint, (events) => {
          again.push(...events.filter((e) => e.streamId.startsWith(prefix)).map((e) => e.type));
        });
        try {
          await waitFor(() => again.length >= 4, 'redelivery');
          expect(again).toEqual(['E2', 'E3', 'E4', 'E5']);
        } finally {
          await sub2.stop();
        }
      });

      it('redelivers the whole failed batch when batches hold several events', async () => {
        const start = await store.headPosition();
        await store.append(sid('b'), [ev('A'), ev('B'), ev('C'), ev('D')], 'no-stream');
        const boom = new Error('fails on C');
        const sub = store.subscribeToAll(
          start,
          (events) => {
            if (events.some((e) => e.streamId.startsWith(prefix) && e.type === 'C')) throw boom;
          },
          { batchSize: 2 },
        );
        await expect(sub.done).rejects.toBe(boom);
        const first: StoredEvent[] = [];
        const sub2 = store.subscribeToAll(start, (events) => {
          first.push(...events.filter((e) => e.streamId.startsWith(prefix)));
        });
        try {
          await waitFor(() => first.length >= 4, 'redelivery');
          expect(first.map((e) => e.type)).toEqual(['A', 'B', 'C', 'D']);
        } finally {
          await sub2.stop();
        }
      });
    });

    describe('unique claims (agency ids that differ only in case, API.md)', () => {
      it('a claim held by another stream fails the append with ClaimTakenError and appends nothing', async () => {
        const claim = `${prefix}:agency-id:bbb`;
        const first = await store.append(sid('bbb'), [ev('A')], 'no-stream', { claims: [claim] });
        expect(first.created).toBe(true);
        const err = await store
          .append(sid('BBB'), [ev('B'), ev('C')], 'no-stream', { claims: [claim] })
          .catch((e: unknown) => e);
        expect(err).toBeInstanceOf(ClaimTakenError);
        expect(err).toMatchObject({ claim, streamId: sid('BBB'), heldBy: sid('bbb') });
        expect(await store.streamHead(sid('BBB'))).toBeNull();
        expect(await store.readStream(sid('BBB'))).toEqual([]);
        // The holder may state its claim again (a retry, a later append); others still may not.
        await store.append(sid('bbb'), [ev('D')], 0n, { claims: [claim] });
        await expect(
          store.append(sid('BBB'), [ev('E')], 'no-stream', { claims: [claim] }),
        ).rejects.toBeInstanceOf(ClaimTakenError);
        expect(await types(store, sid('bbb'))).toEqual(['A', 'D']);
      });

      it("a refused claim takes none of the append's other claims, and an unrelated claim is free", async () => {
        const [held, other] = [`${prefix}:agency-id:held`, `${prefix}:agency-id:other`];
        await store.append(sid('holder'), [ev('A')], 'no-stream', { claims: [held] });
        await expect(
          store.append(sid('late'), [ev('B')], 'no-stream', { claims: [other, held] }),
        ).rejects.toBeInstanceOf(ClaimTakenError);
        await store.append(sid('third'), [ev('C')], 'no-stream', { claims: [other] });
        expect(await types(store, sid('third'))).toEqual(['C']);
      });

      it('concurrent appends of 20 streams with one claim: exactly one stream is created', async () => {
        const claim = `${prefix}:agency-id:race`;
        const ids = Array.from({ length: 20 }, (_, i) => sid(`race-${i}`));
        const settled = await Promise.allSettled(
          ids.map((id) => store.append(id, [ev('P')], 'no-stream', { claims: [claim] })),
        );
        const won = settled.filter((s) => s.status === 'fulfilled');
        expect(won).toHaveLength(1);
        for (const s of settled)
          if (s.status === 'rejected') expect(s.reason).toBeInstanceOf(ClaimTakenError);
        const heads = await Promise.all(ids.map((id) => store.streamHead(id)));
        expect(heads.filter((h) => h !== null)).toHaveLength(1);
      });
    });

    describe('hash chain (G6)', () => {
      it('links every event to the previous one and verifies', async () => {
        await store.append(sid('h'), [ev('A'), ev('B')], 'no-stream');
        await store.append(sid('h'), [ev('C', {}, { x: { b: 2, a: 1 } })], 1n);
        await store.append(sid('other'), [ev('Z')], 'no-stream');
        await store.append(sid('h'), [ev('D'), ev('E')], 2n);
        const events = await store.readStream(sid('h'));
        expect(events[0].prevHash).toBe(GENESIS_HASH);
        events.forEach((e, i) => {
          if (i > 0) expect(e.prevHash).toBe(events[i - 1].hash);
          expect(e.hash).toBe(eventHash(e));
          expect(e.hash).toMatch(/^[0-9a-f]{64}$/);
        });
        const head = await store.streamHead(sid('h'));
        expect(head).toEqual({ revision: 4n, hash: events[4].hash });
        expect(verifyChain(events, head!)).toEqual({ valid: true, events: 5, headHash: events[4].hash });
        const other = await store.readStream(sid('other'));
        expect(other[0].prevHash).toBe(GENESIS_HASH);
      });
    });

    describe('idempotency (G3)', () => {
      it('the same key and fingerprint returns the first result and appends nothing', async () => {
        const key = `${prefix}-k1`;
        const first = await store.append(sid('i'), [ev('A'), ev('B')], 'no-stream', {
          idempotency: { key, fingerprint: 'f1' },
        });
        expect(first.duplicate).toBe(false);
        const second = await store.append(sid('i'), [ev('A'), ev('B')], 'no-stream', {
          idempotency: { key, fingerprint: 'f1' },
        });
        expect(second).toEqual({ ...first, duplicate: true });
        expect(await types(store, sid('i'))).toEqual(['A', 'B']);
        expect(await store.findIdempotency(key)).toEqual({
          fingerprint: 'f1',
          result: { ...first, duplicate: true },
        });
        expect(await store.findIdempotency(`${prefix}-unknown`)).toBeNull();
      });

      it('look-ups asked for together each get their own key, found or not', async () => {
        const one = await store.append(sid('i1'), [ev('A')], 'no-stream', {
          idempotency: { key: `${prefix}-t1`, fingerprint: 'f1' },
        });
        const two = await store.append(sid('i2'), [ev('B')], 'no-stream', {
          idempotency: { key: `${prefix}-t2`, fingerprint: 'f2' },
        });
        const keys = ['t1', 'none', 't2', 't1', 'also-none'].map((k) => `${prefix}-${k}`);
        const found = await Promise.all(keys.map((k) => store.findIdempotency(k)));
        expect(found).toEqual([
          { fingerprint: 'f1', result: { ...one, duplicate: true } },
          null,
          { fingerprint: 'f2', result: { ...two, duplicate: true } },
          { fingerprint: 'f1', result: { ...one, duplicate: true } },
          null,
        ]);
      });

      it('the same key with a different fingerprint is refused and appends nothing', async () => {
        const key = `${prefix}-k2`;
        await store.append(sid('i'), [ev('A')], 'no-stream', { idempotency: { key, fingerprint: 'f1' } });
        await expect(
          store.append(sid('i'), [ev('B')], 0n, { idempotency: { key, fingerprint: 'f2' } }),
        ).rejects.toBeInstanceOf(IdempotencyKeyReusedError);
        expect(await types(store, sid('i'))).toEqual(['A']);
      });

      it('concurrent appends with the same key make exactly one append', async () => {
        const key = `${prefix}-k3`;
        const attempts = Array.from({ length: 10 }, () =>
          store.append(sid('i'), [ev('A'), ev('B')], 'no-stream', { idempotency: { key, fingerprint: 'f' } }),
        );
        const results = await Promise.all(attempts);
        expect(results.filter((r) => !r.duplicate)).toHaveLength(1);
        const original = results.find((r) => !r.duplicate)!;
        for (const r of results) expect({ ...r, duplicate: false }).toEqual(original);
        expect(await store.readStream(sid('i'))).toHaveLength(2);
      });
    });

    it('50 concurrent conflicting appends with the same expected revision: exactly one succeeds', async () => {
      await store.append(sid('race'), [ev('Start')], 'no-stream');
      const settled = await Promise.allSettled(
        Array.from({ length: 50 }, (_, i) => store.append(sid('race'), [ev(`Try${i}`), ev(`Try${i}b`)], 0n)),
      );
      const successes = settled.filter((s) => s.status === 'fulfilled');
      const conflicts = settled.filter(
        (s) => s.status === 'rejected' && s.reason instanceof WrongExpectedRevisionError,
      ) as PromiseRejectedResult[];
      expect(successes).toHaveLength(1);
      expect(successes.length + conflicts.length).toBe(50);
      for (const c of conflicts) expect(c.reason.actual).toBe(2n);
      const events = await store.readStream(sid('race'));
      expect(events.map((e) => e.revision)).toEqual([0n, 1n, 2n]);
      expect(events[1].type).toBe(events[2].type.slice(0, -1));
    });

    describe('heads and listings', () => {
      it('streamHead, headPosition and listStreams reflect the log', async () => {
        expect(await store.streamHead(sid('x'))).toBeNull();
        await store.append(sid('x'), [ev('A'), ev('B')], 'no-stream');
        const r = await store.append(sid('y'), [ev('C')], 'no-stream');
        const x = await store.readStream(sid('x'));
        expect(await store.streamHead(sid('x'))).toEqual({ revision: 1n, hash: x[1].hash });
        expect(await store.headPosition()).toBe(r.position);
        const listed: Record<string, unknown> = {};
        for await (const s of store.listStreams())
          if (s.streamId.startsWith(prefix)) listed[s.streamId] = s.head;
        const y = await store.readStream(sid('y'));
        expect(listed).toEqual({
          [sid('x')]: { revision: 1n, hash: x[1].hash },
          [sid('y')]: { revision: 0n, hash: y[0].hash },
        });
      });
    });

    describe('group commit', () => {
      it('many appends issued in the same tick to different streams all succeed', async () => {
        const results = await Promise.all(
          Array.from({ length: 40 }, (_, i) =>
            store.append(sid(`g${i}`), [ev(`A${i}`), ev(`B${i}`)], 'no-stream'),
          ),
        );
        const positions = results.flatMap((r) => r.events.map((e) => e.position));
        expect(new Set(positions).size).toBe(80);
        for (const [i, r] of results.entries()) {
          expect(r.events.map((e) => e.revision)).toEqual([0n, 1n]);
          expect(await types(store, sid(`g${i}`))).toEqual([`A${i}`, `B${i}`]);
        }
      });

      it('a conflicting append in the same batch fails alone while the others commit', async () => {
        await store.append(sid('taken'), [ev('First')], 'no-stream');
        const attempts = Array.from({ length: 9 }, (_, i) =>
          i === 4
            ? store.append(sid('taken'), [ev('Clash')], 'no-stream')
            : store.append(sid(`ok${i}`), [ev(`A${i}`)], 'no-stream'),
        );
        const settled = await Promise.allSettled(attempts);
        settled.forEach((s, i) => expect(s.status).toBe(i === 4 ? 'rejected' : 'fulfilled'));
        expect((settled[4] as PromiseRejectedResult).reason).toBeInstanceOf(WrongExpectedRevisionError);
        expect(await types(store, sid('taken'))).toEqual(['First']);
        for (let i = 0; i < 9; i++) if (i !== 4) expect(await types(store, sid(`ok${i}`))).toEqual([`A${i}`]);
      });

      it('appends to one new stream in the same batch see each other, in the order issued', async () => {
        const settled = await Promise.allSettled([
          store.append(sid('pair'), [ev('A1'), ev('A2')], 'no-stream'),
          store.append(sid('pair'), [ev('X')], 'no-stream'), // the first created it
          store.append(sid('other'), [ev('O')], 'no-stream'),
          store.append(sid('pair'), [ev('B')], 1n),
          store.append(sid('pair'), [ev('Y')], 1n), // B moved it to 2
          store.append(sid('pair'), [ev('C')], 'exists'),
        ]);
        expect(settled.map((s) => s.status)).toEqual([
          'fulfilled',
          'rejected',
          'fulfilled',
          'fulfilled',
          'rejected',
          'fulfilled',
        ]);
        for (const i of [1, 4])
          expect((settled[i] as PromiseRejectedResult).reason).toBeInstanceOf(WrongExpectedRevisionError);
        const ok = (i: number) => (settled[i] as PromiseFulfilledResult<AppendResult>).value;
        expect([ok(0).created, ok(3).created, ok(5).created]).toEqual([true, false, false]);
        expect([ok(0).nextRevision, ok(3).nextRevision, ok(5).nextRevision]).toEqual([1n, 2n, 3n]);
        const events = await store.readStream(sid('pair'));
        expect(events.map((e) => [e.type, e.revision])).toEqual([
          ['A1', 0n],
          ['A2', 1n],
          ['B', 2n],
          ['C', 3n],
        ]);
        expectStrictlyIncreasing(events.map((e) => e.position));
        const head = await store.streamHead(sid('pair'));
        expect(verifyChain(events, head!)).toEqual({ valid: true, events: 4, headHash: events[3].hash });
      });

      it('a key, a claim or an event id recorded by an earlier append of the same batch is taken for a later one', async () => {
        const [key, claim, dup] = [`${prefix}-kb`, `${prefix}:agency-id:batch`, ev('Dup')];
        const settled = await Promise.allSettled([
          store.append(sid('k1'), [ev('A')], 'no-stream', { idempotency: { key, fingerprint: 'f1' } }),
          store.append(sid('k1'), [ev('A')], 'no-stream', { idempotency: { key, fingerprint: 'f1' } }),
          store.append(sid('k2'), [ev('B')], 'no-stream', { idempotency: { key, fingerprint: 'f2' } }),
          store.append(sid('c1'), [ev('C')], 'no-stream', { claims: [claim] }),
          store.append(sid('C1'), [ev('D')], 'no-stream', { claims: [claim] }),
          store.append(sid('c1'), [ev('E')], 0n, { claims: [claim] }),
          store.append(sid('d1'), [dup], 'no-stream'),
          store.append(sid('d2'), [ev('F'), { ...dup }], 'no-stream'),
        ]);
        expect(settled.map((s) => s.status)).toEqual([
          'fulfilled',
          'fulfilled',
          'rejected',
          'fulfilled',
          'rejected',
          'fulfilled',
          'fulfilled',
          'rejected',
        ]);
        const ok = (i: number) => (settled[i] as PromiseFulfilledResult<AppendResult>).value;
        const reason = (i: number) => (settled[i] as PromiseRejectedResult).reason;
        expect(ok(0).duplicate).toBe(false);
        expect(ok(1)).toEqual({ ...ok(0), duplicate: true });
        expect(reason(2)).toBeInstanceOf(IdempotencyKeyReusedError);
        expect(reason(4)).toBeInstanceOf(ClaimTakenError);
        expect(reason(4)).toMatchObject({ claim, heldBy: sid('c1') });
        expect(await types(store, sid('k1'))).toEqual(['A']);
        expect(await types(store, sid('c1'))).toEqual(['C', 'E']);
        for (const s of ['k2', 'C1', 'd2']) expect(await store.streamHead(sid(s))).toBeNull();
        expect(await store.findIdempotency(key)).toEqual({
          fingerprint: 'f1',
          result: { ...ok(0), duplicate: true },
        });
      });

      it('quotes, backslashes and non-ASCII in ids, keys, claims and data are stored as given', async () => {
        const odd = `it's \\ "q" \\' é 😀 \\n`;
        const key = `${prefix}-${odd}`;
        const claim = `${prefix}:${odd}`;
        const event = { ...ev('Odd', {}, { text: odd, nested: { [odd]: [odd] } }), id: `${prefix}-${odd}` };
        const [written] = await Promise.all([
          store.append(sid(odd), [event], 'no-stream', {
            idempotency: { key, fingerprint: odd },
            claims: [claim],
          }),
          store.append(sid('plain'), [ev('Plain')], 'no-stream'),
        ]);
        const [stored] = await store.readStream(sid(odd));
        expect(stored).toMatchObject({ id: event.id, streamId: sid(odd), data: event.data });
        expect(stored.metadata).toEqual(event.metadata);
        expect(stored.hash).toBe(eventHash(stored));
        expect(await store.findIdempotency(key)).toEqual({
          fingerprint: odd,
          result: { ...written, duplicate: true },
        });
        await expect(
          store.append(sid('other'), [ev('X')], 'no-stream', { claims: [claim] }),
        ).rejects.toBeInstanceOf(ClaimTakenError);
      });

      it('an append that fails to store fails alone while the others in the batch commit', async () => {
        const attempts = [
          store.append(sid('g1'), [ev('A')], 'no-stream'),
          store.append(sid('bad'), [ev('B1'), { ...ev('B2'), data: { n: 1n } }], 'no-stream'),
          store.append(sid('g2'), [ev('C')], 'no-stream'),
        ];
        const settled = await Promise.allSettled(attempts);
        expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
        expect(await store.streamHead(sid('bad'))).toBeNull();
        expect(await types(store, sid('g1'))).toEqual(['A']);
        expect(await types(store, sid('g2'))).toEqual(['C']);
      });
    });
  });
}

let clock = Date.parse('2026-01-01T00:00:00.000Z');

/** A valid NewEvent; `recordedAt` advances so asOf tests stay meaningful. */
export function ev(
  type: string,
  meta: { recordedAt?: string } = {},
  data: unknown = { type, n: 1 },
): NewEvent {
  const recordedAt = meta.recordedAt ?? new Date((clock += 1000)).toISOString();
  return {
    id: randomUUID(),
    type,
    schemaVersion: 1,
    data,
    metadata: {
      actor: { sub: 'contract-test', role: 'system' },
      commandId: randomUUID(),
      correlationId: randomUUID(),
      causationId: randomUUID(),
      recordedAt,
      schemaVersion: 1,
    },
  };
}

async function types(store: EventStore, streamId: string, options?: Parameters<EventStore['readStream']>[1]) {
  return (await store.readStream(streamId, options)).map((e) => e.type);
}

async function conflict(p: Promise<unknown>): Promise<WrongExpectedRevisionError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(WrongExpectedRevisionError);
    return err as WrongExpectedRevisionError;
  }
  throw new Error('expected a WrongExpectedRevisionError, but the append succeeded');
}

function expectStrictlyIncreasing(values: bigint[]): void {
  for (let i = 1; i < values.length; i++) {
    if (!(values[i] > values[i - 1]))
      throw new Error(`not strictly increasing at ${i}: ${values[i - 1]} then ${values[i]}`);
  }
}

async function waitFor(cond: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}
