import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DEVELOPMENT_JWT_SECRET, signDevelopmentToken, type TokenRole } from '#auth';
import { loadConfig, type Config } from '#config';
import type { EventStore } from '#event-store';
import { openEventStore } from '#event-store/open';
import { ScratchDatabase } from '#event-store/testing';
import type { StoredEvent } from '#events';
import { createCommandApp } from '../../src/app.factory.js';

process.env.ONEMIND_LOG_LEVEL = 'silent';

/**
 * The real HTTP server on an ephemeral port, over a real SQLite file in a temp folder; or, with
 * EVENT_STORE=postgres in the environment (`node scripts/test.mjs e2e-pg`), over a PostgreSQL
 * database of its own (created at the first start, kept across restarts, dropped by stop()), unless
 * the test names its DATABASE_URL itself. Tests read the log through `openLog()`/`logEvents()`,
 * whichever store it is in.
 */
export class TestApp {
  app!: NestFastifyApplication;
  baseUrl = '';
  readonly dataDir: string;
  config!: Config;
  private database: ScratchDatabase | null = null;

  /**
   * `sharesStoreWith`: a second instance on the first one's store (its data folder and, on
   * PostgreSQL, its database), as two command instances behind a load balancer. With
   * `ownFolder` (PostgreSQL only: on SQLite the log is a file in the folder) it shares only the
   * database and keeps a data folder of its own, as an instance on another machine would: its own
   * read models, evidence and outbox.
   */
  constructor(
    readonly env: Record<string, string> = {},
    private readonly sharesStoreWith?: TestApp,
    private readonly opts: { ownFolder?: boolean } = {},
  ) {
    if (opts.ownFolder && TestApp.store(env) !== 'postgres')
      throw new Error('ownFolder: only on PostgreSQL (on SQLite the log lives in the data folder)');
    this.dataDir = mkdtempSync(join(tmpdir(), 'onemind-e2e-'));
  }

  /** Which store the tests run on: EVENT_STORE of the test's env or of the run's. */
  static store(env: Record<string, string | undefined> = {}): string {
    return env.EVENT_STORE ?? process.env.EVENT_STORE ?? 'sqlite';
  }

  /** The variables this app runs with (a projector of this app is started with the same). */
  async resolvedEnv(): Promise<Record<string, string | undefined>> {
    const owner = this.sharesStoreWith ?? this;
    const own: Record<string, string> =
      this.sharesStoreWith && !this.opts.ownFolder ? { ONEMIND_DATA_DIR: owner.dataDir } : {};
    if (TestApp.store(this.env) === 'postgres' && !this.env.DATABASE_URL) {
      owner.database ??= await ScratchDatabase.create('e2e');
      own.DATABASE_URL = owner.database.url;
    }
    return {
      ...process.env,
      NODE_ENV: 'test',
      ONEMIND_DATA_DIR: this.dataDir,
      PORT: '0',
      ...own,
      ...this.env,
    };
  }

  /** The environment for a CLI process on this app's data (after start(): its database exists). */
  cliEnv(extra: Record<string, string> = {}): Record<string, string | undefined> {
    const database = (this.sharesStoreWith ?? this).database;
    const own = database ? { DATABASE_URL: database.url } : {};
    return { ...process.env, ONEMIND_DATA_DIR: this.dataDir, ...own, ...this.env, ...extra };
  }

  /** This app's configuration for a projector process of its own (PROJECTOR_PORT 0, and `extra`). */
  async projectorConfig(extra: Record<string, string> = {}): Promise<Config> {
    return loadConfig({ ...(await this.resolvedEnv()), PROJECTOR_PORT: '0', ...extra });
  }

  /** The app's event log, whichever store it is in (close it after use); also before start(), to seed it. */
  async openLog(): Promise<EventStore> {
    return openEventStore(this.config ?? loadConfig(await this.resolvedEnv()));
  }

  /** Every event of the log in position order (small logs: tests). */
  async logEvents(): Promise<StoredEvent[]> {
    const log = await this.openLog();
    try {
      const all: StoredEvent[] = [];
      for (
        let page = await log.readAll(0n, 1000);
        page.length;
        page = await log.readAll(all[all.length - 1].position, 1000)
      )
        all.push(...page);
      return all;
    } finally {
      await log.close();
    }
  }

  async start(): Promise<this> {
    this.config = loadConfig(await this.resolvedEnv());
    this.app = await createCommandApp(this.config);
    await this.app.listen(0, '127.0.0.1');
    const address = this.app.getHttpServer().address();
    this.baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    return this;
  }

  /** A restart: the process state goes, the data folder stays. */
  async restart(): Promise<void> {
    await this.app.close();
    await this.start();
  }

  async stop(): Promise<void> {
    await this.app?.close();
    rmSync(this.dataDir, { recursive: true, force: true });
    await this.database?.drop(); // only the owner of a shared store has it
    this.database = null;
  }

  token(role: TokenRole, sub: string, agencyId?: string, ttl = '10m'): Promise<string> {
    return signDevelopmentToken({ role, sub, agencyId, ttl, secret: DEVELOPMENT_JWT_SECRET });
  }

  async request(
    method: string,
    path: string,
    opts: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
  ) {
    const headers: Record<string, string> = { ...(opts.headers ?? {}) };
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    let body: string | Uint8Array | FormData | undefined;
    if (opts.body instanceof Uint8Array || opts.body instanceof FormData) {
      body = opts.body; // bytes or a multipart form, sent as they are
    } else if (opts.body !== undefined) {
      body = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
      headers['content-type'] ??= 'application/json';
    }
    const res = await fetch(`${this.baseUrl}${path}`, { method, headers, body });
    const text = await res.text();
    let json: any = undefined;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      /* not JSON: keep text */
    }
    return { status: res.status, headers: res.headers, json, text };
  }
}

/**
 * For the few tests of the SQLite files themselves (a full disk under the data folder, bytes edited
 * in the log file, rows rewritten as an older version wrote them): on an e2e-pg run they are
 * skipped, and the reason is printed.
 */
export function sqliteOnly<T extends typeof describe | typeof it>(block: T, why: string): T {
  if (TestApp.store() === 'sqlite') return block;
  console.warn(`skipped on EVENT_STORE=${TestApp.store()}: ${why}`);
  return block.skip as T;
}
