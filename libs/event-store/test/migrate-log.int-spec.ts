import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { agencyIdClaim, verifyChain } from '#events';
import { ev } from '../src/contract.spec-suite.js';
import { ClaimTakenError, type EventStore } from '../src/event-store.js';
import { CopyMismatchError, copyLog, type CopyProgress } from '../src/migrate-log.js';
import { SqliteEventStore } from '../src/sqlite/sqlite-event-store.js';

// The log-move path (docs/operations.md) on real SQLite files: SQLite → SQLite. The same code
// moves a log into KurrentDB, which could not be exercised on this machine.
describe('copyLog (SQLite → SQLite)', () => {
  let dir: string;
  let source: SqliteEventStore;
  let target: SqliteEventStore;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'onemind-migrate-'));
    source = new SqliteEventStore(join(dir, 'source.sqlite'));
    target = new SqliteEventStore(join(dir, 'target.sqlite'));
  });
  afterEach(async () => {
    await source.close();
    await target.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function fill(store: SqliteEventStore, appends: number): Promise<void> {
    for (let i = 0; i < appends; i++) {
      const streamId = i % 5 === 4 ? 'training-programs' : `agency-a${i % 4}`;
      const head = await store.streamHead(streamId);
      const events = Array.from({ length: 1 + (i % 3) }, (_, k) =>
        ev(`E${i}.${k}`, {}, { i, k, nested: { x: [1, 'é'] } }),
      );
      await store.append(streamId, events, head ? head.revision : 'no-stream');
    }
  }

  /** The source as an interrupted run saw it: nothing after `last`, and no final head check. */
  function truncated(store: SqliteEventStore, last: bigint): EventStore {
    return {
      readAll: async (after: bigint, limit: number) =>
        (await store.readAll(after, limit)).filter((e) => e.position <= last),
      headPosition: async () => last,
      listStreams: async function* () {},
    } as Partial<EventStore> as EventStore;
  }

  const shape = (
    events: {
      streamId: string;
      revision: bigint;
      id: string;
      type: string;
      data: unknown;
      metadata: unknown;
      prevHash: string;
      hash: string;
    }[],
  ) =>
    events.map((e) => ({
      streamId: e.streamId,
      revision: e.revision,
      id: e.id,
      type: e.type,
      data: e.data,
      metadata: e.metadata,
      prevHash: e.prevHash,
      hash: e.hash,
    }));

  it('copies every event in global order with the same revisions and the same hash chain', async () => {
    await fill(source, 60);
    const progress: CopyProgress[] = [];
    const result = await copyLog(source, target, (p) => progress.push(p), 7);
    const from = await source.readAll(0n, 10_000);
    const to = await target.readAll(0n, 10_000);
    expect(from.length).toBeGreaterThan(100);
    expect(result).toMatchObject({
      copied: from.length,
      skipped: 0,
      position: from[from.length - 1].position,
    });
    expect(shape(to)).toEqual(shape(from));
    for (let i = 1; i < to.length; i++) expect(to[i].position > to[i - 1].position).toBe(true);
    for await (const { streamId, head } of target.listStreams()) {
      expect(verifyChain(await target.readStream(streamId), head)).toMatchObject({ valid: true });
    }
    expect(progress.length).toBeGreaterThan(1);
    expect(progress[progress.length - 1].position).toBe(result.position);
  });

  it('resumes after an interruption: what is there is checked and skipped, the rest copied', async () => {
    await fill(source, 30);
    const all = await source.readAll(0n, 10_000);
    // An earlier run that stopped part-way: it saw only the first 20 events of the log.
    await copyLog(truncated(source, all[19].position), target);
    const partial = (await target.readAll(0n, 10_000)).length;
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(all.length);
    const result = await copyLog(source, target);
    expect(result.copied + result.skipped).toBe(all.length);
    expect(result.skipped).toBe(partial);
    expect(shape(await target.readAll(0n, 10_000))).toEqual(shape(all));
    // A third run copies nothing.
    expect(await copyLog(source, target)).toMatchObject({ copied: 0, skipped: all.length });
  });

  it('refuses to continue into a target that holds different events', async () => {
    await fill(source, 10);
    await target.append('agency-a0', [ev('SomethingElse')], 'no-stream');
    await expect(copyLog(source, target)).rejects.toBeInstanceOf(CopyMismatchError);
  });

  it('agency streams take their agency-id claim on the target; ids that already collide in the source are copied as they are', async () => {
    for (const id of ['bbb', 'Twin', 'TWIN'])
      await source.append(`agency-${id}`, [ev('PledgeTaken')], 'no-stream');
    await copyLog(source, target);
    expect((await target.readStream('agency-TWIN')).map((e) => e.type)).toEqual(['PledgeTaken']);
    // The target was opened before the copy (nothing to back-fill then): the copy took the claims.
    await expect(
      target.append('agency-BBB', [ev('PledgeTaken')], 'no-stream', { claims: [agencyIdClaim('BBB')] }),
    ).rejects.toBeInstanceOf(ClaimTakenError);
    await expect(
      target.append('agency-twin', [ev('PledgeTaken')], 'no-stream', { claims: [agencyIdClaim('twin')] }),
    ).rejects.toMatchObject({ heldBy: 'agency-Twin' });
  });
});
