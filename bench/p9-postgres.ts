import { join } from 'node:path';
import pg from 'pg';
import { scaledAgencies } from './lib/agencies.js';
import { runMix, type MixRun } from './lib/command-mix.js';
import { removeDir, startCommandApp, tempDir, type RunningApp } from './lib/app.js';
import { token } from './lib/http.js';
import { postgresUnavailable, scratchDatabase, type ScratchDb } from './lib/postgres.js';
import { notMeasured, type BenchContext, type TargetResult } from './lib/result.js';
import { median, percentile, round, sig, spread } from './lib/stats.js';
import { seed } from './p1-commands.js';

export const P9_TARGET = '>= 0.5 and p99 <= 50 ms';

/** The command app (the built dist) with its event log in `db`; its read models in `dataDir`. */
export function startPostgresCommandApp(dataDir: string, db: ScratchDb): Promise<RunningApp> {
  return startCommandApp(dataDir, { extraEnv: { EVENT_STORE: 'postgres', DATABASE_URL: db.url } });
}

/** The average sizes of what the engine stored (P9's baseline inserts rows of these sizes). */
export async function storedSizes(db: ScratchDb): Promise<{ data: number; metadata: number }> {
  const [row] = await db.query<{ data: number; metadata: number }>(
    'SELECT avg(length(data))::int AS data, avg(length(metadata))::int AS metadata FROM events',
  );
  return { data: row.data, metadata: row.metadata };
}

/** A JSON object of exactly `length` characters (≥ 12). */
const padded = (length: number) => `{"pad":"${'x'.repeat(Math.max(0, length - 10))}"}`;

/**
 * PERFORMANCE.md P9's baseline: `clients` connections of the `pg` driver, each committing one-row
 * INSERT transactions (autocommit, `synchronous_commit=on`) as fast as it can, into a table of the
 * log's shape with rows of the engine's average sizes: what PostgreSQL on this machine can commit,
 * with no lock, no hash chain, no idempotency record, no HTTP.
 */
export async function rawPgInserts(
  db: ScratchDb,
  clients: number,
  ms: number,
  sizes: { data: number; metadata: number },
  label: string,
): Promise<MixRun> {
  await db.query(`CREATE TABLE IF NOT EXISTS raw_events (
    position bigserial PRIMARY KEY, stream_id text COLLATE "C" NOT NULL, revision bigint NOT NULL,
    id text NOT NULL UNIQUE, type text NOT NULL, schema_version integer NOT NULL, data text NOT NULL,
    metadata text NOT NULL, recorded_at text COLLATE "C" NOT NULL, prev_hash text NOT NULL,
    hash text NOT NULL, UNIQUE (stream_id, revision))`);
  const data = padded(sizes.data);
  const metadata = padded(sizes.metadata);
  const connections = await Promise.all(
    Array.from({ length: clients }, async () => {
      const c = new pg.Client({ connectionString: db.url, options: '-c synchronous_commit=on' });
      await c.connect();
      return c;
    }),
  );
  const latencies: number[] = [];
  const t0 = performance.now();
  const deadline = t0 + ms;
  try {
    await Promise.all(
      connections.map(async (c, client) => {
        for (let n = 0; performance.now() < deadline; n++) {
          const t = performance.now();
          await c.query({
            name: 'raw-insert',
            text: `INSERT INTO raw_events (stream_id, revision, id, type, schema_version, data, metadata, recorded_at, prev_hash, hash)
                   VALUES ($1, $2, $3, 'OfficerJoined', 1, $4, $5, $6, $7, $7)`,
            values: [
              `raw-${label}-${client}`,
              n,
              `${label}-${client}-${n}`,
              data,
              metadata,
              new Date().toISOString(),
              'f'.repeat(64),
            ],
          });
          latencies.push(performance.now() - t);
        }
      }),
    );
  } finally {
    await Promise.all(connections.map((c) => c.end()));
  }
  const seconds = (performance.now() - t0) / 1000;
  const p99 = percentile(latencies, 99);
  return {
    rate: latencies.length / seconds,
    p99,
    detail: {
      inserts: latencies.length,
      seconds: round(seconds),
      p50Ms: round(percentile(latencies, 50)),
      p99Ms: round(p99),
    },
  };
}

/**
 * P9: P1's command mix over HTTP on the PostgreSQL log (one command app, EVENT_STORE=postgres,
 * read models in SQLite beside it) against the raw `pg` baseline above, in interleaved rounds of
 * the same length and number of clients on the same server; and the same app on SQLite, to say
 * where PostgreSQL stands against the default store.
 */
