import type Database from 'better-sqlite3';
import type pg from 'pg';
import { PROJECTION_TABLES } from '#read-models';

export interface TableRows {
  table: string;
  rows: Record<string, string | null>[];
}

// Compared as text: int8 comes back as bigint from PostgreSQL and as a number from SQLite.
const text = (rows: Record<string, unknown>[]) =>
  rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v === null ? null : String(v)])));

/**
 * Every read-model table and the checkpoints, from PostgreSQL and from SQLite, each in the same
 * order (all columns), so a test can compare them table by table.
 */
export async function readModelTables(
  pool: pg.Pool,
  sqlite: Database.Database,
): Promise<{ pg: TableRows; sqlite: TableRows }[]> {
  const out: { pg: TableRows; sqlite: TableRows }[] = [];
  for (const table of [...Object.values(PROJECTION_TABLES).flat(), 'checkpoints']) {
    const columns = table === 'checkpoints' ? 'projection, position, events_total' : '*';
    const order =
      table === 'checkpoints'
        ? 'projection'
        : sqlite
            .prepare(`SELECT * FROM ${table}`)
            .columns()
            .map((_, i) => i + 1)
            .join(', ');
    const fromSqlite = text(
      sqlite.prepare(`SELECT ${columns} FROM ${table} ORDER BY ${order}`).all() as never,
    );
    const fromPg = text((await pool.query(`SELECT ${columns} FROM ${table} ORDER BY ${order}`)).rows);
    out.push({ pg: { table, rows: fromPg }, sqlite: { table, rows: fromSqlite } });
  }
  return out;
}
