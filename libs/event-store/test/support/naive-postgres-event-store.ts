/**
 * TEST ONLY — the naive PostgreSQL log the G11 test must be able to catch: positions come from a
 * plain sequence at insert time and no lock orders the commits, so position N+1 can commit (and be
 * read) while N is still in flight, and a reader polling `position > last` skips N for good
 * (Marten's "skipped events"). Never use it outside the interleaving test.
 */
import type pg from 'pg';
import { PostgresEventStore } from '../../src/postgres/postgres-event-store.js';

export const NAIVE_SEQUENCE = 'naive_positions';

export class NaivePostgresEventStore extends PostgresEventStore {
  protected override beginStatements(): string {
    return 'BEGIN';
  }

  protected override async positionsFor(client: pg.ClientBase, count: number): Promise<bigint[]> {
    const { rows } = await client.query<{ p: bigint }>(
      `SELECT nextval('${NAIVE_SEQUENCE}') AS p FROM generate_series(1, $1)`,
      [count],
    );
    return rows.map((r) => r.p);
  }
}