export async function p9(ctx: BenchContext): Promise<TargetResult> {
  const unavailable = await postgresUnavailable();
  if (unavailable) {
    ctx.log(`P9 skipped: ${unavailable}`);
    return notMeasured(P9_TARGET, unavailable);
  }
  const runs = 3;
  const clients = 64;
  const durationMs = ctx.quick ? 2_500 : 10_000;
  const warmUpMs = ctx.quick ? 1_500 : 5_000;
  const agenciesCount = ctx.quick ? 128 : 1_000;
  const dir = tempDir('p9');
  const db = await scratchDatabase('p9');
  let app: RunningApp | undefined;
  let onSqlite: RunningApp | undefined;
  try {
    app = await startPostgresCommandApp(join(dir, 'data'), db);
    // The same app on the default SQLite log, same load: where PostgreSQL stands against it.
    onSqlite = await startCommandApp(join(dir, 'sqlite'));
    const agencies = scaledAgencies(agenciesCount, ctx.seed);
    const seeded = await seed(app.url, agencies, clients);
    const seededSqlite = await seed(onSqlite.url, agencies, clients);
    const staff = await token('staff', 'bench-staff');
    const sizes = await storedSizes(db);
    ctx.log(`P9 stored event sizes (average): data ${sizes.data} chars, metadata ${sizes.metadata} chars`);
    const measured: { raw: MixRun[]; engine: MixRun[]; sqlite: MixRun[] } = {
      raw: [],
      engine: [],
      sqlite: [],
    };
    for (let run = -1; run < runs; run++) {
      const ms = run < 0 ? warmUpMs : durationMs;
      const raw = await rawPgInserts(db, clients, ms, sizes, `r${run + 1}`);
      const engine = await runMix(
        { urls: [app.url], pids: [app.child.pid], idPrefix: `P9-${ctx.seed}-${run + 1}` },
        seeded,
        agencies,
        staff,
        { clients, ms, seed: ctx.seed + 1000 + run },
      );
      const sqlite = await runMix(
        { urls: [onSqlite.url], pids: [onSqlite.child.pid], idPrefix: `P9-sqlite-${ctx.seed}-${run + 1}` },
        seededSqlite,
        agencies,
        staff,
        { clients, ms, seed: ctx.seed + 1000 + run },
      );
      const label = run < 0 ? 'warm-up (not counted)' : `run ${run + 1}`;
      ctx.log(
        `P9 ${label}: raw pg ${Math.round(raw.rate)}/s p99 ${raw.p99.toFixed(1)} ms; engine on PostgreSQL ${Math.round(engine.rate)}/s p99 ${engine.p99.toFixed(1)} ms ${engine.detail.cpuUsPerCommand} µs, failures ${JSON.stringify(engine.detail.failures)}, conflicts ${engine.detail.conflicts}; on SQLite ${Math.round(sqlite.rate)}/s p99 ${sqlite.p99.toFixed(1)} ms ${sqlite.detail.cpuUsPerCommand} µs`,
      );
      if (run >= 0) {
        measured.raw.push(raw);
        measured.engine.push(engine);
        measured.sqlite.push(sqlite);
      }
    }
    const rates = measured.engine.map((r) => r.rate);
    const s = spread(rates);
    const baseline = median(measured.raw.map((r) => r.rate));
    const ratio = s.value / baseline;
    const p99s = measured.engine.map((r) => r.p99);
    const p99 = median(p99s);
    return {
      ...s,
      unit: 'commands/s',
      baseline: sig(baseline),
      baselineName: `raw pg: ${clients} clients each committing one-row INSERTs (synchronous_commit=on), same row sizes`,
      ratio: round(ratio, 3),
      target: P9_TARGET,
      runs: rates.map(sig),
      met: ratio >= 0.5 && p99 <= 50,
      details: {
        clients,
        durationMsPerRun: durationMs,
        warmUpMs,
        agencies: agenciesCount,
        p99Ms: round(p99),
        p99MsRuns: p99s.map((v) => round(v)),
        rowSizes: sizes,
        raw: {
          value: sig(baseline),
          runs: measured.raw.map((r) => sig(r.rate)),
          p99Ms: round(median(measured.raw.map((r) => r.p99))),
          perRun: measured.raw.map((r) => r.detail),
        },
        onSqlite: {
          value: sig(median(measured.sqlite.map((r) => r.rate))),
          runs: measured.sqlite.map((r) => sig(r.rate)),
          p99Ms: round(median(measured.sqlite.map((r) => r.p99))),
          postgresToSqlite: round(s.value / median(measured.sqlite.map((r) => r.rate)), 3),
          perRun: measured.sqlite.map((r) => r.detail),
        },
        perRun: measured.engine.map((r) => r.detail),
        method:
          "P1's mix (1/3 TakePledge, 1/3 AddOfficers (1), 1/3 RecordTraining (1), 64 HTTP clients, real JWTs) on one command app with EVENT_STORE=postgres on the local server; raw baseline, engine on PostgreSQL and the same engine on SQLite (onSqlite) in interleaved rounds; only 2xx counted",
      },
    };
  } finally {
    await Promise.all([app?.stop(), onSqlite?.stop()]);
    await db.drop().catch((err: Error) => ctx.log(`P9: could not drop ${db.name}: ${err.message}`));
    removeDir(dir);
  }
}
