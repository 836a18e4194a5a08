/**
 * Child process of P10, so that each measurement has its own heap and its own peak RSS:
 *   node dist/bench/p10-child.js raw <url>               read all events in pages + JSON.parse of data
 *   node dist/bench/p10-child.js rebuild <url> <control>  `onemind rebuild`'s PostgreSQL path into a
 *                                                        fresh control schema (its generations beside it)
 * Prints one JSON line: { events, ms, maxRssMiB }.
 */
import pg from 'pg';
import { PostgresEventStore } from '#event-store/postgres';
import { PgReadModels, rebuildPgReadModels } from '#read-models';

const [mode, url, control] = process.argv.slice(2);

/**
 * The rebuild's read (PostgresEventStore.readAllBodies: the same columns, `position > $1 ORDER BY
 * position LIMIT $2`, pages of 5,000 as rebuildPgReadModels' runner asks for), then JSON.parse of
 * each event's data, and nothing else: no store, no writer, no transaction.
 */
const READ_BODIES = `SELECT position, stream_id, revision, type, schema_version, data
  FROM events WHERE position > $1 ORDER BY position LIMIT $2`;
const PAGE = 5000;

async function raw(): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  let after = '0';
  let n = 0;
  let sink = 0;
  try {
    for (;;) {
      const { rows } = await client.query<{ position: string; data: string }>(READ_BODIES, [after, PAGE]);
      if (rows.length === 0) break;
      for (const r of rows) sink += JSON.parse(r.data) ? 1 : 0;
      n += rows.length;
      after = rows[rows.length - 1].position;
    }
  } finally {
    await client.end();
  }
  if (sink < 0) console.log(sink);
  return n;
}

/** What `onemind rebuild` runs with READ_MODELS=postgres (apps/cli/src/rebuild.command.ts). */
async function rebuild(): Promise<{ events: number; ms: number }> {
  const store = new PostgresEventStore({ connectionString: url });
  const rm = await PgReadModels.open({ connectionString: url, control });
  try {
    const head = await store.headPosition();
    const t0 = performance.now();
    await rebuildPgReadModels(store, rm);
    return { events: Number(head), ms: performance.now() - t0 };
  } finally {
    await rm.close();
    await store.close();
  }
}

let result: { events: number; ms: number };
if (mode === 'raw') {
  const t0 = performance.now();
  const events = await raw();
  result = { events, ms: performance.now() - t0 };
} else result = await rebuild();
process.stdout.write(JSON.stringify({ ...result, maxRssMiB: process.resourceUsage().maxRSS / 1024 }) + '\n');
