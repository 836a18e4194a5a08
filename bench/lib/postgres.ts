import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * The PostgreSQL server of the PostgreSQL targets (P9, P11): BENCH_DATABASE_URL, else
 * DATABASE_URL, else the machine's cluster on 127.0.0.1:5432. Each target measures in scratch
 * databases of its own next to that URL's database (named after it), dropped when it ends.
 */
export const BENCH_DATABASE_URL =
  process.env.BENCH_DATABASE_URL || process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';

function redacted(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.toString();
}

/** null when PostgreSQL answers; else why not, for the target's "not measured" reason. */
export async function postgresUnavailable(): Promise<string | null> {
  const client = new pg.Client({ connectionString: BENCH_DATABASE_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return null;
  } catch (err) {
    return `no PostgreSQL answers at ${redacted(BENCH_DATABASE_URL)} (${(err as Error).message}); set BENCH_DATABASE_URL or DATABASE_URL`;
  } finally {
    await client.end().catch(() => undefined);
  }
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

async function admin<T>(url: string, work: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export interface ScratchDb {
  name: string;
  url: string;
  query<R extends pg.QueryResultRow>(sql: string, params?: unknown[]): Promise<R[]>;
  drop(): Promise<void>;
}

/** A new empty database `<base>_bench_<label>_<random>` on the server (`onemind_bench_…` next to `postgres`). */
export async function scratchDatabase(label: string): Promise<ScratchDb> {
  const base = new URL(BENCH_DATABASE_URL);
  const baseName = decodeURIComponent(base.pathname.slice(1)) || 'postgres';
  const prefix = baseName === 'postgres' ? 'onemind' : baseName;
  const name = `${prefix}_bench_${label}_${randomBytes(3).toString('hex')}`.slice(0, 63);
  await admin(BENCH_DATABASE_URL, (c) => c.query(`CREATE DATABASE ${quote(name)}`));
  base.pathname = `/${encodeURIComponent(name)}`;
  const url = base.toString();
  return {
    name,
    url,
    query: (sql, params = []) => admin(url, async (c) => (await c.query(sql, params)).rows),
    drop: () =>
      admin(BENCH_DATABASE_URL, (c) => c.query(`DROP DATABASE IF EXISTS ${quote(name)} WITH (FORCE)`)).then(
        () => undefined,
      ),
  };
}
