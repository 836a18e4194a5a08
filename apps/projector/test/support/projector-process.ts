import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

/** Projector processes from dist, as the fail-over tests start them (SQLite and PostgreSQL). */
export const main = join(process.cwd(), 'dist/apps/projector/src/main.js');
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
export const waitFor = async <T>(
  check: () => T | Promise<T>,
  what: string,
  ms: number,
): Promise<NonNullable<T>> => {
  const until = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v) return v as NonNullable<T>;
    if (Date.now() > until) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await sleep(20);
  }
};

export interface Child {
  name: string;
  proc: ChildProcess;
  logs: any[];
  exited: Promise<unknown>;
  /** The port once the projector has started (its "listening" line). */
  port(): number | undefined;
  healthPort(): number | undefined;
  active(): any;
}

/** A projector process from dist, its JSON log lines collected (with the time the test saw them). */
export function spawnProjector(
  name: string,
  dir: string,
  prefix: string,
  env: Record<string, string> = {},
): Child {
  const proc = spawn(process.execPath, [main], {
    env: {
      ...process.env,
      ONEMIND_DATA_DIR: dir,
      PROJECTOR_PORT: '0',
      ONEMIND_LOG_LEVEL: 'info',
      ONEMIND_QUEUE_PREFIX: prefix,
      ONEMIND_PROJECTOR_LEASE: 'on',
      ONEMIND_PROJECTOR_BATCH: '50',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: any[] = [];
  const collect = (stream: NodeJS.ReadableStream) =>
    createInterface({ input: stream }).on('line', (line) => {
      try {
        logs.push({ ...JSON.parse(line), seenAt: Date.now() });
      } catch {
        logs.push({ raw: line, seenAt: Date.now() });
      }
    });
  collect(proc.stdout!);
  collect(proc.stderr!);
  const exited = new Promise((r) => proc.once('exit', r));
  return {
    name,
    proc,
    logs,
    exited,
    port: () => logs.find((l) => l.msg === 'listening')?.port,
    // Open before the projector has started (it answers "starting" while it waits for a database).
    healthPort: () => logs.find((l) => l.msg === 'health listening')?.port,
    active: () => logs.find((l) => l.msg === 'projector lease' && l.role === 'active'),
  };
}

/** After a test: every child still running killed with -9, and their exits awaited. */
export async function killAll(children: Child[]): Promise<void> {
  for (const c of children)
    if (c.proc.exitCode === null && c.proc.signalCode === null) c.proc.kill('SIGKILL');
  await Promise.all(children.map((c) => c.exited));
}

export async function ready(port: number): Promise<{ status: number; body: any }> {
  const res = await fetch(`http://127.0.0.1:${port}/health/ready`);
  return { status: res.status, body: await res.json() };
}
