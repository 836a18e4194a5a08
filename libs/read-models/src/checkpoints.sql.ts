import type Database from 'better-sqlite3';
import { PROJECTION_NAMES } from './migrations.js';

export interface ProjectionProgress {
  projection: string;
  position: bigint;
  eventsTotal: bigint;
  state: 'running' | 'failed';
  failedAt?: bigint;
  error?: string;
}

/** All SQL on `checkpoints` and `projection_status`. */
export class CheckpointsSql {
  private readonly get;
  private readonly put;
  private readonly fail;
  private readonly clearFailure;
  private readonly all;
  private readonly failures;

  constructor(private readonly db: Database.Database) {
    this.get = db.prepare('SELECT position FROM checkpoints WHERE projection = ?').pluck().safeIntegers(true);
    this.put = db.prepare(
      `INSERT INTO checkpoints (projection, position, events_total, updated_at) VALUES (@projection, @position, @count, @at)
       ON CONFLICT (projection) DO UPDATE SET position = excluded.position,
         events_total = checkpoints.events_total + excluded.events_total, updated_at = excluded.updated_at`,
    );
    this.fail = db.prepare(
      `INSERT INTO projection_status (projection, state, position, error, at) VALUES (?, 'failed', ?, ?, ?)
       ON CONFLICT (projection) DO UPDATE SET state = 'failed', position = excluded.position, error = excluded.error, at = excluded.at`,
    );
    this.clearFailure = db.prepare('DELETE FROM projection_status WHERE projection = ?');
    this.all = db.prepare('SELECT projection, position, events_total FROM checkpoints').safeIntegers(true);
    this.failures = db
      .prepare("SELECT projection, position, error FROM projection_status WHERE state = 'failed'")
      .safeIntegers(true);
  }

  position(projection: string): bigint {
    return (this.get.get(projection) as bigint | undefined) ?? 0n;
  }

  /** Called inside the batch transaction: the checkpoint commits with the rows, never apart (G4). */
  advance(projection: string, position: bigint, count: number): void {
    this.put.run({ projection, position, count, at: new Date().toISOString() });
  }

  markFailed(projection: string, position: bigint, error: string): void {
    this.fail.run(projection, position, error.slice(0, 2000), new Date().toISOString());
  }

  /** A restarted projection retries the event that failed; its failure is recorded again if it still fails. */
  clearFailed(projection: string): void {
    this.clearFailure.run(projection);
  }

  progress(): ProjectionProgress[] {
    const rows = new Map(
      (this.all.all() as { projection: string; position: bigint; events_total: bigint }[]).map((r) => [
        r.projection,
        r,
      ]),
    );
    const failed = new Map(
      (this.failures.all() as { projection: string; position: bigint; error: string }[]).map((r) => [
        r.projection,
        r,
      ]),
    );
    return PROJECTION_NAMES.map((projection) => {
      const f = failed.get(projection);
      return {
        projection,
        position: rows.get(projection)?.position ?? 0n,
        eventsTotal: rows.get(projection)?.events_total ?? 0n,
        state: f ? 'failed' : 'running',
        ...(f ? { failedAt: f.position, error: f.error } : {}),
      };
    });
  }

  /** How far every read model has got: the lowest checkpoint (X-Position). */
  readModelsPosition(): bigint {
    const all = this.progress();
    return all.reduce((min, p) => (p.position < min ? p.position : min), all[0]?.position ?? 0n);
  }
}
