import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type Database from 'better-sqlite3';
import type pg from 'pg';
import { readModelFile, type Config } from '#config';
import { StoreUnavailableError, isStoreUnavailable } from '#event-store';
import {
  CheckpointsSql,
  PgReadModels,
  currentReadModelFile,
  generationToken,
  isConnectionError,
  openReadModels,
  pgCheckpoints,
  readSnapshot,
  type ProjectionProgress,
} from '#read-models';
import { CONFIG } from '../infra/tokens.js';

/** How often a read looks at the generation pointer (a rebuild's swap is seen within this). */
const GENERATION_CHECK_MS = 200;

/**
 * The command app's connection to the read models the projector writes. It follows the generation
 * pointer: after `onemind rebuild` swaps in a new generation, the next read moves to it.
 *
 * SQLite (READ_MODELS=sqlite, the default): one file, read synchronously through `db()`; reads use
 * SQLite's WAL snapshots, so they never block the projector nor see half a batch.
 * PostgreSQL (READ_MODELS=postgres, ADR 0010): `pg()` gives a pool working in the live
 * generation's schema, and `read(work)` runs a synchronous reader there in one snapshot; every
 * statement sees whole batches only (a batch is one transaction), and any number of command
 * instances read the same rows. `db()` is SQLite's alone and fails loudly on PostgreSQL.
 * A database that does not answer at start does not stop the app (as the log on PostgreSQL): the
 * read models are opened by the first read that finds it back, and until then every read is 503
 * `store-unavailable` and readiness names the read models' database.
 */
@Injectable()
export class ReadModels implements OnModuleInit, OnApplicationShutdown {
  private static current: ReadModels | null = null;
  private readonly base: string;
  private connection: Database.Database | null = null;
  private checkpoints: CheckpointsSql | null = null;
  private token: string;
  private checkedAt = 0;
  private postgres: { rm: PgReadModels; schema: string } | null = null;
  /** The open in progress (PostgreSQL); cleared when it fails, so the next read tries again. */
  private opening: Promise<{ rm: PgReadModels; schema: string }> | null = null;
  private readonly logger = new Logger('ReadModels');

  constructor(@Inject(CONFIG) private readonly config: Config) {
    this.base = readModelFile(config);
    this.token = generationToken(this.base);
    if (config.readModels === 'sqlite') {
      this.connection = openReadModels(currentReadModelFile(this.base));
      this.checkpoints = new CheckpointsSql(this.connection);
    }
    ReadModels.current = this;
  }

  /**
   * Opens the read models when the database answers; any other refusal (fsync off: G10) still stops
   * the start. A database away is logged and left to the next read.
   */
  async onModuleInit(): Promise<void> {
    if (this.config.readModels !== 'postgres') return;
    await this.openPg().catch((error: unknown) => {
      if (!isStoreUnavailable(error)) throw error;
      this.logger.warn(`${error.message}: queries answer 503 until it does, opened on the first read then`);
    });
  }

  private openPg(): Promise<{ rm: PgReadModels; schema: string }> {
    if (this.postgres) return Promise.resolve(this.postgres);
    this.opening ??= this.onPg(async () => {
      const rm = await PgReadModels.open({ connectionString: this.config.databaseUrl! });
      try {
        this.postgres = { rm, schema: await rm.current() };
      } catch (error) {
        await rm.close();
        throw error;
      }
      this.checkedAt = Date.now();
      this.logger.log(`read models open on PostgreSQL (generation ${this.postgres.schema})`);
      return this.postgres;
    }).finally(() => (this.opening = null));
    return this.opening;
  }

  /** A database that does not answer is 503 `store-unavailable` (G11), as for the log, never a bare 500. */
  private async onPg<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (isStoreUnavailable(error) || !isConnectionError(error)) throw error;
      throw new StoreUnavailableError(error, "the read models' database");
    }
  }

  /** READ_MODELS=postgres: `work` on the live generation's pool; a database away is `store-unavailable`. */
  pgRead<T>(work: (pool: pg.Pool) => Promise<T>): Promise<T> {
    return this.onPg(async () => work(await this.pg()));
  }

  /** The instance of the running app, for the health check and /metrics that are not DI-wired. */
  static instance(): ReadModels | null {
    return ReadModels.current;
  }

  get onPostgres(): boolean {
    return this.config.readModels === 'postgres';
  }

  db(): Database.Database {
    if (!this.connection)
      throw new Error('READ_MODELS=postgres: this query has no PostgreSQL form yet (ReadModels.pg())');
    const now = Date.now();
    if (now - this.checkedAt >= GENERATION_CHECK_MS) {
      this.checkedAt = now;
      const token = generationToken(this.base);
      if (token !== this.token) {
        const next = openReadModels(currentReadModelFile(this.base));
        this.connection.close();
        this.connection = next;
        this.checkpoints = new CheckpointsSql(next);
        this.token = token;
      }
    }
    return this.connection;
  }

  /** READ_MODELS=postgres: a pool on the live generation (re-read at most every 200 ms). */
  async pg(): Promise<pg.Pool> {
    if (!this.onPostgres) throw new Error('READ_MODELS=sqlite: the read models are not on PostgreSQL');
    const p = this.postgres ?? (await this.openPg());
    const now = Date.now();
    if (now - this.checkedAt >= GENERATION_CHECK_MS) {
      this.checkedAt = now;
      const schema = await p.rm.current();
      if (schema !== p.schema) {
        const old = p.schema;
        p.schema = schema;
        // Reads in flight on the old generation finish first (end() waits for checked-out clients).
        void p.rm.release(old).catch(() => undefined);
      }
    }
    return p.rm.pool(p.schema);
  }

  /**
   * Runs a synchronous reader (libs/read-models, written against better-sqlite3) on the live read
   * models: directly on SQLite; on PostgreSQL in one REPEATABLE READ snapshot (readSnapshot).
   */
  async read<T>(work: (db: Database.Database) => T): Promise<T> {
    if (this.onPostgres) return this.pgRead((pool) => readSnapshot(pool, work));
    return work(this.db());
  }

  /** X-Position: the lowest checkpoint over every projection (all read models are at least this far). */
  async position(): Promise<bigint> {
    if (this.onPostgres) return this.pgRead((pool) => pgCheckpoints.readModelsPosition(pool));
    this.db();
    return this.checkpoints!.readModelsPosition();
  }

  /** Readiness: the read models answer (on PostgreSQL, their database: it may be away on its own). */
  async probe(): Promise<string> {
    if (!this.onPostgres) {
      this.db();
      return 'SQLite';
    }
    return this.pgRead(async (pool) => {
      await pool.query('SELECT 1');
      return `PostgreSQL, generation ${this.postgres!.schema}`;
    });
  }

  async progress(): Promise<ProjectionProgress[]> {
    if (this.onPostgres) return this.pgRead((pool) => pgCheckpoints.progress(pool));
    this.db();
    return this.checkpoints!.progress();
  }

  async onApplicationShutdown() {
    if (ReadModels.current === this) ReadModels.current = null;
    this.connection?.close();
    await this.opening?.catch(() => undefined);
    await this.postgres?.rm.close();
  }
}
