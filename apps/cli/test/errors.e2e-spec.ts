import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Issue 13 item 10: mistakes at the terminal answered with a stack trace. The real CLI (bin/onemind.js,
 * the compiled build), the real start script and the real app entry points, each spawned: every
 * failure must be ONE line on stderr and a non-zero exit.
 */
const ROOT = process.cwd();
const dir = mkdtempSync(join(tmpdir(), 'onemind-cli-errors-'));
const baseEnv = {
  PATH: process.env.PATH ?? '',
  REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
  ONEMIND_DATA_DIR: join(dir, 'data'),
  ONEMIND_LOG_LEVEL: 'silent',
};

function run(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number | null; stderr: string; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: ROOT,
      env: { ...baseEnv, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    let stdout = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr, stdout }));
  });
}
const cli = (args: string[], env?: Record<string, string>) => run(['bin/onemind.js', ...args], env);

function expectOneLine(r: { code: number | null; stderr: string }, code: number, pattern: RegExp): void {
  expect({ code: r.code, lines: r.stderr.trimEnd().split('\n') }).toEqual({
    code,
    lines: [expect.stringMatching(pattern)],
  });
  expect(r.stderr).not.toMatch(/^\s+at /m);
}

function listen(port = 0): Promise<Server> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(port, '0.0.0.0', () => resolve(s));
  });
}
const portOf = (s: Server) => (s.address() as { port: number }).port;

describe('CLI and start-up errors: one line, non-zero exit (issue 13 item 10, e2e)', () => {
  const keyFile = join(dir, 'key');
  const roster = join(dir, 'roster.csv');
  beforeAll(() => {
    writeFileSync(keyFile, 'k'.repeat(48));
    chmodSync(keyFile, 0o600);
    writeFileSync(roster, 'officerRef\nbadge-1\n');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('rebuild --projection nope', async () => {
    expectOneLine(
      await cli(['rebuild', '--projection', 'nope']),
      2,
      /^onemind rebuild: unknown projection "nope"; choose one of agencies/,
    );
    expectOneLine(
      await cli(['rebuild', '--projection', 'constructor']),
      2,
      /unknown projection "constructor"/,
    );
  });

  it('pseudonymize with a missing key file, or a missing roster', async () => {
    expectOneLine(
      await cli(['pseudonymize', roster, '--key-file', join(dir, 'nope.key')]),
      2,
      /^onemind pseudonymize: --key-file .*nope\.key does not exist/,
    );
    expectOneLine(
      await cli(['pseudonymize', join(dir, 'nope.csv'), '--key-file', keyFile]),
      1,
      /^onemind pseudonymize: cannot use .*nope\.csv: no such file/,
    );
  });

  it('token --ttl above the maximum lifetime, or not a duration', async () => {
    expectOneLine(
      await cli(['token', '--role', 'staff', '--sub', 'a', '--ttl', '400d']),
      2,
      /^onemind token: --ttl 400d is longer than the maximum token lifetime of 86400 s/,
    );
    expectOneLine(
      await cli(['token', '--role', 'staff', '--sub', 'a', '--ttl', '2h'], {
        ONEMIND_TOKEN_MAX_LIFETIME: '1h',
      }),
      2,
      /maximum token lifetime of 3600 s/,
    );
    expectOneLine(
      await cli(['token', '--role', 'staff', '--sub', 'a', '--ttl', '0x10']),
      2,
      /--ttl must be a duration/,
    );
    const ok = await cli(['token', '--role', 'staff', '--sub', 'a', '--ttl', '24h']);
    expect({ code: ok.code, stderr: ok.stderr }).toEqual({ code: 0, stderr: '' });
  });

  it.each([
    [
      ['token', '--role', 'staff', '--sub', 'a', '--agencyId', 'x'],
      /^onemind token: Unknown option '--agencyId'/,
    ],
    [['token', '--role', 'staff', '--sub', 'a', 'extra'], /^onemind token: Unexpected argument 'extra'/],
    [['token', '--sub', 'a', '--role'], /^onemind token: --role needs a value$/],
    [['token', '--sub', 'a'], /^onemind token: --role is required$/],
    [['export', '--all=yes'], /^onemind export: Option '--all' does not take an argument/],
    [['replay', 'tx-a', 'tx-b'], /^onemind replay: unexpected argument "tx-b"$/],
  ])(
    'onemind %j: arguments are read strictly, each command its own options (exit 2, one line)',
    async (args, message) => {
      expectOneLine(await cli(args), 2, message);
    },
  );

  it('numbers and dates given on the command line are read strictly', async () => {
    expectOneLine(
      await cli(['import-agencies', roster, '--concurrency', '0x10']),
      2,
      /--concurrency must be a whole number/,
    );
    expectOneLine(await cli(['replay', 'tx-a', '--as-of', '2025-02-30']), 2, /--as-of must be a date/);
  });

  it('an unexpected error is one line too; ONEMIND_DEBUG=1 adds the stack', async () => {
    const notAFolder = join(dir, 'file-not-folder');
    writeFileSync(notAFolder, '');
    const quiet = await cli(['replay', 'tx-a'], { ONEMIND_DATA_DIR: notAFolder });
    expectOneLine(quiet, 1, /^onemind replay: /);
    const debug = await cli(['replay', 'tx-a'], { ONEMIND_DATA_DIR: notAFolder, ONEMIND_DEBUG: '1' });
    expect(debug.code).toBe(1);
    expect(debug.stderr).toMatch(/^\s+at /m);
  });

  it('npm start names the port the user chose when it is taken, in one line, before starting anything', async () => {
    const taken = await listen();
    const alsoTaken = await listen();
    try {
      const both = await run(['scripts/start.mjs'], {
        PORT: String(portOf(taken)),
        PROJECTOR_PORT: String(portOf(alsoTaken)),
      });
      expectOneLine(both, 1, new RegExp(`^\\[start\\] port ${portOf(taken)} \\(PORT\\) is already in use`));
      const free = await listen();
      const freePort = portOf(free);
      await new Promise((r) => free.close(r));
      const projector = await run(['scripts/start.mjs'], {
        PORT: String(freePort),
        PROJECTOR_PORT: String(portOf(alsoTaken)),
      });
      expectOneLine(
        projector,
        1,
        new RegExp(
          `^\\[start\\] port ${portOf(alsoTaken)} \\(PROJECTOR_PORT, default PORT\\+1\\) is already in use`,
        ),
      );
      expect(both.stdout + projector.stdout).not.toMatch(/Redis/);
    } finally {
      await new Promise((r) => taken.close(r));
      await new Promise((r) => alsoTaken.close(r));
    }
  });

  it.each([
    ['command', 'dist/apps/command/src/main.js', 'PORT'],
    ['projector', 'dist/apps/projector/src/main.js', 'PROJECTOR_PORT'],
  ])('the %s app started on a taken port says so in one line', async (_app, main, variable) => {
    const taken = await listen();
    try {
      const r = await run([main], {
        PORT: String(portOf(taken)),
        PROJECTOR_PORT: String(portOf(taken)),
        ONEMIND_DATA_DIR: mkdtempSync(join(dir, 'app-')),
        ONEMIND_WORKERS: 'off',
        ONEMIND_PROJECTOR_LEASE: 'off',
      });
      expect(r.code).toBe(1);
      const lines = r.stderr.trimEnd().split('\n');
      expect(lines).toHaveLength(1);
      expect(JSON.parse(lines[0]).msg).toMatch(
        new RegExp(`^cannot start: port ${portOf(taken)} \\(${variable}.*\\) is already in use`),
      );
    } finally {
      await new Promise((r) => taken.close(r));
    }
  });
});
