/**
 * Child process of P3, so that each measurement has its own heap and its own peak RSS:
 *   node dist/bench/p3-child.js raw <log>            read all events in order + JSON.parse
 *   node dist/bench/p3-child.js rebuild <log> <out>  the projector's rebuild of every read model
 *   node dist/bench/p3-child.js live <dataDir>       rebuildReadModels() into the folder's live read models
 * Prints one JSON line: { events, ms, maxRssMiB }.
 */
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { SqliteEventStore } from '#event-store';

const [mode, log, out] = process.argv.slice(2);
const REBUILD_MODULE = fileURLToPath(new URL('../libs/read-models/src/runner/rebuild.js', import.meta.url));

function raw(): number {
  const db = new Database(log, { readonly: true });
  const page = db
    .prepare('SELECT * FROM events WHERE position > ? ORDER BY position LIMIT 1000')
    .safeIntegers(true);
  let after = 0n;
  let n = 0;
  let sink = 0;
  for (;;) {
    const rows = page.all(after) as { position: bigint; data: string; metadata: string }[];
    if (rows.length === 0) break;
    for (const r of rows) {
      const d = JSON.parse(r.data);
      const m = JSON.parse(r.metadata);
      sink += d ? 1 : 0;
      sink += m ? 1 : 0;
    }
    n += rows.length;
    after = rows[rows.length - 1].position;
  }
  db.close();
  if (sink < 0) console.log(sink);
  return n;
}

type RebuildModule = {
  buildInto?: (store: unknown, file: string, o?: unknown) => Promise<bigint>;
  rebuildReadModels?: (store: unknown, base: string, o?: unknown) => Promise<string>;
};

async function rebuildModule(): Promise<RebuildModule> {
  if (!existsSync(REBUILD_MODULE)) throw new Error(`${REBUILD_MODULE} does not exist`);
  return (await import(pathToFileURL(REBUILD_MODULE).href)) as RebuildModule;
}

/** Read models of an existing data folder brought up to the log, as the projector leaves them. */
async function live(): Promise<number> {
  const mod = await rebuildModule();
  if (typeof mod.rebuildReadModels !== 'function')
    throw new Error('libs/read-models/src/runner/rebuild.js exports no rebuildReadModels');
  const store = new SqliteEventStore(join(log, 'events.sqlite'), { readonly: true });
  try {
    await mod.rebuildReadModels(store, join(log, 'read-models.sqlite'));
    return Number(await store.headPosition());
  } finally {
    await store.close();
  }
}

async function rebuild(): Promise<number> {
  const mod = await rebuildModule();
  if (typeof mod.buildInto !== 'function')
    throw new Error('libs/read-models/src/runner/rebuild.js exports no buildInto');
  const store = new SqliteEventStore(log, { readonly: true });
  try {
    return Number(await mod.buildInto(store, out));
  } finally {
    await store.close();
  }
}

const t0 = performance.now();
const events = mode === 'raw' ? raw() : mode === 'live' ? await live() : await rebuild();
const ms = performance.now() - t0;
process.stdout.write(JSON.stringify({ events, ms, maxRssMiB: process.resourceUsage().maxRSS / 1024 }) + '\n');
