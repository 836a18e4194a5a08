import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UnsafeStoreSettingsError } from '#event-store';
import type { ScheduleState } from '#jobs';
import { ReactorStore } from '#projector';

/**
 * reactors.sqlite holds the reactors' checkpoints and folded schedule state: it is opened through
 * the same durability check as the log and the read models, and its tables come from the one
 * migration runner, which must take a file written before it existed as it is.
 */
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'onemind-reactor-store-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const STATE = { status: 'pledged' } as unknown as ScheduleState;

describe('ReactorStore (int: real SQLite files)', () => {
  it.each(['NORMAL', 'OFF'] as const)('refuses to open with synchronous=%s, like the log', (synchronous) => {
    const file = join(dir, 'reactors.sqlite');
    expect(() => new ReactorStore(file, { synchronous })).toThrow(UnsafeStoreSettingsError);
    expect(() => new ReactorStore(file, { synchronous })).toThrow(/synchronous is/);
  });

  it('opens in WAL with synchronous FULL, and keeps a checkpoint with its state across a reopen', () => {
    const file = join(dir, 'reactors.sqlite');
    const store = new ReactorStore(file);
    store.commit('schedule', 42n, new Map([['tx-a', STATE]]));
    store.close();
    const again = new ReactorStore(file);
    expect({ position: again.position('schedule'), state: again.state('tx-a') }).toEqual({
      position: 42n,
      state: STATE,
    });
    again.close();
    const raw = new Database(file, { readonly: true });
    expect({
      mode: raw.pragma('journal_mode', { simple: true }),
      versions: raw.prepare('SELECT version FROM schema_migrations').pluck().all(),
    }).toEqual({ mode: 'wal', versions: [1] });
    raw.close();
  });

  it('takes a reactors.sqlite written before the migration runner as it is (tables, checkpoint, state)', () => {
    const file = join(dir, 'reactors.sqlite');
    const old = new Database(file);
    old.exec(`CREATE TABLE reactor_checkpoints (name TEXT PRIMARY KEY, position TEXT NOT NULL);
      CREATE TABLE reactor_schedule (agency_id TEXT PRIMARY KEY, state TEXT NOT NULL);`);
    old.prepare('INSERT INTO reactor_checkpoints VALUES (?, ?)').run('schedule', '7');
    old.prepare('INSERT INTO reactor_schedule VALUES (?, ?)').run('tx-a', JSON.stringify(STATE));
    old.close();
    const store = new ReactorStore(file);
    expect({ position: store.position('schedule'), state: store.state('tx-a') }).toEqual({
      position: 7n,
      state: STATE,
    });
    store.close();
    const raw = new Database(file, { readonly: true });
    expect(raw.prepare('SELECT version FROM schema_migrations').pluck().all()).toEqual([1]);
    raw.close();
  });
});
