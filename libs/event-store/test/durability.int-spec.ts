import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UnsafeStoreSettingsError } from '../src/event-store.js';
import { SqliteEventStore } from '../src/sqlite/sqlite-event-store.js';
import { testSeed } from '#testing';
import { childScript, startChild } from './support/child-process.js';
import { expectStreamsIntact, expectWholeBatches, killLoop, readEverything } from './support/kill-loop.js';

/**
 * G1 (acknowledged appends survive kill -9, no partial batch; unsafe settings refused) and G2
 * (several processes on one file: no lost update, contiguous revisions, gap-free positions, no
 * SQLITE_BUSY reaching a caller). The child processes are the compiled scripts in
 * dist/libs/event-store/test/support: run `npm run build` first.
 */
const SEED = testSeed();
console.log(`durability.int-spec seed=${SEED} (re-run with SEED=${SEED})`);

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'onemind-durability-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('G10: unsafe SQLite settings', () => {
  it.each(['NORMAL', 'OFF'] as const)('refuses to open with synchronous=%s', (synchronous) => {
    expect(() => new SqliteEventStore(join(dir, 'events.db'), { synchronous })).toThrow(
      UnsafeStoreSettingsError,
    );
    expect(() => new SqliteEventStore(join(dir, 'events.db'), { synchronous })).toThrow(/synchronous is/);
  });

  it('opens with FULL (the default) and with EXTRA', async () => {
    await new SqliteEventStore(join(dir, 'a.db')).close();
    await new SqliteEventStore(join(dir, 'b.db'), { synchronous: 'EXTRA' }).close();
  });
});

interface WriterSummary {
  writerId: string;
  attempts: number;
  appended: number;
  conflicts: number;
  errors: string[];
}

describe('G2: 4 processes × 500 appends into one SQLite file', () => {
  it('loses no update: revisions contiguous, positions gap-free, successes + conflicts = attempts, no SQLITE_BUSY', async () => {
    const script = childScript('contended-writer');
    const file = join(dir, 'shared.db');
    const WRITERS = 4;
    const APPENDS = 500;
    const STREAMS = 3;
    const children = Array.from({ length: WRITERS }, (_, i) =>
      startChild(script, [file, String(i), String(APPENDS), '2', String(STREAMS), String(SEED + i)]),
    );
    try {
      // All open the (fresh) file at once, then all start writing at once.
      await Promise.all(children.map((c) => c.waitForLine((l) => l === 'ready', 20_000)));
      for (const c of children) c.proc.stdin!.end('go\n');
      const exits = await Promise.all(children.map((c) => c.exit));
      const summaries = children.map((c) => JSON.parse(c.lines[c.lines.length - 1]) as WriterSummary);
      console.log(
        'G2 writers',
        summaries.map(({ errors, ...s }) => ({ ...s, errors: errors.length })),
      );
      for (const s of summaries) {
        expect(s.errors).toEqual([]); // no SQLITE_BUSY (or anything else) surfaced
        expect(s.appended).toBe(APPENDS);
        expect(s.appended + s.conflicts).toBe(s.attempts);
      }
      expect(exits.map((e) => e.code)).toEqual([0, 0, 0, 0]);
      const conflicts = summaries.reduce((n, s) => n + s.conflicts, 0);
      expect(conflicts).toBeGreaterThan(0); // the writers really contended

      const store = new SqliteEventStore(file);
      try {
        const all = await readEverything(store);
        expect(all).toHaveLength(WRITERS * APPENDS);
        all.forEach((e, i) => expect(e.position).toBe(BigInt(i + 1)));
        const perWriter = new Map<string, number>();
        for (const e of all) {
          const w = (e.data as { writerId: string }).writerId;
          perWriter.set(w, (perWriter.get(w) ?? 0) + 1);
        }
        expect([...perWriter.values()]).toEqual([APPENDS, APPENDS, APPENDS, APPENDS]);
        await expectStreamsIntact(store, all);
      } finally {
        await store.close();
      }
    } finally {
      for (const c of children) c.kill();
    }
  }, 120_000); // ~10 s on 2 idle cores; headroom for a loaded CI machine
});

describe('G1: kill -9 the writer mid-load, 100 times', () => {
  it('every acknowledged append is there and no batch is partial', async () => {
    const file = join(dir, 'crash.db');
    const ITERATIONS = 100;
    const started = Date.now();
    const { acknowledged, events } = await killLoop({
      iterations: ITERATIONS,
      seed: SEED,
      writerArgs: [file, '3'],
      open: () => new SqliteEventStore(file),
    });
    console.log(
      `G1: ${ITERATIONS} kills mid-load in ${Date.now() - started} ms, ${acknowledged} acknowledged appends checked, ${events} events in the log`,
    );
    expect(acknowledged).toBeGreaterThanOrEqual(ITERATIONS);

    const store = new SqliteEventStore(file);
    try {
      const all = await readEverything(store);
      all.forEach((e, i) => expect(e.position).toBe(BigInt(i + 1)));
      expectWholeBatches(all);
      await expectStreamsIntact(store, all);
    } finally {
      await store.close();
    }
  }, 180_000); // ~25-35 s on 2 idle cores (100 node start-ups dominate); headroom for load
});
