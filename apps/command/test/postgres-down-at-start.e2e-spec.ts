import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import pg from 'pg';
import { DEVELOPMENT_JWT_SECRET, signDevelopmentToken } from '#auth';
import { PrivatePostgres, freePort } from '#event-store/testing';
import {
  killAll,
  ready,
  spawnProjector,
  type Child,
} from '../../projector/test/support/projector-process.js';
import { REDIS_URL, deletePrefix, testPrefix, waitFor } from './support/timers-support.js';

const COMMAND_MAIN = join(process.cwd(), 'dist/apps/command/src/main.js');

/**
 * The built command app and projector started while PostgreSQL does not answer, with the log and
 * the read models there (EVENT_STORE=postgres, READ_MODELS=postgres, ADR 0010). A private server
 * (never the machine's shared cluster) is created and stopped before they start, then started.
 * Meanwhile the command app listens: live, not ready (the read models' database named), queries 503
 * `store-unavailable` with `Retry-After`; the projector waits, saying so, instead of exiting. Once
 * the server answers, both carry on without a restart: the app becomes ready and answers queries,
 * and the projector takes the lease and writes the read models under its fence.
 */
let server: PrivatePostgres | string = 'not started';
const run = (name: string, fn: () => Promise<void>, timeout?: number) =>
  it(name, async () => (typeof server === 'string' ? console.warn(server) : fn()), timeout);

