import type Database from 'better-sqlite3';
import { openDatabase, runMigrations, type OpenOptions } from '#event-store';
import { scheduleStateFromJson, scheduleStateToJson, type ScheduleState } from '#jobs';

/**
 * Numbered like the log's and the read models' (the one runner). Version 1 uses IF NOT EXISTS:
 * reactors.sqlite files written before the runner already hold these tables, without a
 * `schema_migrations` row, and must open unchanged.
 */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS reactor_checkpoints (name TEXT PRIMARY KEY, position TEXT NOT NULL);
   CREATE TABLE IF NOT EXISTS reactor_schedule (agency_id TEXT PRIMARY KEY, state TEXT NOT NULL);`,
];

/**
 * The reactors' own small SQLite file (`<dataDir>/reactors.sqlite`), apart from the read models: a
 * read-model rebuild swaps the read-model file and restarts its checkpoints, and must never re-fire
 * timers (ARCHITECTURE.md). Holds each reactor's checkpoint and the folded schedule state per agency,
 * written in one transaction so the state is never ahead of or behind the checkpoint.
 */
export class ReactorStore {
  private readonly db: Database.Database;
  private readonly stmts;

  /**
   * Through the same durability check as the log and the read models (WAL, synchronous FULL read
   * back, refused otherwise): a checkpoint that survived a crash its schedule state did not would
   * never re-fire the timers it skipped. `options` exist so a test can ask for less and see it refused.
   */
  constructor(file: string, options: OpenOptions = {}) {
    this.db = openDatabase(file, { busyTimeoutMs: 5_000, ...options });
    try {
      runMigrations(this.db, MIGRATIONS);
    } catch (err) {
      this.db.close();
      throw err;
    }
    this.stmts = {
      position: this.db.prepare('SELECT position FROM reactor_checkpoints WHERE name = ?'),
      advance: this.db.prepare(
        'INSERT INTO reactor_checkpoints (name, position) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET position = excluded.position',
      ),
      state: this.db.prepare('SELECT state FROM reactor_schedule WHERE agency_id = ?'),
      put: this.db.prepare(
        'INSERT INTO reactor_schedule (agency_id, state) VALUES (?, ?) ON CONFLICT (agency_id) DO UPDATE SET state = excluded.state',
      ),
    };
  }

  position(name: string): bigint {
    const row = this.stmts.position.get(name) as { position: string } | undefined;
    return row ? BigInt(row.position) : 0n;
  }

  state(agencyId: string): ScheduleState | undefined {
    const row = this.stmts.state.get(agencyId) as { state: string } | undefined;
    return row ? scheduleStateFromJson(JSON.parse(row.state)) : undefined;
  }

  commit(name: string, position: bigint, states: Map<string, ScheduleState>): void {
    this.db
      .transaction(() => {
        for (const [agencyId, s] of states)
          this.stmts.put.run(agencyId, JSON.stringify(scheduleStateToJson(s)));
        this.stmts.advance.run(name, position.toString());
      })
      .immediate();
  }

  close(): void {
    this.db.close();
  }
}
