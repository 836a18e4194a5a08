import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { agencyIdClaim } from '#events';
import { ev, eventStoreContract } from '../src/contract.spec-suite.js';
import { ClaimTakenError } from '../src/event-store.js';
import { SqliteEventStore } from '../src/sqlite/sqlite-event-store.js';

// The SQLite adapter against the shared contract, on real files (WAL, synchronous=FULL).
eventStoreContract('SqliteEventStore', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'onemind-contract-'));
  const store = new SqliteEventStore(join(dir, 'events.db'));
  return {
    store,
    async cleanup() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

describe('SqliteEventStore specifics', () => {
  let dir: string;
  let store: SqliteEventStore;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'onemind-sqlite-'));
    store = new SqliteEventStore(join(dir, 'events.db'));
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a duplicate event id (UNIQUE constraint) fails only its own append in a group-commit batch', async () => {
    const dup = ev('Dup');
    await store.append('s-0', [dup], 'no-stream');
    const settled = await Promise.allSettled([
      store.append('s-1', [ev('A')], 'no-stream'),
      store.append('s-2', [ev('B'), { ...dup }], 'no-stream'),
      store.append('s-3', [ev('C')], 'no-stream'),
    ]);
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(String((settled[1] as PromiseRejectedResult).reason)).toMatch(/UNIQUE/);
    expect(await store.streamHead('s-2')).toBeNull();
    expect((await store.readAll(0n, 100)).map((e) => e.position)).toEqual([1n, 2n, 3n]);
  });

  it('global positions are gap-free (assigned inside the single write transaction)', async () => {
    await Promise.allSettled([
      store.append('a', [ev('A1'), ev('A2')], 'no-stream'),
      store.append('a', [ev('X')], 'no-stream'), // conflicts: must not burn a position
      store.append('b', [ev('B1')], 'no-stream'),
    ]);
    await store.append('a', [ev('A3')], 1n);
    expect((await store.readAll(0n, 100)).map((e) => e.position)).toEqual([1n, 2n, 3n, 4n]);
  });
});

/** The JSON lines a capture of stderr holds (pino: one object per line, fields in any order). */
const loggedLines = (text: string): unknown[] =>
  text
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l));
const collisionLogged = expect.objectContaining({
  level: 'error',
  claim: agencyIdClaim('twin-pd'),
  keptBy: 'agency-Twin-pd',
  stream: 'agency-TWIN-PD',
  msg: expect.stringMatching(/differ only in letter case/),
});

describe('SqliteEventStore claims: files from before claims, and two connections on one file', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'onemind-claims-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** A log as an older version left it: agency streams, no claims table, schema at version 1. */
  async function legacyLog(file: string, streams: string[]): Promise<void> {
    const store = new SqliteEventStore(file);
    for (const s of streams) await store.append(s, [ev('PledgeTaken')], 'no-stream');
    await store.close();
    const db = new Database(file);
    db.exec('DROP TABLE claims; DELETE FROM schema_migrations WHERE version > 1;');
    db.close();
  }

  it('back-fills the claims of existing agency streams at open; the first of two that collide keeps it, and the store still opens', async () => {
    const file = join(dir, 'events.db');
    await legacyLog(file, ['agency-bbb', 'agency-Twin-pd', 'training-programs', 'agency-TWIN-PD']);
    const errors: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string) => (
      errors.push(String(chunk)),
      true
    )) as typeof process.stderr.write;
    let store: SqliteEventStore;
    try {
      store = new SqliteEventStore(file);
    } finally {
      process.stderr.write = write;
    }
    try {
      expect(store.claimCollisions).toEqual([
        { claim: agencyIdClaim('twin-pd'), heldBy: 'agency-Twin-pd', streamId: 'agency-TWIN-PD' },
      ]);
      expect(loggedLines(errors.join(''))).toContainEqual(collisionLogged);
      const pledge = (id: string) =>
        store.append(`agency-${id}`, [ev('PledgeTaken')], 'no-stream', { claims: [agencyIdClaim(id)] });
      await expect(pledge('BBB')).rejects.toBeInstanceOf(ClaimTakenError); // the stream agency-bbb is the agency "bbb"
      await expect(pledge('twin-PD')).rejects.toMatchObject({ heldBy: 'agency-Twin-pd' });
      // Both colliding streams keep working; nothing was rewritten.
      await store.append('agency-TWIN-PD', [ev('Later')], 0n);
      expect((await store.readStream('agency-TWIN-PD')).map((e) => e.type)).toEqual(['PledgeTaken', 'Later']);
    } finally {
      await store.close();
    }
    // Opening again changes nothing and still reports the collision.
    const again = new SqliteEventStore(file);
    expect(again.claimCollisions).toHaveLength(1);
    await again.close();
  });

  it('two connections on one file (as two processes) racing for one claim: exactly one stream is created', async () => {
    const file = join(dir, 'events.db');
    const a = new SqliteEventStore(file);
    const b = new SqliteEventStore(file);
    try {
      for (let round = 0; round < 20; round++) {
        const ids = [
          `r${round}-agency-bbb`,
          `r${round}-AGENCY-BBB`,
          `r${round}-Agency-Bbb`,
          `r${round}-agency-BBB`,
        ];
        const settled = await Promise.allSettled(
          ids.map((id, i) =>
            (i % 2 ? b : a).append(`agency-${id}`, [ev('PledgeTaken')], 'no-stream', {
              claims: [agencyIdClaim(id)],
            }),
          ),
        );
        expect(settled.filter((s) => s.status === 'fulfilled')).toHaveLength(1);
        for (const s of settled)
          if (s.status === 'rejected') expect(s.reason).toBeInstanceOf(ClaimTakenError);
      }
    } finally {
      await a.close();
      await b.close();
    }
  });
});
