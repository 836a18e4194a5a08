import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { childEnv } from './env.js';

/** The repository root, found from here whether this runs compiled (dist/bench/lib) or from source (tests). */
export const ROOT = (function root(dir: string): string {
  return existsSync(join(dir, 'package.json')) ? dir : root(dirname(dir));
})(dirname(fileURLToPath(import.meta.url)));
/** BENCH_COMMAND_MAIN=<file>: an alternative build of the command app (A/B of an engine change). */
export const COMMAND_MAIN = process.env.BENCH_COMMAND_MAIN ?? join(ROOT, 'dist/apps/command/src/main.js');
/** P1's floor server (bench/floor/floor-server.ts). */
export const FLOOR_MAIN = join(ROOT, 'dist/bench/floor/floor-server.js');
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Every Redis key the benchmark's apps create starts with this (deleted by run.ts at the end). */
export const BENCH_REDIS_PREFIX = `onemind-bench-${process.pid}-`;

export function tempDir(label: string): string {
  return mkdtempSync(join(tmpdir(), `onemind-bench-${label}-`));
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      s.close(() => resolve(port));
    });
  });
}

/** Environment of every app process the benchmarks start. */
export function benchEnv(
  dataDir: string,
  port: number,
  extra: Record<string, string> = {},
): NodeJS.ProcessEnv {
  return childEnv({
    PORT: String(port),
    ONEMIND_DATA_DIR: dataDir,
    ONEMIND_WORKERS: 'off',
    REDIS_URL,
    // The per-user write budget (600/min by default) is a security limit, not engine cost: off, or
    // 64 benchmark clients would measure 429s.
    ONEMIND_WRITE_RATE_PER_MIN: '0',
    ONEMIND_RATE_LIMIT_PREFIX: `${BENCH_REDIS_PREFIX}rl:`,
    // Queues of their own (the default derives one from the data folder, which is then deleted):
    // run.ts removes every key under BENCH_REDIS_PREFIX at the end.
    ONEMIND_QUEUE_PREFIX: `${BENCH_REDIS_PREFIX}q-${port}`,
    ...extra,
  });
}

export async function waitReady(url: string, timeoutMs: number, child?: ChildProcess): Promise<number> {
  const started = performance.now();
  for (;;) {
    if (child && child.exitCode !== null)
      throw new Error(`the app exited with code ${child.exitCode} before it was ready`);
    try {
      const res = await fetch(`${url}/health/ready`, { signal: AbortSignal.timeout(2000) });
      await res.arrayBuffer();
      if (res.status === 200) return performance.now() - started;
    } catch {
      /* not listening yet */
    }
    if (performance.now() - started > timeoutMs) throw new Error(`${url} not ready after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/**
 * Waits until the command app's start-up fold of its largest agencies is over (`warmUp` in
 * /health/ready) and returns what it reported; null for a build without it.
 */
export async function waitWarmUp(
  url: string,
  timeoutMs = 60_000,
): Promise<{ state: string; streams: string[]; events: number; ms: number } | null> {
  const started = performance.now();
  for (;;) {
    const res = await fetch(`${url}/health/ready`, { signal: AbortSignal.timeout(5000) });
    const body = (await res.json()) as {
      warmUp?: { state: string; streams: string[]; events: number; ms: number };
    };
    if (!body.warmUp) return null;
    if (body.warmUp.state !== 'running') return body.warmUp;
    if (performance.now() - started > timeoutMs)
      throw new Error(`warm-up still running after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export interface RunningApp {
  url: string;
  port: number;
  dataDir: string;
  child: ChildProcess;
  readyMs: number;
  stderr: () => string;
  stop(): Promise<void>;
}

/** `node dist/apps/command/src/main.js` on its own port and data folder, until /health/ready is 200. */
export async function startCommandApp(
  dataDir: string,
  opts: { extraEnv?: Record<string, string>; nodeArgs?: string[]; main?: string } = {},
): Promise<RunningApp> {
  const main = opts.main ?? COMMAND_MAIN;
  if (!existsSync(main)) throw new Error(`${main} is missing: run npm run build`);
  const port = await freePort();
  const started = performance.now();
  // BENCH_CPU_PROF_DIR=<dir>: profile the app (node --cpu-prof), as done before each optimisation.
  const profile = process.env.BENCH_CPU_PROF_DIR
    ? [
        '--cpu-prof',
        `--cpu-prof-dir=${process.env.BENCH_CPU_PROF_DIR}`,
        '--import',
        join(ROOT, 'dist/bench/lib/profile-exit.js'),
      ]
    : [];
  const child = spawn(process.execPath, [...profile, ...(opts.nodeArgs ?? []), main], {
    cwd: ROOT,
    env: benchEnv(dataDir, port, opts.extraEnv),
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  child.stderr!.on('data', (d: Buffer) => {
    err = (err + d.toString()).slice(-4000);
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitReady(url, 30_000, child);
  } catch (e) {
    child.kill('SIGKILL');
    throw new Error(`${(e as Error).message}\n${err}`, { cause: e });
  }
  return {
    url,
    port,
    dataDir,
    child,
    readyMs: performance.now() - started,
    stderr: () => err,
    stop: () => stopChild(child),
  };
}

/** The floor server on its own port and folder, verifying the tokens the benchmark signs (benchEnv's secret). */
export function startFloorServer(dataDir: string): Promise<RunningApp> {
  mkdirSync(dataDir, { recursive: true });
  return startCommandApp(dataDir, { main: FLOOR_MAIN });
}

export function stopChild(
  child: ChildProcess,
  signal: NodeJS.Signals = 'SIGTERM',
  graceMs = 10_000,
): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const killer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(killer);
      resolve();
    });
    child.kill(signal);
  });
}
