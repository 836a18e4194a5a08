import Database from 'better-sqlite3';
import { migrateReadModels } from '../migrations.js';
import { CERTIFICATES_PG_DDL } from '../certificates/certificates.tables.js';

/** Integer columns that hold log positions or counts of events: int8, read as bigint. */
const BIGINT_COLUMNS = new Set(['position', 'revision', 'events_total']);

/**
 * The read models' tables on PostgreSQL, derived from the SQLite schema those migrations leave
 * (columns, primary keys, indexes), so the two can never drift: a new SQLite migration changes the
 * PostgreSQL generation built next. Text columns use the "C" collation, so `ORDER BY` compares bytes
 * as SQLite does. What SQLite expresses in a trigger each read model gives in its own PostgreSQL
 * form (`*_PG_DDL` in its *.tables.ts).
 */
export function postgresReadModelDdl(): string {
  return withSqliteSchema((db) => {
    const tables = tableNames(db);
    return [...tables.map((t) => tableDdl(db, t)), CERTIFICATES_PG_DDL].join('\n');
  });
}

/** Each read-model table's primary key and its columns' PostgreSQL types (for PgStatement's translation). */
export interface TableShape {
  primaryKey: string[];
  types: Map<string, string>;
}
let shapes: Map<string, TableShape> | null = null;
export function readModelTables(): Map<string, TableShape> {
  shapes ??= withSqliteSchema(
    (db) =>
      new Map(
        tableNames(db).map((t) => {
          const columns = db.prepare(`PRAGMA table_info(${t})`).all() as Column[];
          return [
            t,
            {
              primaryKey: columns
                .filter((c) => c.pk > 0)
                .sort((a, b) => a.pk - b.pk)
                .map((c) => c.name),
              types: new Map(columns.map((c) => [c.name, pgType(c).replace(/ COLLATE .*/, '')])),
            },
          ];
        }),
      ),
  );
  return shapes;
}

function withSqliteSchema<T>(work: (db: Database.Database) => T): T {
  const db = new Database(':memory:');
  try {
    migrateReadModels(db);
    return work(db);
  } finally {
    db.close();
  }
}

const tableNames = (db: Database.Database): string[] =>
  db
    .prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'schema_migrations' ORDER BY name",
    )
    .pluck()
    .all() as string[];

interface Column {
  name: string;
  type: string;
  notnull: number;
  pk: number;
}

function tableDdl(db: Database.Database, table: string): string {
  const columns = db.prepare(`PRAGMA table_info(${table})`).all() as Column[];
  const pk = columns.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk);
  const defs = columns.map((c) => `${c.name} ${pgType(c)}${c.notnull || c.pk ? ' NOT NULL' : ''}`);
  if (pk.length) defs.push(`PRIMARY KEY (${pk.map((c) => c.name).join(', ')})`);
  const indexes = (
    db.prepare(`PRAGMA index_list(${table})`).all() as { name: string; unique: number; origin: string }[]
  )
    .filter((i) => i.origin === 'c')
    .map((i) => {
      const cols = (db.prepare(`PRAGMA index_info(${i.name})`).all() as { name: string }[]).map(
        (c) => c.name,
      );
      return `CREATE ${i.unique ? 'UNIQUE ' : ''}INDEX ${i.name} ON ${table} (${cols.join(', ')});`;
    });
  return [`CREATE TABLE ${table} (${defs.join(', ')});`, ...indexes].join('\n');
}

function pgType(c: Column): string {
  const type = c.type.toUpperCase();
  if (type === 'INTEGER') return BIGINT_COLUMNS.has(c.name) ? 'bigint' : 'integer';
  if (type === 'REAL') return 'double precision';
  if (type === 'TEXT') return 'text COLLATE "C"';
  throw new Error(`read-model column ${c.name}: no PostgreSQL type for SQLite ${c.type}`);
}
