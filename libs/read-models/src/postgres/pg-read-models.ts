import type pg from 'pg';
import { checkDurability, openPool, quoteIdent } from '#event-store/postgres';
import { postgresReadModelDdl } from './ddl.js';

/** Anything that runs a query: a pool, or the client of an open transaction. */
export interface PgQueryable {
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(
    text: string | pg.QueryConfig,
    values?: unknown[],
  ): Promise<pg.QueryResult<R>>;
}

export interface PgReadModelsOptions {
  connectionString: string;
  /** The control schema (generation pointer, fence); generations are `<control>_g<n>`. */
  control?: string;
  poolSize?: number;
}

/** Advisory lock key (namespace, hashtext(control)): creating the control schema or a generation. */
const GENERATION_LOCK = 0x6f6d_0010;

/**
 * The runner's own tables in each generation, as on SQLite (migrations.ts's CHECKPOINTS_DDL_V1) and
 * derived with the read models' (ddl.ts); the control schema holds what outlives a generation.
 */
const controlDdl = (c: string) => `
  CREATE SCHEMA IF NOT EXISTS ${c};
  CREATE TABLE IF NOT EXISTS ${c}.generation (
    id integer PRIMARY KEY CHECK (id = 1), schema text NOT NULL, switched_at timestamptz NOT NULL DEFAULT now());
  CREATE TABLE IF NOT EXISTS ${c}.lease_fence (
    id integer PRIMARY KEY CHECK (id = 1), fence bigint NOT NULL, owner text NOT NULL, at timestamptz NOT NULL DEFAULT now());
  INSERT INTO ${c}.lease_fence (id, fence, owner) VALUES (1, 0, '') ON CONFLICT DO NOTHING;
  CREATE SEQUENCE IF NOT EXISTS ${c}.generations;`;

/**
 * The read models on PostgreSQL (READ_MODELS=postgres, docs/decisions/0010-read-models-on-postgresql.md).
 * Each generation is a schema of its own (`read_models_g1`, …) holding every read model's tables and
 * its checkpoints; `<control>.generation` names the live one. A rebuild builds the next schema while
 * the live one serves, then switches the pointer in one transaction; readers and the projector
 * notice the new pointer and move to it (as they follow the pointer file on SQLite).
 * `<control>.lease_fence` is the projector's fence: every batch transaction checks and records its
 * token there (fence.ts), whichever generation it writes to.
 */
export class PgReadModels {
  readonly control: string;
  private readonly admin: pg.Pool;
  private readonly pools = new Map<string, pg.Pool>();

  private constructor(private readonly options: PgReadModelsOptions) {
    this.control = options.control ?? 'read_models';
    this.admin = openPool({ connectionString: options.connectionString, poolSize: 2 });
  }

  /** Creates the control schema and the first generation when missing. */
  static async open(options: PgReadModelsOptions): Promise<PgReadModels> {
    const rm = new PgReadModels(options);
    try {
      const client = await rm.admin.connect();
      try {
        await checkDurability(client);
        await rm.locked(client, async () => {
          await client.query(controlDdl(rm.q));
          const { rows } = await client.query(`SELECT schema FROM ${rm.q}.generation`);
          if (rows.length === 0) {
            const schema = await rm.createSchema(client);
            await client.query(`INSERT INTO ${rm.q}.generation (id, schema) VALUES (1, $1)`, [schema]);
          }
        });
      } finally {
        client.release();
      }
      return rm;
    } catch (err) {
      await rm.close();
      throw err;
    }
  }

  /** The quoted control schema. */
  get q(): string {
    return quoteIdent(this.control);
  }

  /** `<control>.lease_fence`, quoted. */
  get fenceTable(): string {
    return `${this.q}.lease_fence`;
  }

  /** The live generation's schema. */
  async current(): Promise<string> {
    const { rows } = await this.admin.query<{ schema: string }>(`SELECT schema FROM ${this.q}.generation`);
    if (!rows[0]) throw new Error(`no read-model generation in ${this.control}.generation`);
    return rows[0].schema;
  }

  /** A pool whose sessions work in `schema` (search_path), kept until close(). */
  pool(schema: string): pg.Pool {
    let pool = this.pools.get(schema);
    if (!pool) {
      pool = openPool({
        connectionString: this.options.connectionString,
        schema,
        poolSize: this.options.poolSize,
      });
      this.pools.set(schema, pool);
    }
    return pool;
  }

  /** Ends the pool of a generation nobody uses any more (after a switch). */
  async release(schema: string): Promise<void> {
    const pool = this.pools.get(schema);
    this.pools.delete(schema);
    await pool?.end();
  }

  /** A new, empty generation (tables and checkpoints), not live yet: what a rebuild builds into. */
  async createGeneration(): Promise<string> {
    const client = await this.admin.connect();
    try {
      return await this.locked(client, () => this.createSchema(client));
    } finally {
      client.release();
    }
  }

  /** Makes `schema` the live generation (one row, one transaction). */
  async switchTo(schema: string): Promise<void> {
    await this.admin.query(`UPDATE ${this.q}.generation SET schema = $1, switched_at = now() WHERE id = 1`, [
      schema,
    ]);
  }

  /** Every generation schema there is (live or not), oldest first. */
  async generations(): Promise<string[]> {
    const { rows } = await this.admin.query<{ name: string }>(
      `SELECT nspname AS name FROM pg_namespace WHERE nspname LIKE $1 ORDER BY length(nspname), nspname`,
      [`${this.control.replace(/[\\%_]/g, '\\$&')}\\_g%`],
    );
    return rows.map((r) => r.name);
  }

  async dropGeneration(schema: string): Promise<void> {
    if (schema === (await this.current())) throw new Error(`${schema} is the live read-model generation`);
    await this.release(schema);
    await this.admin.query(`DROP SCHEMA IF EXISTS ${quoteIdent(schema)} CASCADE`);
  }

  /** The fence stored in the control schema (0 if none yet): the floor of the next lease token. */
  async storedFence(): Promise<bigint> {
    const { rows } = await this.admin.query<{ fence: bigint }>(
      `SELECT fence FROM ${this.fenceTable} WHERE id = 1`,
    );
    return rows[0]?.fence ?? 0n;
  }

  async close(): Promise<void> {
    const pools = [...this.pools.values(), this.admin];
    this.pools.clear();
    await Promise.all(pools.map((p) => p.end().catch(() => undefined)));
  }

  private async createSchema(client: pg.ClientBase): Promise<string> {
    const { rows } = await client.query<{ n: bigint }>(`SELECT nextval('${this.q}.generations') AS n`);
    const schema = `${this.control}_g${rows[0].n}`;
    await client.query(`CREATE SCHEMA ${quoteIdent(schema)}`);
    await client.query(`SET LOCAL search_path TO ${quoteIdent(schema)}`);
    await client.query(postgresReadModelDdl());
    await client.query('RESET search_path');
    return schema;
  }

  /** One transaction under the generation lock: two processes starting at once create one schema. */
  private async locked<T>(client: pg.ClientBase, work: () => Promise<T>): Promise<T> {
    await client.query('BEGIN');
    try {
      await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [GENERATION_LOCK, this.control]);
      const result = await work();
      await client.query('COMMIT');
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    }
  }
}
