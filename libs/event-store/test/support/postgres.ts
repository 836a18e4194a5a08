/**
 * PostgreSQL for the tests: the server in DATABASE_URL (CI: a scratch database .ci/run creates per
 * run), else the machine's own cluster on 127.0.0.1:5432. Each test file works in a database of its
 * own, named after DATABASE_URL's database, created in beforeAll and dropped in afterAll.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { quoteIdent } from '../../src/postgres/schema.js';

export const TEST_DATABASE_URL = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const inCi = process.env.CI === 'true' || process.env.CI === '1';

/**
 * True when PostgreSQL answers. Outside CI a machine without it skips the PostgreSQL suites and
 * says so; in CI that is a failure, never a silent skip.
 */
export async function postgresAnswers(suite: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch (err) {
    const why = `${suite}: no PostgreSQL answers at ${redacted(TEST_DATABASE_URL)} (${(err as Error).message})`;
    if (inCi)
      throw new Error(
        `${why}. In CI the PostgreSQL suites must run: .ci/run starts the cluster and exports DATABASE_URL.`,
        { cause: err },
      );
    console.warn(`${why}: SKIPPED. Start PostgreSQL or set DATABASE_URL=postgres://… to run it.`);
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

function redacted(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.toString();
}

export class ScratchDatabase {
  private constructor(
    readonly name: string,
    readonly url: string,
  ) {}

  static async create(label: string): Promise<ScratchDatabase> {
    const base = new URL(TEST_DATABASE_URL);
    const baseName = decodeURIComponent(base.pathname.slice(1)) || 'postgres';
    const prefix = baseName === 'postgres' ? 'onemind_test' : baseName;
    const name = `${prefix}_${label}_${randomBytes(4).toString('hex')}`.slice(0, 63);
    await admin(TEST_DATABASE_URL, (c) => c.query(`CREATE DATABASE ${quoteIdent(name)}`));
    base.pathname = `/${encodeURIComponent(name)}`;
    return new ScratchDatabase(name, base.toString());
  }

  query(text: string, params: unknown[] = []): Promise<pg.QueryResult> {
    return admin(this.url, (c) => c.query(text, params));
  }

  dropSchema(schema: string): Promise<unknown> {
    return this.query(`DROP SCHEMA IF EXISTS ${quoteIdent(schema)} CASCADE`);
  }

  async drop(): Promise<void> {
    await admin(TEST_DATABASE_URL, (c) =>
      c.query(`DROP DATABASE IF EXISTS ${quoteIdent(this.name)} WITH (FORCE)`),
    );
  }
}

async function admin<T>(url: string, work: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
export { PrivatePostgres, freePort } from './private-postgres.js';