describe('PostgreSQL down when the apps start (e2e, built apps, private server)', () => {
  const prefix = testPrefix();
  const dirs = [
    mkdtempSync(join(tmpdir(), 'onemind-pgdown-c-')),
    mkdtempSync(join(tmpdir(), 'onemind-pgdown-p-')),
  ];
  const children: Child[] = [];
  let base = '';

  beforeAll(async () => {
    for (const main of [COMMAND_MAIN, join(process.cwd(), 'dist/apps/projector/src/main.js')])
      if (!existsSync(main)) throw new Error(`run \`npm run build\` first: this test spawns ${main}`);
    server = await PrivatePostgres.start('postgres-down-at-start e2e');
    if (typeof server === 'string') return console.warn(server);
    await server.halt();
  }, 60_000);
  afterAll(async () => {
    await killAll(children);
    await deletePrefix(prefix);
    if (typeof server !== 'string') server.destroy();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  const env = () => ({
    EVENT_STORE: 'postgres',
    READ_MODELS: 'postgres',
    DATABASE_URL: (server as PrivatePostgres).url,
    REDIS_URL,
    ONEMIND_RATE_LIMIT_PREFIX: `${prefix}rl:`,
  });
  const get = async (path: string, headers: Record<string, string> = {}) => {
    const res = await fetch(`${base}${path}`, { headers });
    const text = await res.text();
    return { status: res.status, headers: res.headers, json: text ? JSON.parse(text) : undefined };
  };

  run(
    'the command app listens and answers 503 while the server is away; both apps carry on once it answers',
    async () => {
      const pgServer = server as PrivatePostgres;
      const port = await freePort();
      base = `http://127.0.0.1:${port}`;
      const command = spawnCommand(port, dirs[0], { ...env(), ONEMIND_QUEUE_PREFIX: prefix });
      children.push(command);
      const projector = spawnProjector('projector', dirs[1], prefix, env());
      children.push(projector);

      await waitFor(
        async () => (await get('/health/live').catch(() => ({ status: 0 }))).status === 200,
        30_000,
        'the command app to listen',
      );
      const notReady = await get('/health/ready');
      expect(notReady.status).toBe(503);
      expect(notReady.json.checks.readModels).toMatchObject({ ok: false });
      expect(notReady.json.checks.readModels.detail).toMatch(/^the read models' database does not answer/);
      expect(notReady.json.checks.eventStore.ok).toBe(false);
      for (const path of ['/v1/public/agencies', '/v1/public/stats', '/v1/public/certificates/OM-1?code=x']) {
        const query = await get(path);
        expect({ path, status: query.status, code: query.json?.code }).toEqual({
          path,
          status: 503,
          code: 'store-unavailable',
        });
        expect(query.headers.get('content-type')).toMatch(/^application\/problem\+json/);
        expect(query.headers.get('retry-after')).toMatch(/^\d+$/);
      }
      // The projector waits, saying why, rather than exiting into a restart loop.
      await waitFor(
        async () => projector.logs.some((l) => /waiting for PostgreSQL/.test(l.msg ?? '')),
        30_000,
        'the projector to say it waits for PostgreSQL',
      );
      expect(projector.proc.exitCode).toBeNull();
      expect(command.proc.exitCode).toBeNull();
      // Its health port answers meanwhile: alive, not ready, and why.
      const projectorPort = await waitFor(
        async () => projector.healthPort(),
        30_000,
        'the projector health port',
      );
      const live = await fetch(`http://127.0.0.1:${projectorPort}/health/live`);
      expect(live.status).toBe(200);
      expect(await ready(projectorPort)).toEqual({
        status: 503,
        body: { status: 'not-ready', ok: false, role: 'starting', waiting: 'PostgreSQL', subscribers: {} },
      });

      await pgServer.resume();
      await waitFor(async () => (await get('/health/ready')).status === 200, 30_000, 'the command app ready');
      const active = await waitFor(async () => projector.active(), 30_000, 'the projector to take the lease');
      await waitFor(
        async () => projector.port() === projectorPort,
        30_000,
        'the projector started, same port',
      );
      // Ready once its subscribers report healthy (the read models caught up with the log).
      await waitFor(async () => (await ready(projectorPort)).status === 200, 30_000, 'the projector ready');

      // A write, then a query that waits for it: the projector wrote it into PostgreSQL under its fence.
      const staff = await signDevelopmentToken({ role: 'staff', sub: 'ops', secret: DEVELOPMENT_JWT_SECRET });
      const pledged = await fetch(`${base}/v1/agencies/tx-pgdown-pd/pledge`, {
        method: 'POST',
        headers: { authorization: `Bearer ${staff}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          name: 'Down Then Up PD',
          region: 'TX',
          signatory: { name: 'Chief', title: 'Chief of Police' },
          contact: { name: 'Desk', email: 'desk@pd.example' },
        }),
      });
      expect(pledged.status).toBe(201);
      const { position } = (await pledged.json()) as { position: string };
      const list = await get('/v1/public/agencies', { 'x-min-position': position });
      expect(list.status).toBe(200);
      expect(JSON.stringify(list.json)).toContain('tx-pgdown-pd');
      const db = new pg.Client({ connectionString: pgServer.url });
      await db.connect();
      try {
        const { rows } = await db.query<{ fence: string }>('SELECT fence::text FROM read_models.lease_fence');
        expect(rows).toEqual([{ fence: String(active.fence) }]);
      } finally {
        await db.end();
      }
      expect(active.fence).toBeGreaterThan(0);
    },
    120_000,
  );
});

/** The built command app on `port`, its JSON log lines collected as the projector's are. */
function spawnCommand(port: number, dir: string, env: Record<string, string>): Child {
  const proc = spawn(process.execPath, [COMMAND_MAIN], {
    env: {
      ...process.env,
      NODE_ENV: 'test',
      PORT: String(port),
      ONEMIND_DATA_DIR: dir,
      ONEMIND_LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: any[] = [];
  for (const stream of [proc.stdout!, proc.stderr!])
    createInterface({ input: stream }).on('line', (line) => {
      try {
        logs.push(JSON.parse(line));
      } catch {
        logs.push({ raw: line });
      }
    });
  return {
    name: 'command',
    proc,
    logs,
    exited: new Promise((r) => proc.once('exit', r)),
    port: () => port,
    healthPort: () => port,
    active: () => undefined,
  };
}
