import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DEVELOPMENT_JWT_SECRET, signDevelopmentToken, type TokenRole } from '#auth';
import { loadConfig, type Config } from '#config';
import { createCommandApp } from '../../src/app.factory.js';

process.env.ONEMIND_LOG_LEVEL = 'silent';

/** The real HTTP server on an ephemeral port, over a real SQLite file in a temp folder. */
export class TestApp {
  app!: NestFastifyApplication;
  baseUrl = '';
  readonly dataDir: string;
  config!: Config;

  constructor(readonly env: Record<string, string> = {}) {
    this.dataDir = mkdtempSync(join(tmpdir(), 'onemind-e2e-'));
  }

  async start(): Promise<this> {
    this.config = loadConfig({
      ...process.env,
      NODE_ENV: 'test',
      ONEMIND_DATA_DIR: this.dataDir,
      PORT: '0',
      ...this.env,
    });
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
