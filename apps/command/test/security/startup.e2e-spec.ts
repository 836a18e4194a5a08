import { jest } from '@jest/globals';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { SignJWT } from 'jose';
import { DEVELOPMENT_JWT_SECRET } from '#auth';

/**
 * G10 at the process level: the built server (`node dist/apps/command/src/main.js`, as `npm start`
 * runs it) refuses unsafe token settings with a clear line and a non-zero exit, and never writes a
 * secret or a token to its output. (SQLite `synchronous` at start-up is held by
 * libs/event-store/test/durability.int-spec.ts; Redis' eviction policy by libs/jobs.)
 */
jest.setTimeout(120_000);
const ROOT = resolve(import.meta.dirname, '../../../..');
const MAIN = join(ROOT, 'dist/apps/command/src/main.js');

interface Run {
  code: number | null;
  output: string;
}

function freePort(): Promise<number> {
  return new Promise((ok) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => ok(port));
    });
  });
}

/** Starts the built server; resolves when it exits, or when `until` sees its output (then stops it). */
function start(
  env: Record<string, string | undefined>,
  until?: (output: string) => boolean,
  act?: () => Promise<void>,
): Promise<Run> {
  const dataDir = mkdtempSync(join(tmpdir(), 'onemind-startup-'));
  const base = Object.fromEntries(
    // The stores too (an e2e-pg run sets EVENT_STORE and READ_MODELS): these refusals come first.
    Object.entries(process.env).filter(
      ([k]) =>
        !k.startsWith('ONEMIND_') && !['NODE_ENV', 'EVENT_STORE', 'READ_MODELS', 'DATABASE_URL'].includes(k),
    ),
  );
  const child = spawn(process.execPath, [MAIN], {
    cwd: ROOT,
    env: { ...base, ONEMIND_DATA_DIR: dataDir, ...env } as NodeJS.ProcessEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let acting = false;
  return new Promise<Run>((done) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (until && !acting && until(output)) {
        acting = true;
        void (act ?? (async () => undefined))().finally(() => child.kill('SIGTERM'));
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      rmSync(dataDir, { recursive: true, force: true });
      done({ code, output });
    });
  });
}

describe('G10: start-up refuses unsafe token settings (e2e, the built server)', () => {
  beforeAll(() => {
    if (!existsSync(MAIN)) {
      const build = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
      if (build.status !== 0 && !existsSync(MAIN)) throw new Error('npm run build failed');
    }
  });

  it('NODE_ENV=production without ONEMIND_JWT_SECRET (and without a JWKS) exits non-zero, naming the setting', async () => {
    const run = await start({ NODE_ENV: 'production', PORT: String(await freePort()) });
    expect(run.code).not.toBe(0);
    expect(run.code).not.toBeNull();
    expect(run.output).toMatch(/refusing to start: .*ONEMIND_JWT_SECRET/);
  });

  it('NODE_ENV=production with the development secret exits non-zero', async () => {
    const run = await start({
      NODE_ENV: 'production',
      ONEMIND_JWT_SECRET: DEVELOPMENT_JWT_SECRET,
      PORT: String(await freePort()),
    });
    expect(run.code).not.toBe(0);
    expect(run.output).toMatch(/refusing to start: .*development secret/);
  });

  it('NODE_ENV=production with a short secret exits non-zero, and does not print it', async () => {
    const secret = 'short-but-secret-Zq81';
    const run = await start({
      NODE_ENV: 'production',
      ONEMIND_JWT_SECRET: secret,
      PORT: String(await freePort()),
    });
    expect(run.code).not.toBe(0);
    expect(run.output).toMatch(/refusing to start: .*at least 32 characters/);
    expect(run.output).not.toContain(secret);
  });

  it('never logs the secret or a bearer token, whatever the request', async () => {
    const secret = `known-secret-${'k'.repeat(24)}-7Hq2`;
    const port = await freePort();
    const token = await new SignJWT({ role: 'staff' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('alice@iacp')
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode(secret));
    const forged = await new SignJWT({ role: 'staff' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('mallory')
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode(`${secret}-wrong`));
    const base = `http://127.0.0.1:${port}`;
    const requests = async () => {
      const auth = (t: string) => ({ authorization: `Bearer ${t}`, 'content-type': 'application/json' });
      await fetch(`${base}/health/live?access_token=${token}`);
      await fetch(`${base}/v1/agencies/tx-log-pd/withdrawal`, {
        method: 'POST',
        headers: auth(token),
        body: JSON.stringify({ reason: 'badge 4711' }),
      });
      await fetch(`${base}/v1/agencies/tx-log-pd/withdrawal`, {
        method: 'POST',
        headers: auth(forged),
        body: '{"reason":',
      });
      await fetch(`${base}/v1/agencies/tx-log-pd/officers`, {
        method: 'POST',
        headers: auth(token),
        body: JSON.stringify({ officers: [{ officerRef: 'badge-4711', joinedOn: '2020-01-01' }] }),
      });
      await fetch(`${base}/no-such-route?token=${token}`, { headers: auth(token) }); // query strings are never logged (paths are)
    };
    const run = await start(
      { NODE_ENV: 'development', ONEMIND_JWT_SECRET: secret, PORT: String(port) },
      (out) => /"msg":"listening"/.test(out),
      requests,
    );
    expect(run.output).toMatch(/"msg":"http"/); // the requests were logged…
    for (const leaked of [secret, token, forged, token.split('.')[2], 'badge 4711', 'badge-4711'])
      expect(run.output).not.toContain(leaked); // …without secrets, tokens or bodies
  });
});
