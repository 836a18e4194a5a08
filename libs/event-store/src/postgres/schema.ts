import type pg from 'pg';

/**
 * The log's schema on PostgreSQL, the same shape as SQLite's (sqlite/schema.ts). Text columns that
 * are compared or ordered use the "C" collation: `recorded_at <= asOf` and `ORDER BY stream_id`
 * must compare bytes as SQLite does, not by a locale that ignores punctuation.
 * `position` has no default: it is assigned under the log's append lock (append-lock.ts).
 */
const MIGRATIONS: string[] = [
  `CREATE TABLE events (
     position       bigint  PRIMARY KEY,
     stream_id      text    COLLATE "C" NOT NULL,
     revision       bigint  NOT NULL,
     id             text    NOT NULL UNIQUE,
     type           text    NOT NULL,
     schema_version integer NOT NULL,
     data           text    NOT NULL,
     metadata       text    NOT NULL,
     recorded_at    text    COLLATE "C" NOT NULL,
     prev_hash      text    NOT NULL,
     hash           text    NOT NULL,
     UNIQUE (stream_id, revision)
   );
   CREATE TABLE streams (
     stream_id text   COLLATE "C" PRIMARY KEY,
     revision  bigint NOT NULL,
     hash      text   NOT NULL
   );
   CREATE TABLE idempotency (
     key         text        PRIMARY KEY,
     fingerprint text        NOT NULL,
     result      text        NOT NULL,
     created_at  timestamptz NOT NULL DEFAULT now()
   );`,
  // Unique claims (AppendOptions.claims), written in the same transaction as the events that take
  // them; a database left at version 1 gets the table (and the back-fill at open) on next start.
  `CREATE TABLE claims (
     claim      text        COLLATE "C" PRIMARY KEY,
     stream_id  text        COLLATE "C" NOT NULL,
     created_at timestamptz NOT NULL DEFAULT now()
   );
   CREATE INDEX claims_stream ON claims (stream_id);`,
];

/** Two-int advisory lock keys: (namespace, schema) so two schemas in one database never contend. */
export const MIGRATE_LOCK = 0x6f6d_0001;
export const APPEND_LOCK = 0x6f6d_0002;

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * Creates the schema and applies missing migrations, idempotently. Two processes starting on an
 * empty database at once both see the tables missing; the transaction-level advisory lock makes
 * the second wait and then find every version applied (CREATE ... IF NOT EXISTS alone still races
 * on the catalog's unique indexes).
 */
export async function migrate(client: pg.ClientBase, schema: string): Promise<void> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [MIGRATE_LOCK, schema]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`);
    await client.query(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
    );
    const applied = new Set(
      (await client.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map(
        (r) => r.version,
      ),
    );
    for (const [index, sql] of MIGRATIONS.entries()) {
      if (applied.has(index + 1)) continue;
      await client.query(sql);
      await client.query('INSERT INTO schema_migrations (version) VALUES ($1)', [index + 1]);
    }
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
}
