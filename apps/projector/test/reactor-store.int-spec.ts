import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UnsafeStoreSettingsError } from '#event-store';
import { evolveSchedule, scheduleStateToJson, type ScheduleState } from '#jobs';
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

/** A state as stored before notifications existed (no notices, no training expiries). */
const LEGACY = {
  agencyId: 'tx-a',
  status: 'pledged',
  cycle: 1,
  ruleSet: 'one-mind-2023',
  deadline: '2028-01-01',
  remindersSent: [],
  certificate: null,
};
/** A state with a training expiry: its persistent maps must survive the JSON round trip. */
const STATE = [
  {
    type: 'PledgeTaken',
    data: {
      ...LEGACY,
      name: 'A',
      country: 'US',
      signatory: { name: 'C', title: 'Chief' },
      contact: { name: 'L', email: 'l@a.example' },
      commitmentMonths: 36,
      pledgedOn: '2025-01-01',
    },
  },
  {
    type: 'OfficerTrained',
    data: { officerRef: 'o-1', programId: 'cit', completedOn: '2025-01-02', expiresOn: '2027-01-02' },
  },
].reduce<ScheduleState | undefined>(
  (s, e, i) => evolveSchedule(s, 'tx-a', e as never, BigInt(i)),
  undefined,
)!;

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
    const read = again.state('tx-a')!;
    expect({ position: again.position('schedule'), state: scheduleStateToJson(read) }).toEqual({
      position: 42n,
      state: scheduleStateToJson(STATE),
    });
    expect(read.trainingExpiry.get('o-1')).toEqual({ cit: '2027-01-02' });
    expect(read.expiryDays.get('2027-01-02')).toBe(1);
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
    old.prepare('INSERT INTO reactor_schedule VALUES (?, ?)').run('tx-a', JSON.stringify(LEGACY));
    old.close();
    const store = new ReactorStore(file);
    expect({
      position: store.position('schedule'),
      state: scheduleStateToJson(store.state('tx-a')!),
    }).toEqual({
      position: 7n,
      state: { ...LEGACY, notices: [], trainingExpiry: {}, expiryDays: {}, expirySent: [] },
    });
    store.close();
    const raw = new Database(file, { readonly: true });
    expect(raw.prepare('SELECT version FROM schema_migrations').pluck().all()).toEqual([1]);
    raw.close();
  });
});
