import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ev, eventStoreContract } from '../src/contract.spec-suite.js';
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
