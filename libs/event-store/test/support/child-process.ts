/**
 * Child processes for the multi-process tests (G1, G2, G11): the compiled scripts in
 * dist/libs/event-store/test/support, so run `npm run build` first.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const supportDist = resolve(here, '../../../../dist/libs/event-store/test/support');

export function childScript(name: string): string {
  const path = join(supportDist, `${name}.js`);
  if (!existsSync(path)) {
    throw new Error(
      `${path} is missing: run \`npm run build\` before these tests (they spawn compiled child scripts)`,
    );
  }
  const source = join(here, `${name}.ts`);
  if (statSync(source).mtimeMs > statSync(path).mtimeMs) {
    // A warning, not a failure: a checkout can touch sources that tsc -b then rightly skips.
    console.warn(`${path} is older than ${source}: it may be stale, run \`npm run build\``);
  }
  return path;
}

export interface Child {
  proc: ChildProcess;
  lines: string[];
  stderr: string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  waitForLine(match: (line: string) => boolean, timeoutMs: number): Promise<void>;
  kill(): void;
}

/** Spawns a compiled support script; collects complete stdout lines (a torn last line is dropped). */
export function startChild(script: string, args: string[]): Child {
  const proc = spawn(process.execPath, [script, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  let buffer = '';
  const waiters: (() => boolean)[] = [];
  const child: Child = {
    proc,
    lines: [],
    stderr: '',
    exit: new Promise((resolveExit) => proc.on('close', (code, signal) => resolveExit({ code, signal }))),
    waitForLine(match, timeoutMs) {
      return new Promise((resolveLine, reject) => {
        const timer = setTimeout(
          () =>
            reject(new Error(`${script}: no expected line after ${timeoutMs} ms; stderr: ${child.stderr}`)),
          timeoutMs,
        );
        const check = () => {
          if (!child.lines.some(match)) return false;
          clearTimeout(timer);
          resolveLine();
          return true;
        };
        if (!check()) waiters.push(check);
        void child.exit.then(() => {
          if (!check()) {
            clearTimeout(timer);
            reject(
              new Error(
                `${script} exited early; stdout: ${child.lines.join(' | ')}; stderr: ${child.stderr}`,
              ),
            );
          }
        });
      });
    },
    kill() {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
    },
  };
  proc.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    buffer += chunk;
    const parts = buffer.split('\n');
    buffer = parts.pop()!;
    child.lines.push(...parts);
    for (let i = waiters.length - 1; i >= 0; i--) if (waiters[i]()) waiters.splice(i, 1);
  });
  proc.stderr!.setEncoding('utf8').on('data', (chunk: string) => (child.stderr += chunk));
  return child;
}
