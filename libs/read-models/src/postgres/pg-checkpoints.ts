import { PG_PROJECTIONS } from '../runner/projections.js';
import type { ProjectionProgress } from '../checkpoints.sql.js';
import type { PgQueryable } from './pg-read-models.js';
import { PgStatement } from './statement.js';

const GET = new PgStatement('SELECT position FROM checkpoints WHERE projection = @projection');
const PUT = new PgStatement(
  `INSERT INTO checkpoints (projection, position, events_total, updated_at) VALUES (@projection, @position, @count, @at)
   ON CONFLICT (projection) DO UPDATE SET position = excluded.position,
     events_total = checkpoints.events_total + excluded.events_total, updated_at = excluded.updated_at`,
);
const FAIL = new PgStatement(
  `INSERT INTO projection_status (projection, state, position, error, at) VALUES (@projection, 'failed', @position, @error, @at)
   ON CONFLICT (projection) DO UPDATE SET state = 'failed', position = excluded.position, error = excluded.error, at = excluded.at`,
);
const CLEAR = new PgStatement('DELETE FROM projection_status WHERE projection = @projection');
const ALL = new PgStatement('SELECT projection, position, events_total FROM checkpoints');
const FAILURES = new PgStatement(
  "SELECT projection, position, error FROM projection_status WHERE state = 'failed'",
);

/**
 * CheckpointsSql on PostgreSQL: the same tables, in the generation's schema (the pool's search_path).
 * Progress covers the read models projected there (PG_PROJECTIONS).
 */
export const pgCheckpoints = {
  async position(q: PgQueryable, projection: string): Promise<bigint> {
    const { rows } = await GET.run<{ position: bigint }>(q, { projection });
    return rows[0]?.position ?? 0n;
  },

  /** Inside the batch transaction: the checkpoint commits with the rows, never apart (G4). */
  async advance(q: PgQueryable, projection: string, position: bigint, count: number): Promise<void> {
    await PUT.run(q, { projection, position, count, at: new Date().toISOString() });
  },

  async markFailed(q: PgQueryable, projection: string, position: bigint, error: string): Promise<void> {
    await FAIL.run(q, { projection, position, error: error.slice(0, 2000), at: new Date().toISOString() });
  },

  async clearFailed(q: PgQueryable, projection: string): Promise<void> {
    await CLEAR.run(q, { projection });
  },

  async progress(q: PgQueryable): Promise<ProjectionProgress[]> {
    type Row = { projection: string; position: bigint; events_total: bigint };
    const rows = new Map((await ALL.run<Row>(q, {})).rows.map((r) => [r.projection, r]));
    type Failed = { projection: string; position: bigint; error: string };
    const failed = new Map((await FAILURES.run<Failed>(q, {})).rows.map((r) => [r.projection, r]));
    return PG_PROJECTIONS.map(({ name: projection }) => {
      const f = failed.get(projection);
      return {
        projection,
        position: rows.get(projection)?.position ?? 0n,
        eventsTotal: rows.get(projection)?.events_total ?? 0n,
        state: f ? 'failed' : 'running',
        ...(f ? { failedAt: f.position, error: f.error } : {}),
      };
    });
  },

  /** How far every read model has got: the lowest checkpoint (X-Position). */
  async readModelsPosition(q: PgQueryable): Promise<bigint> {
    const all = await this.progress(q);
    return all.reduce((min, p) => (p.position < min ? p.position : min), all[0]?.position ?? 0n);
  },
};
