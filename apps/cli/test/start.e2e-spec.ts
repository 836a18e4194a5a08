import { jest } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';

jest.setTimeout(90_000);

const ROOT = process.cwd();
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject()));
    });
  });
}

/**
 * `npm start` (scripts/start.mjs, both apps from the build) tells a first-time user where to go:
 * once the command app answers ready, one line with the console's URL, and that URL serves the
 * console (issue 17 item 6).
 */
describe('npm start (e2e)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'onemind-start-'));
  const prefix = `onemind-test-start-${process.pid}`;
  let child: ChildProcess | undefined;

  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child!.once('exit', r));
      child.kill('SIGINT');
      await exited;
    }
    const redis = new Redis(REDIS_URL);
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints the console URL once ready, and the URL opens the console', async () => {
    const port = await freePort();
    const projectorPort = await freePort();
    child = spawn(process.execPath, ['scripts/start.mjs'], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        REDIS_URL,
        ONEMIND_DATA_DIR: join(dir, 'data'),
        ONEMIND_QUEUE_PREFIX: prefix,
        ONEMIND_LOG_LEVEL: 'silent',
        PORT: String(port),
        PROJECTOR_PORT: String(projectorPort),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const line = await new Promise<string>((resolve, reject) => {
      child!.stdout!.on('data', (d: Buffer) => {
        stdout += d.toString();
        const m = /^\[start\] ready: open the console at (\S+)/m.exec(stdout);
        if (m) resolve(m[1]);
      });
      child!.once('exit', (code) =>
        reject(new Error(`start exited (${code}) before ready:\n${stdout}\n${stderr}`)),
      );
    });
    expect(line).toBe(`http://localhost:${port}/`);
    const res = await fetch(line);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await res.text()).toContain('One Mind');
    // Ready means ready: the line comes after the readiness probe answered 200.
    expect((await fetch(`http://localhost:${port}/health/ready`)).status).toBe(200);
  });
});
