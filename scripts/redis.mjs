// Finding a Redis, shared by `npm start`, `npm test` and CI (docs/decisions/0002-redis-resolution.md):
// REDIS_URL if set; else a Redis answering on localhost:6379; else a private `redis-server` from PATH.
// Plain Node: it runs before `npm ci` in CI, so it may use nothing from node_modules.
import { spawn } from 'node:child_process';
import { accessSync, constants, mkdirSync, openSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { delimiter, join } from 'node:path';

export const LOCAL_URL = 'redis://127.0.0.1:6379';

/** Raw RESP `PING`: true if the server replies `+PONG` (or `-NOAUTH`: it is a Redis, it wants a password). */
export function ping(host = '127.0.0.1', port = 6379, timeoutMs = 500) {
  return new Promise((resolve) => {
    const socket = createConnection({ host, port });
    let reply = '';
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.on('error', () => done(false));
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      reply += chunk.toString('latin1');
      if (reply.includes('\r\n')) done(reply.startsWith('+PONG') || reply.startsWith('-NOAUTH'));
    });
  });
}

export function pingUrl(url, timeoutMs = 500) {
  const { hostname, port } = new URL(url);
  return ping(hostname.replace(/^\[|\]$/g, '') || '127.0.0.1', Number(port) || 6379, timeoutMs);
}

export function onPath(command) {
  for (const dir of (process.env.PATH ?? '').split(delimiter).filter(Boolean)) {
    try {
      accessSync(join(dir, command), constants.X_OK);
      return true;
    } catch {
      // not in this directory
    }
  }
  return false;
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * A private redis-server on a free port, its AOF in `dir`. noeviction: BullMQ jobs must never be evicted
 * (G10); appendonly: the schedule survives a restart without waiting for the reconciler.
 * Detached (own process group) so a terminal Ctrl-C reaches the apps first; `stop()` ends it after them.
 */
export async function startPrivateRedis(dir, { log = () => {} } = {}) {
  mkdirSync(dir, { recursive: true });
  const port = await freePort();
  const logFd = openSync(join(dir, 'redis.log'), 'a');
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes'];
  args.push('--maxmemory-policy', 'noeviction', '--save', '');
  const child = spawn('redis-server', args, { stdio: ['ignore', logFd, logFd], detached: true });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  let dead = false;
  exited.then(() => (dead = true));
  const killNow = () => dead || child.kill('SIGKILL');
  process.once('exit', killNow); // last resort if the caller crashes
  const url = `redis://127.0.0.1:${port}`;
  const stop = async () => {
    process.off('exit', killNow);
    if (dead) return;
    child.kill('SIGTERM'); // redis-server fsyncs the AOF and exits on SIGTERM
    const timer = setTimeout(killNow, 5000);
    await exited;
    clearTimeout(timer);
  };
  for (let waited = 0; !(await ping('127.0.0.1', port, 200)); waited += 100) {
    if (dead || waited >= 10_000) {
      await stop();
      throw new Error(`private redis-server did not answer on port ${port}; see ${join(dir, 'redis.log')}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  log(`started a private redis-server on ${url} (files in ${dir})`);
  return { url, stop };
}

export const INSTALL_HINT =
  'No Redis found: REDIS_URL is not set, nothing answers on localhost:6379, and `redis-server` is not on PATH.\n' +
  'Install Redis (Debian/Ubuntu: `sudo apt-get install redis-server`; macOS: `brew install redis`)\n' +
  'or point REDIS_URL at one, e.g. REDIS_URL=redis://host:6379';

/**
 * Resolve Redis as API.md says. `checkEnvUrl`: also verify a set REDIS_URL answers, and fall back if not
 * (the test runner wants a working Redis; `npm start` trusts an explicit REDIS_URL and lets the apps report).
 * Returns `{ url, source: 'env' | 'localhost' | 'private', stop }`; throws with INSTALL_HINT if none.
 */
export async function resolveRedis({ env = process.env, privateDir, checkEnvUrl = false, log = () => {} }) {
  const none = async () => {};
  if (env.REDIS_URL) {
    if (!checkEnvUrl || (await pingUrl(env.REDIS_URL)))
      return { url: env.REDIS_URL, source: 'env', stop: none };
    log(`REDIS_URL=${env.REDIS_URL} does not answer PING; looking for another Redis`);
  }
  if (await ping('127.0.0.1', 6379)) return { url: LOCAL_URL, source: 'localhost', stop: none };
  if (!onPath('redis-server')) throw new Error(INSTALL_HINT);
  const { url, stop } = await startPrivateRedis(privateDir, { log });
  return { url, source: 'private', stop };
}
