import type Database from 'better-sqlite3';

/**
 * The log's schema. `position` is assigned inside the write transaction; SQLite has one writer at a
 * time, so a reader can never see position N+1 before N (gap-safe global order).
 */
const MIGRATIONS: string[] = [
  `CREATE TABLE events (
     position       INTEGER PRIMARY KEY,
     stream_id      TEXT    NOT NULL,
     revision       INTEGER NOT NULL,
     id             TEXT    NOT NULL UNIQUE,
     type           TEXT    NOT NULL,
     schema_version INTEGER NOT NULL,
     data           TEXT    NOT NULL,
     metadata       TEXT    NOT NULL,
     recorded_at    TEXT    NOT NULL,
     prev_hash      TEXT    NOT NULL,
     hash           TEXT    NOT NULL,
     UNIQUE (stream_id, revision)
   );
   CREATE TABLE streams (
     stream_id TEXT PRIMARY KEY,
     revision  INTEGER NOT NULL,
     hash      TEXT    NOT NULL
   ) WITHOUT ROWID;
   CREATE TABLE idempotency (
     key         TEXT PRIMARY KEY,
     fingerprint TEXT NOT NULL,
     result      TEXT NOT NULL,
     created_at  TEXT NOT NULL
   ) WITHOUT ROWID;`,
  // Unique claims (AppendOptions.claims), written in the same transaction as the events that take them.
  `CREATE TABLE claims (
     claim      TEXT PRIMARY KEY,
     stream_id  TEXT NOT NULL,
     created_at TEXT NOT NULL
   ) WITHOUT ROWID;
   CREATE INDEX claims_stream ON claims (stream_id);`,
];

export function migrate(db: Database.Database): void {
  runMigrations(db, MIGRATIONS);
}

/**
 * The one SQLite migration runner (the log, and the read models through libs/read-models):
 * `migrations[i]` is version i + 1, recorded in `schema_migrations` once it has run.
 */
export function runMigrations(db: Database.Database, migrations: readonly string[]): void {
  db.exec(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)',
  );
  const applied = new Set(db.prepare('SELECT version FROM schema_migrations').pluck().all() as number[]);
  migrations.forEach((sql, index) => {
    const version = index + 1;
    if (applied.has(version)) return;
    db.transaction(() => {
      // Re-check under the write lock: several processes opening a fresh file at once all saw
      // the version as missing, and all but the first failed with "table events already exists".
      if (db.prepare('SELECT 1 FROM schema_migrations WHERE version = ?').get(version)) return;
      db.exec(sql);
      db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)').run(
        version,
        new Date().toISOString(),
      );
    }).immediate();
  });
}
