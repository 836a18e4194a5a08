import type Database from 'better-sqlite3';
import type pg from 'pg';
import { pgRead } from './pg-writer.js';

/** Thrown by a snapshot statement whose rows have not been fetched yet (never escapes readSnapshot). */
class NotFetched {
  constructor(
    readonly key: string,
    readonly sql: string,
    readonly args: object | unknown[],
  ) {}
}

/**
 * Runs a synchronous read-model reader (written against better-sqlite3: `db.prepare(sql).get/all`,
 * `.pluck()`, `db.transaction(fn)`) on PostgreSQL, unchanged, in one REPEATABLE READ READ ONLY
 * transaction: one snapshot, as the SQLite reader's own transaction gives. `work` runs against a
 * stand-in database that answers every statement from rows already fetched; the first statement
 * it has no rows for stops the run (an exception of its own, before anything after it runs), its
 * rows are fetched (the SQLite text translated by PgStatement), and `work` runs again from the
 * start. So every reader is written once, and its answer is the same on either store (the
 * seeded-log test compares them); the cost is one round trip per distinct statement, and `work`
 * must be a pure read (it may run several times; a read that throws stops before any effect).
 */
export async function readSnapshot<T>(pool: pg.Pool, work: (db: Database.Database) => T): Promise<T> {
  const fetched = new Map<string, Record<string, unknown>[]>();
  const client = await pool.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    for (;;) {
      try {
        return work(snapshotDb(fetched));
      } catch (error) {
        if (!(error instanceof NotFetched)) throw error;
        fetched.set(error.key, (await pgRead(error.sql).run(client, error.args)).rows);
      }
    }
  } finally {
    await client.query('COMMIT').catch(() => undefined);
    client.release();
  }
}

const keyOf = (sql: string, args: object | unknown[]) =>
  `${sql}\u0000${JSON.stringify(args, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v))}`;

function snapshotDb(fetched: Map<string, Record<string, unknown>[]>): Database.Database {
  const db = {
    prepare(sql: string) {
      let pluck = false;
      let safeIntegers = false;
      const rows = (args: unknown[]) => {
        // better-sqlite3: one object binds named parameters; anything else binds `?` in order.
        const bound =
          args.length === 1 && typeof args[0] === 'object' && args[0] !== null && !Array.isArray(args[0])
            ? (args[0] as object)
            : args.flat();
        const key = keyOf(sql, bound);
        const found = fetched.get(key);
        if (!found) throw new NotFetched(key, sql, bound);
        return found.map((row) => shape(row, pluck, safeIntegers));
      };
      const statement = {
        pluck(on = true) {
          pluck = on;
          return statement;
        },
        safeIntegers(on = true) {
          safeIntegers = on;
          return statement;
        },
        get: (...args: unknown[]) => rows(args)[0],
        all: (...args: unknown[]) => rows(args),
        run() {
          throw new Error('read-model snapshot: a reader must not write');
        },
      };
      return statement;
    },
    transaction<F extends (...a: never[]) => unknown>(fn: F) {
      return fn;
    },
    get inTransaction() {
      return true;
    },
  };
  return db as unknown as Database.Database;
}

/** As better-sqlite3 returns a row: integers as numbers (unless safeIntegers), `pluck` the first column. */
function shape(row: Record<string, unknown>, pluck: boolean, safeIntegers: boolean): unknown {
  const value = (v: unknown) => (typeof v === 'bigint' && !safeIntegers ? Number(v) : v);
  if (pluck) return value(Object.values(row)[0]);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) out[k] = value(v);
  return out;
}
