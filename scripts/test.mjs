// `npm test [-- lint|unit|int|e2e|e2e-pg] [jest args…]`: first the lint level (the whole tree type-checked, tests
// included; eslint; prettier --check), then jest in native ESM mode (docs/decisions/0001-toolchain.md),
// levels in order unit → int → e2e, stopping at the first that fails. `e2e-pg` (never part of the default
// run) is the e2e level with EVENT_STORE=postgres and READ_MODELS=postgres (the log and the read models
// in one database, as docker/compose.yml deploys them): each test app gets a database of its own next
// to DATABASE_URL's (default: the machine's cluster on 127.0.0.1:5432). int and e2e run in band (they share
// one Redis and real files) and get a Redis that answers (scripts/redis.mjs), private if need be.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { constants, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveRedis } from './redis.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const jestBin = join(root, 'node_modules', 'jest', 'bin', 'jest.js');
const LEVELS = ['lint', 'unit', 'int', 'e2e'];
const EXTRA_LEVELS = ['e2e-pg'];
const say = (msg) => process.stdout.write(`[test] ${msg}\n`);

const args = process.argv.slice(2);
const levels = [...LEVELS, ...EXTRA_LEVELS].includes(args[0]) ? [args.shift()] : LEVELS;
const nodeOptions = [process.env.NODE_OPTIONS, '--experimental-vm-modules'].filter(Boolean).join(' ');
const env = { ...process.env, NODE_OPTIONS: nodeOptions };

let current;
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => current?.kill(sig));

function run(label, bin, binArgs) {
  say(`lint: ${label}`);
  return new Promise((resolve) => {
    current = spawn(process.execPath, [bin, ...binArgs], { cwd: root, env: process.env, stdio: 'inherit' });
    current.on('exit', (code, signal) => resolve(code ?? 128 + (constants.signals[signal] ?? 0)));
  });
}

/**
 * What the build does not check: the tests' own types (the build leaves test files out, and jest
 * transpiles without type-checking, so a `@ts-expect-error` that holds a compile-time guarantee is
 * checked only here), eslint's errors (warnings are printed, not fatal), and the formatting.
 */
async function lint() {
  const bin = (pkg, file) => join(root, 'node_modules', pkg, file);
  for (const [label, file, binArgs] of [
    [
      'tsc -p tsconfig.json --noEmit (apps, libs, tests, bench, scripts)',
      bin('typescript', 'bin/tsc'),
      ['-p', 'tsconfig.json', '--noEmit'],
    ],
    ['eslint .', bin('eslint', 'bin/eslint.js'), ['.']],
    ['prettier --check .', bin('prettier', 'bin/prettier.cjs'), ['--check', '--log-level', 'warn', '.']],
  ]) {
    const code = await run(label, file, binArgs);
    if (code !== 0) return code;
  }
  return 0;
}

function jest(level) {
  if (level === 'lint') return lint();
  const project = level === 'e2e-pg' ? 'e2e' : level;
  // DATABASE_URL names the server and the database the test apps' own databases are named after; in
  // process, a CLI command loads the configuration as the apps do and needs it to be valid.
  const jestEnv =
    level === 'e2e-pg'
      ? {
          ...env,
          EVENT_STORE: 'postgres',
          READ_MODELS: 'postgres',
          DATABASE_URL: env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres',
        }
      : env;
  const jestArgs = ['--selectProjects', project, '--passWithNoTests'];
  // Real SQLite/Redis on a small CI machine: jest's 5 s default is too tight (slowTestThreshold is 60 s).
  if (level !== 'unit') jestArgs.push('--runInBand');
  if (level !== 'unit' && !args.some((a) => a.startsWith('--testTimeout')))
    jestArgs.push('--testTimeout=60000');
  say(`${level}: jest ${[...jestArgs, ...args].join(' ')}`);
  return new Promise((resolve) => {
    current = spawn(process.execPath, [jestBin, ...jestArgs, ...args], {
      cwd: root,
      env: jestEnv,
      stdio: 'inherit',
    });
    current.on('exit', (code, signal) => resolve(code ?? 128 + (constants.signals[signal] ?? 0)));
  });
}

let redis;
let redisDir;
let code = 0;
try {
  for (const level of levels) {
    if (level !== 'unit' && !redis) {
      redisDir = mkdtempSync(join(tmpdir(), 'onemind-test-redis-'));
      redis = await resolveRedis({ privateDir: redisDir, checkEnvUrl: true, log: say });
      env.REDIS_URL = redis.url;
      say(`Redis for int/e2e: ${redis.url} (${redis.source})`);
      // Passed on as is (env is a copy of process.env): .ci/run exports a scratch database per run.
      say(
        env.DATABASE_URL
          ? `PostgreSQL for int/e2e: ${env.DATABASE_URL.replace(/:[^:@/]*@/, ':***@')}`
          : 'PostgreSQL for int/e2e: DATABASE_URL not set, the PostgreSQL suites try 127.0.0.1:5432 and skip (fail under CI=true) if nothing answers',
      );
    }
    code = await jest(level);
    if (code !== 0) {
      say(`${level} failed (exit ${code}); later levels not run`);
      break;
    }
  }
} catch (err) {
  process.stderr.write(`[test] ${err.message}\n`);
  code = 1;
} finally {
  await redis?.stop();
  if (redisDir) rmSync(redisDir, { recursive: true, force: true });
}
process.exit(code);
