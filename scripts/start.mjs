// `npm start`: the command app and the projector as two child processes, stopped together (API.md,
// "Processes and configuration"). `--only command|projector` runs one. Rebuilds only when sources
// changed, so a start on an existing build stays within P8 (≤ 10 s to /health/ready).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { resolveRedis } from './redis.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const APPS = ['command', 'projector'];
const entry = (app) => join(root, 'dist', 'apps', app, 'src', 'main.js');
const say = (msg) => process.stdout.write(`[start] ${msg}\n`);
const KILL_AFTER_MS = 10_000;

function parseArgs(argv) {
  const i = argv.indexOf('--only');
  if (i === -1) return APPS;
  const app = argv[i + 1];
  if (!APPS.includes(app)) {
    process.stderr.write(`usage: node scripts/start.mjs [--only ${APPS.join('|')}]\n`);
    process.exit(2);
  }
  return [app];
}

/** Newest mtime of the compiled-from sources (test files are not compiled, so they do not count). */
function newestSource(dir) {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, e.name);
    if (e.isDirectory() && e.name !== 'node_modules') newest = Math.max(newest, newestSource(path));
    else if (e.isFile() && e.name.endsWith('.ts') && !/\.(spec|int-spec|e2e-spec)\.ts$/.test(e.name)) {
      newest = Math.max(newest, statSync(path).mtimeMs);
    }
  }
  return newest;
}

function ensureBuilt(apps) {
  const info = join(root, 'dist', '.tsbuildinfo');
  const builtAt = existsSync(info) ? statSync(info).mtimeMs : 0;
  const stale = !builtAt || !apps.every((a) => existsSync(entry(a)));
  if (!stale && Math.max(newestSource(join(root, 'apps')), newestSource(join(root, 'libs'))) <= builtAt)
    return;
  say(stale ? 'no build found: running `npm run build`' : 'sources changed: running `npm run build`');
  const { status } = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  if (status !== 0) {
    process.stderr.write('[start] build failed; not starting\n');
    process.exit(status || 1);
  }
}

/** Copies a child's output line by line with a `[name]` prefix, so the two apps stay readable. */
function prefixLines(stream, name, out) {
  createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) =>
    out.write(`[${name}] ${line}\n`),
  );
}

const children = new Map();
let redis; // set once resolved; a private one is also killed by redis.mjs if we exit before that
let stopping = false;

async function stopAll(code) {
  if (stopping) return;
  stopping = true;
  for (const child of children.values()) child.kill('SIGTERM');
  const killer = setTimeout(() => {
    for (const [name, child] of children) {
      say(`${name} did not stop within ${KILL_AFTER_MS / 1000} s: SIGKILL`);
      child.kill('SIGKILL');
    }
  }, KILL_AFTER_MS);
  await Promise.all([...children.values()].map((c) => new Promise((r) => c.once('close', r))));
  clearTimeout(killer);
  await redis?.stop();
  process.exit(code);
}

for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    if (stopping)
      for (const child of children.values()) child.kill('SIGKILL'); // second Ctrl-C: no more waiting
    else say(`${sig}: stopping${children.size ? ` ${[...children.keys()].join(' and ')}` : ''}`);
    void stopAll(0);
  });
}

function run(app, env) {
  const child = spawn(process.execPath, [entry(app)], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.set(app, child);
  prefixLines(child.stdout, app, process.stdout);
  prefixLines(child.stderr, app, process.stderr);
  child.on('close', (code, signal) => {
    children.delete(app);
    if (stopping) return;
    say(`${app} exited unexpectedly (${signal ?? `code ${code}`}); stopping`);
    void stopAll(code || 1);
  });
}

/**
 * Checks the configuration and the ports before anything starts, in the order the user thinks of
 * them: with both taken (another `npm start` running) the projector, quicker to listen, used to
 * fail first and the only error named PORT+1, not the port the user chose (issue 13 item 10).
 */
async function preflight(apps) {
  const config = await import(pathToFileURL(join(root, 'dist', 'libs', 'config', 'src', 'index.js')).href);
  let settings;
  try {
    settings = config.loadConfig();
  } catch (err) {
    if (!(err instanceof config.ConfigError)) throw err;
    fail(`refusing to start: ${err.message}`);
  }
  const ports = {
    command: [settings.port, 'PORT'],
    projector: [settings.projectorPort, 'PROJECTOR_PORT, default PORT+1'],
  };
  for (const app of apps) {
    const [port, variable] = ports[app];
    await config
      .assertCanListen(port)
      .catch((err) =>
        fail(
          config.listenProblem(err, variable) ??
            `cannot listen on port ${port} (${variable}): ${err.message}`,
        ),
      );
  }
  return settings;
}

/**
 * Says where to go once the command app answers ready: a first-time user otherwise sees two JSON
 * log streams and no URL (issue 17). Gives up quietly after a minute; the apps' own logs say why.
 */
async function announceWhenReady(port) {
  const base = `http://localhost:${port}`;
  const until = Date.now() + 60_000;
  while (!stopping && Date.now() < until) {
    const ok = await fetch(`${base}/health/ready`, { signal: AbortSignal.timeout(2_000) })
      .then((res) => res.ok)
      .catch(() => false);
    if (ok) {
      say(
        `ready: open the console at ${base}/  (API reference ${base}/docs, background jobs ${base}/admin/queues)`,
      );
      return;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

function fail(message) {
  process.stderr.write(`[start] ${message}\n`);
  process.exit(1);
}

const apps = parseArgs(process.argv.slice(2));
ensureBuilt(apps);
const settings = await preflight(apps);
// Absolute, so both apps (and the private Redis) agree on the folder whatever their cwd.
const dataDir = resolve(process.env.ONEMIND_DATA_DIR ?? './data');
try {
  redis = await resolveRedis({ privateDir: join(dataDir, 'redis'), log: say });
} catch (err) {
  process.stderr.write(`[start] ${err.message}\n`);
  process.exit(1);
}
if (redis.source !== 'private')
  say(`using Redis at ${redis.url} (${redis.source === 'env' ? 'REDIS_URL' : 'localhost'})`);
const env = { ...process.env, ONEMIND_DATA_DIR: dataDir, REDIS_URL: redis.url };
if (process.stdout.isTTY && env.FORCE_COLOR === undefined && env.NO_COLOR === undefined)
  env.FORCE_COLOR = '1';
if (!stopping) for (const app of apps) run(app, env);
if (apps.includes('command')) void announceWhenReady(settings.port);
