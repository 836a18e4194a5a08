/**
 * Child process of P3, so that each measurement has its own heap and its own peak RSS:
 *   node dist/bench/p3-child.js raw <log>            read all events in order + JSON.parse
 *   node dist/bench/p3-child.js rebuild <log> <out>  the projector's rebuild of every read model
 * Prints one JSON line: { events, ms, maxRssMiB }.
 */
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { SqliteEventStore } from '../libs/event-store/src/index.js';

const [mode, log, out] = process.argv.slice(2);
const REBUILD_MODULE = fileURLToPath(new URL('../apps/projector/src/rebuild.js', import.meta.url));

function raw(): number {
  const db = new Database(log, { readonly: true });
  const page = db.prepare('SELECT * FROM events WHERE position > ? ORDER BY position LIMIT 1000').safeIntegers(true);
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

async function rebuild(): Promise<number> {
  if (!existsSync(REBUILD_MODULE)) throw new Error(`${REBUILD_MODULE} does not exist`);
  const mod = (await import(pathToFileURL(REBUILD_MODULE).href)) as { buildInto?: (store: unknown, file: string, o?: unknown) => Promise<bigint> };
  if (typeof mod.buildInto !== 'function') throw new Error('apps/projector/src/rebuild.js exports no buildInto');
  const store = new SqliteEventStore(log, { readonly: true });
  try {
    return Number(await mod.buildInto(store, out));
  } finally {
    await store.close();
  }
}

const t0 = performance.now();
const events = mode === 'raw' ? raw() : await rebuild();
const ms = performance.now() - t0;
process.stdout.write(JSON.stringify({ events, ms, maxRssMiB: process.resourceUsage().maxRSS / 1024 }) + '\n');
