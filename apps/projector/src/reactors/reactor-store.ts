import Database from 'better-sqlite3';
import type { ScheduleState } from '#jobs';

/**
 * The reactors' own small SQLite file (`<dataDir>/reactors.sqlite`), apart from the read models: a
 * read-model rebuild swaps the read-model file and restarts its checkpoints, and must never re-fire
 * timers (ARCHITECTURE.md). Holds each reactor's checkpoint and the folded schedule state per agency,
 * written in one transaction so the state is never ahead of or behind the checkpoint.
 */
export class ReactorStore {
  private readonly db: Database.Database;
  private readonly stmts;

  constructor(file: string) {
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(`CREATE TABLE IF NOT EXISTS reactor_checkpoints (name TEXT PRIMARY KEY, position TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS reactor_schedule (agency_id TEXT PRIMARY KEY, state TEXT NOT NULL);`);
    this.stmts = {
      position: this.db.prepare('SELECT position FROM reactor_checkpoints WHERE name = ?'),
      advance: this.db.prepare('INSERT INTO reactor_checkpoints (name, position) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET position = excluded.position'),
      state: this.db.prepare('SELECT state FROM reactor_schedule WHERE agency_id = ?'),
      put: this.db.prepare('INSERT INTO reactor_schedule (agency_id, state) VALUES (?, ?) ON CONFLICT (agency_id) DO UPDATE SET state = excluded.state'),
    };
  }

  position(name: string): bigint {
    const row = this.stmts.position.get(name) as { position: string } | undefined;
    return row ? BigInt(row.position) : 0n;
  }

  state(agencyId: string): ScheduleState | undefined {
    const row = this.stmts.state.get(agencyId) as { state: string } | undefined;
    return row ? (JSON.parse(row.state) as ScheduleState) : undefined;
  }

  commit(name: string, position: bigint, states: Map<string, ScheduleState>): void {
    this.db.transaction(() => {
      for (const [agencyId, s] of states) this.stmts.put.run(agencyId, JSON.stringify(s));
      this.stmts.advance.run(name, position.toString());
    }).immediate();
  }

  close(): void {
    this.db.close();
  }
}
