import pg from 'pg';
import { UnsafeStoreSettingsError } from '../event-store.js';
import { quoteIdent } from './schema.js';

export interface PostgresOptions {
  connectionString: string;
  /** The schema holding the log's tables (tests use one per case); `public` by default. */
  schema?: string;
  /** Connections in this process's pool (one of them writes; the rest serve reads). */
  poolSize?: number;
  /**
   * A session idle inside a transaction (a paused or wedged process) would hold the log's append
   * lock and stop every writer; PostgreSQL ends such a session after this long. Nothing slow
   * happens between an append's statements: large appends are hashed before the transaction.
   */
  idleInTransactionTimeoutMs?: number;
}

/** int8 as bigint (positions, revisions), never a lossy number or a string; only in this pool. */
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === 20 && format !== 'binary') return (v: string) => BigInt(v);
    return pg.types.getTypeParser(oid, format as 'text');
  },
} as pg.CustomTypesConfig;

export function openPool(options: PostgresOptions): pg.Pool {
  const schema = options.schema ?? 'public';
  const settings = {
    search_path: quoteIdent(schema),
    idle_in_transaction_session_timeout: String(options.idleInTransactionTimeoutMs ?? 10_000),
    // Set, not assumed: a server or role default of `off` would acknowledge appends a crash loses (G1).
    synchronous_commit: 'on',
  };
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.poolSize ?? 4,
    types,
    options: Object.entries(settings)
      .map(([k, v]) => `-c ${k}=${v.replace(/([\\ ])/g, '\\$1')}`)
      .join(' '),
    application_name: 'onemind',
    // A server that accepts no connection (a network cut rather than a refusal) fails the request
    // as store-unavailable after this long instead of holding it until the client gives up.
    connectionTimeoutMillis: 5_000,
  });
  // An idle client that loses its connection (server restart) emits here; without a listener the
  // process would crash. The pool drops that client; the next query connects afresh (or fails as
  // store-unavailable while the server is down), so the app reconnects by itself.
  pool.on('error', () => undefined);
  // A client checked out (mid-transaction, between two statements) is not listened to by the pool:
  // its connection's end would be an unhandled 'error' event. Its next query fails instead, which
  // the store reports as store-unavailable.
  pool.on('connect', (client) => client.on('error', () => undefined));
  return pool;
}

/** G1/G10 on PostgreSQL: refuse a server that acknowledges commits it may lose. */
export async function checkDurability(client: pg.ClientBase): Promise<void> {
  const { rows } = await client.query<{ fsync: string; sync: string; idle: string }>(
    `SELECT current_setting('fsync') AS fsync, current_setting('synchronous_commit') AS sync,
            current_setting('idle_in_transaction_session_timeout') AS idle`,
  );
  const { fsync, sync, idle } = rows[0];
  if (fsync !== 'on')
    throw new UnsafeStoreSettingsError(
      `PostgreSQL runs with fsync=${fsync}; the engine refuses to run on it (acknowledged writes must be durable)`,
    );
  if (sync === 'off')
    throw new UnsafeStoreSettingsError(
      'PostgreSQL synchronous_commit is off; the engine refuses to run on it',
    );
  if (idle === '0')
    throw new UnsafeStoreSettingsError(
      'idle_in_transaction_session_timeout did not take effect on the connection',
    );
}
