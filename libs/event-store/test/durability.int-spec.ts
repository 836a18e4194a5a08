import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { verifyChain, type StoredEvent } from '../../events/src/index.js';
import { UnsafeStoreSettingsError } from '../src/event-store.js';
import { SqliteEventStore } from '../src/sqlite/sqlite-event-store.js';
import { seededRandom, testSeed } from '../../testing/src/seeded-random.js';

/**
 * G1 (acknowledged appends survive kill -9, no partial batch; unsafe settings refused) and G2
 * (several processes on one file: no lost update, contiguous revisions, gap-free positions, no
 * SQLITE_BUSY reaching a caller). The child processes are the compiled scripts in
 * dist/libs/event-store/test/support: run `npm run build` first.
 */
const here = dirname(fileURLToPath(import.meta.url));
const supportDist = resolve(here, '../../../dist/libs/event-store/test/support');
const SEED = testSeed();
console.log(`durability.int-spec seed=${SEED} (re-run with SEED=${SEED})`);

function childScript(name: string): string {
  const path = join(supportDist, `${name}.js`);
  if (!existsSync(path)) {
    throw new Error(`${path} is missing: run \`npm run build\` before the durability tests (they spawn compiled child scripts)`);
  }
  const source = join(here, 'support', `${name}.ts`);
  if (statSync(source).mtimeMs > statSync(path).mtimeMs) {
    // A warning, not a failure: a checkout can touch sources that tsc -b then rightly skips.
    console.warn(`${path} is older than ${source}: it may be stale, run \`npm run build\``);
  }
  return path;
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'onemind-durability-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('G10: unsafe SQLite settings', () => {
  it.each(['NORMAL', 'OFF'] as const)('refuses to open with synchronous=%s', (synchronous) => {
    expect(() => new SqliteEventStore(join(dir, 'events.db'), { synchronous })).toThrow(UnsafeStoreSettingsError);
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
      console.log('G2 writers', summaries.map(({ errors, ...s }) => ({ ...s, errors: errors.length })));
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
    const script = childScript('crash-writer');
    const file = join(dir, 'crash.db');
    const random = seededRandom(SEED);
    const ITERATIONS = 100;
    let checkedUpTo = 0n;
    let acknowledged = 0;
    const started = Date.now();
    for (let iteration = 0; iteration < ITERATIONS; iteration++) {
      const delayMs = 20 + Math.floor(random() * 131);
      const child = startChild(script, [file, '3']);
      // The delay starts at the first acknowledged append, so every kill lands mid-load.
      await child.waitForLine((l) => l.startsWith('ack '), 20_000);
      await new Promise((r) => setTimeout(r, delayMs));
      child.kill();
      const exit = await child.exit;
      const context = `iteration ${iteration}, delay ${delayMs} ms, seed ${SEED}`;
      if (exit.signal !== 'SIGKILL') throw new Error(`${context}: writer ended by itself (${exit.code}): ${child.stderr}`);
      const acks = child.lines.filter((l) => l.startsWith('ack ')).map((l) => l.split(' '));
      acknowledged += acks.length;

      const store = new SqliteEventStore(file); // reopening recovers the WAL the killed writer left
      try {
        for (const [, streamId, revision, batchId] of acks) {
          const last = BigInt(revision);
          const events = await store.readStream(streamId, { fromRevision: last - 2n, toRevision: last });
          const ids = events.map((e) => (e.data as { batchId: string }).batchId);
          if (ids.length !== 3 || ids.some((id) => id !== batchId)) {
            throw new Error(`${context}: acknowledged batch ${batchId} (${streamId}@${revision}) is not in the log whole: ${ids}`);
          }
        }
        const fresh = await readEverything(store, checkedUpTo);
        try {
          expectWholeBatches(fresh);
        } catch (err) {
          throw new Error(`${context}: ${(err as Error).message}`);
        }
        if (fresh.length) checkedUpTo = fresh[fresh.length - 1].position;
      } finally {
        await store.close();
      }
    }
    console.log(
      `G1: ${ITERATIONS} kills mid-load in ${Date.now() - started} ms, ${acknowledged} acknowledged appends checked, ${checkedUpTo} events in the log`,
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

async function readEverything(store: SqliteEventStore, after = 0n): Promise<StoredEvent[]> {
  const all: StoredEvent[] = [];
  for (;;) {
    const page = await store.readAll(after, 5000);
    if (page.length === 0) return all;
    all.push(...page);
    after = page[page.length - 1].position;
  }
}

/** Every batch id appears exactly 3 times, on one stream, at consecutive revisions. */
function expectWholeBatches(events: StoredEvent[]): void {
  const batches = new Map<string, StoredEvent[]>();
  for (const e of events) {
    const { batchId } = e.data as { batchId: string };
    batches.set(batchId, [...(batches.get(batchId) ?? []), e]);
  }
  for (const [batchId, batch] of batches) {
    const ok =
      batch.length === 3 &&
      batch.every((e, i) => e.streamId === batch[0].streamId && e.revision === batch[0].revision + BigInt(i));
    if (!ok) throw new Error(`batch ${batchId} is partial or scattered: ${batch.map((e) => `${e.streamId}@${e.revision}`)}`);
  }
}

/** Each stream: revisions 0..head contiguous, chain verifies against the recorded head. */
async function expectStreamsIntact(store: SqliteEventStore, all: StoredEvent[]): Promise<void> {
  let total = 0;
  for await (const { streamId, head } of store.listStreams()) {
    const events = await store.readStream(streamId);
    expect(events.map((e) => e.revision)).toEqual(events.map((_, i) => BigInt(i)));
    expect(verifyChain(events, head)).toMatchObject({ valid: true });
    total += events.length;
  }
  expect(total).toBe(all.length);
}

interface Child {
  proc: ChildProcess;
  lines: string[];
  stderr: string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  waitForLine(match: (line: string) => boolean, timeoutMs: number): Promise<void>;
  kill(): void;
}

/** Spawns a compiled support script; collects complete stdout lines (a torn last line is dropped). */
function startChild(script: string, args: string[]): Child {
  const proc = spawn(process.execPath, [script, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  let buffer = '';
  const waiters: (() => boolean)[] = [];
  const child: Child = {
    proc,
    lines: [],
    stderr: '',
    exit: new Promise((resolveExit) => proc.on('close', (code, signal) => resolveExit({ code, signal }))),
    waitForLine(match, timeoutMs) {
      return new Promise((resolveLine, reject) => {
        const timer = setTimeout(() => reject(new Error(`${script}: no expected line after ${timeoutMs} ms; stderr: ${child.stderr}`)), timeoutMs);
        const check = () => {
          if (!child.lines.some(match)) return false;
          clearTimeout(timer);
          resolveLine();
          return true;
        };
        if (!check()) waiters.push(check);
        void child.exit.then(() => {
          if (!check()) {
            clearTimeout(timer);
            reject(new Error(`${script} exited early; stdout: ${child.lines.join(' | ')}; stderr: ${child.stderr}`));
          }
        });
      });
    },
    kill() {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
    },
  };
  proc.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    buffer += chunk;
    const parts = buffer.split('\n');
    buffer = parts.pop()!;
    child.lines.push(...parts);
    for (let i = waiters.length - 1; i >= 0; i--) if (waiters[i]()) waiters.splice(i, 1);
  });
  proc.stderr!.setEncoding('utf8').on('data', (chunk: string) => (child.stderr += chunk));
  return child;
}
