import Database from 'better-sqlite3';
import { join } from 'node:path';
import { scaledAgencies, type BenchAgency } from './lib/agencies.js';
import { pool, runMix, type MixRun, type Seeded } from './lib/command-mix.js';
import { engineOnlyRates } from './lib/engine-load.js';
import { removeDir, startCommandApp, startFloorServer, tempDir } from './lib/app.js';
import { expectOk, pledgeBody, postJson, token } from './lib/http.js';
import { type BenchContext, type TargetResult } from './lib/result.js';
import { median, round, sig, spread } from './lib/stats.js';

/**
 * Raw better-sqlite3, WAL, synchronous=FULL, one INSERT of an event-sized row per transaction, as
 * fast as one thread can go: P1's baseline until 2026-12 (a disk figure with no HTTP in it), kept
 * beside the floor server so the disk of the day is visible.
 */
export function rawOneEventTxPerSecond(dir: string, ms: number): number {
  const db = new Database(join(dir, `raw-${Date.now()}-${Math.random().toString(36).slice(2)}.sqlite`));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(`CREATE TABLE events (position INTEGER PRIMARY KEY, stream_id TEXT NOT NULL, revision INTEGER NOT NULL,
    id TEXT NOT NULL UNIQUE, type TEXT NOT NULL, data TEXT NOT NULL, metadata TEXT NOT NULL, hash TEXT NOT NULL, UNIQUE (stream_id, revision))`);
  const insert = db.prepare(
    'INSERT INTO events (stream_id, revision, id, type, data, metadata, hash) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const tx = db.transaction((i: number) =>
    insert.run(
      `agency-${i % 100}`,
      i,
      `id-${i}`,
      'OfficerTrained',
      '{"officerRef":"o-1","programId":"cit","completedOn":"2025-05-20"}',
      '{"actor":{"sub":"bench","role":"agency"}}',
      'f'.repeat(64),
    ),
  );
  let n = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < ms) tx(n++);
  const rate = n / ((performance.now() - t0) / 1000);
  db.close();
  return rate;
}

export async function p1(ctx: BenchContext): Promise<TargetResult> {
  const runs = 3;
  // BENCH_P1_CLIENTS=n: another number of connections (the target is stated at 64); used to show
  // where the p99 tail comes from (issue 15): at saturation, latency grows with the queue.
  const clients = Number(process.env.BENCH_P1_CLIENTS ?? 64);
  const durationMs = ctx.quick ? 2_500 : 10_000;
  const warmUpMs = ctx.quick ? 1_500 : 5_000;
  const agenciesCount = ctx.quick ? 128 : 1_000;
  const dir = tempDir('p1');
  try {
    // 1. The disk of the day, and the same mix without HTTP (decide + group commit in this process).
    const rawRuns: number[] = [];
    for (let i = 0; i < runs; i++) rawRuns.push(rawOneEventTxPerSecond(dir, ctx.quick ? 1_000 : 2_000));
    const raw = { value: median(rawRuns), runs: rawRuns };
    ctx.log(`P1 raw one-event FULL tx/s: ${rawRuns.map((x) => Math.round(x)).join(', ')}`);
    const engineOnlyRuns = await engineOnlyRates(
      dir,
      scaledAgencies(agenciesCount, ctx.seed + 7),
      ctx.seed,
      runs,
      ctx.quick ? 1_500 : 5_000,
    );
    const engineOnly = { value: median(engineOnlyRuns), runs: engineOnlyRuns };
    ctx.log(`P1 engine without HTTP: ${engineOnlyRuns.map((x) => Math.round(x)).join(', ')} commands/s`);

    const app = await startCommandApp(join(dir, 'data'));
    // BENCH_P1_INSTANCES=n: n command apps on the one data folder, clients spread over them (they
    // contend for SQLite's write lock; measured at 0.7 x one instance, so not the default).
    const extra = await Promise.all(
      Array.from({ length: Number(process.env.BENCH_P1_INSTANCES ?? 1) - 1 }, () =>
        startCommandApp(join(dir, 'data')),
      ),
    );
    const floor = await startFloorServer(join(dir, 'floor'));
    try {
      // 3. Seed both servers alike: real Texas agencies (repeated), each pledged with 4 officers.
      const agencies = scaledAgencies(agenciesCount, ctx.seed);
      const engineSeeded = await seed(app.url, agencies, clients);
      const floorSeeded = await seed(floor.url, agencies, clients);
      const staff = await token('staff', 'bench-staff');
      const engine = {
        urls: [app.url, ...extra.map((a) => a.url)],
        pids: [app, ...extra].map((a) => a.child.pid),
      };

      // 4. Interleaved rounds (floor, then engine, with the same load loop): a noisy minute hurts both.
      //    Round -1 is a warm-up (JIT, caches, connections): measured like the others, then dropped.
      const measured: { floor: MixRun[]; engine: MixRun[] } = { floor: [], engine: [] };
      for (let run = -1; run < runs; run++) {
        const opts = { clients, ms: run < 0 ? warmUpMs : durationMs, seed: ctx.seed + 1000 + run };
        const f = await runMix(
          { urls: [floor.url], pids: [floor.child.pid], idPrefix: `F${run + 1}` },
          floorSeeded,
          agencies,
          staff,
          opts,
        );
        const e = await runMix(
          { ...engine, idPrefix: `P1-${ctx.seed}-${run + 1}` },
          engineSeeded,
          agencies,
          staff,
          opts,
        );
        const label = run < 0 ? 'warm-up (not counted)' : `run ${run + 1}`;
        ctx.log(
          `P1 ${label}: floor ${Math.round(f.rate)}/s p99 ${f.p99.toFixed(1)} ms ${f.detail.cpuUsPerCommand} µs; engine ${Math.round(e.rate)}/s p99 ${e.p99.toFixed(1)} ms ${e.detail.cpuUsPerCommand} µs, failures ${JSON.stringify(e.detail.failures)}, conflicts ${e.detail.conflicts}`,
        );
        if (run >= 0) {
          measured.floor.push(f);
          measured.engine.push(e);
        }
      }
      return p1Result(measured, {
        raw,
        engineOnly,
        clients,
        instances: engine.urls.length,
        durationMs,
        warmUpMs,
        agenciesCount,
      });
    } finally {
      await Promise.all([...extra.map((a) => a.stop()), floor.stop()]);
      await app.stop();
    }
  } finally {
    removeDir(dir);
  }
}

/** Pledges every agency with 4 officers on one server; each server gets its own copy of the refs (also P9, P11). */
export async function seed(url: string, agencies: BenchAgency[], clients: number): Promise<Seeded[]> {
  const seeded: Seeded[] = [];
  for (const a of agencies)
    seeded.push({ agency: a, token: await token('agency', `bench-${a.agencyId}`, a.agencyId), officers: [] });
  await pool(seeded, clients, async (s) => {
    expectOk(
      await postJson(url, `/v1/agencies/${s.agency.agencyId}/pledge`, s.token, pledgeBody(s.agency)),
      'seed pledge',
    );
    const officers = Array.from({ length: 4 }, (_, i) => ({
      officerRef: `${s.agency.agencyId}-o${i}`,
      joinedOn: '2019-06-01',
    }));
    expectOk(
      await postJson(url, `/v1/agencies/${s.agency.agencyId}/officers`, s.token, { officers }),
      'seed officers',
    );
    s.officers.push(...officers.map((o) => o.officerRef));
  });
  return seeded;
}

interface P1Setting {
  raw: { value: number; runs: number[] };
  engineOnly: { value: number; runs: number[] };
  clients: number;
  instances: number;
  durationMs: number;
  warmUpMs: number;
  agenciesCount: number;
}

/** PERFORMANCE.md P1: the engine over HTTP >= 0.6 x the floor server measured in the same run, p99 <= 25 ms. */
function p1Result(m: { floor: MixRun[]; engine: MixRun[] }, x: P1Setting): TargetResult {
  const rates = m.engine.map((r) => r.rate);
  const s = spread(rates);
  const floor = median(m.floor.map((r) => r.rate));
  const ratio = s.value / floor;
  const p99s = m.engine.map((r) => r.p99);
  const p99 = median(p99s);
  return {
    ...s,
    unit: 'commands/s',
    baseline: sig(floor),
    baselineName: 'floor server (node:http + jose + better-sqlite3 WAL FULL, group commit), same load',
    ratio: round(ratio, 3),
    target: '>= 0.6 and p99 <= 25 ms',
    runs: rates.map(sig),
    met: ratio >= 0.6 && p99 <= 25,
    details: {
      clients: x.clients,
      instances: x.instances,
      durationMsPerRun: x.durationMs,
      warmUpMs: x.warmUpMs,
      agencies: x.agenciesCount,
      p99Ms: round(p99),
      p99MsRuns: p99s.map((v) => round(v)),
      floor: {
        value: sig(floor),
        runs: m.floor.map((r) => sig(r.rate)),
        p99Ms: round(median(m.floor.map((r) => r.p99))),
        perRun: m.floor.map((r) => r.detail),
      },
      rawOneEventTx: {
        value: sig(x.raw.value),
        runs: x.raw.runs.map(sig),
        ratio: round(s.value / x.raw.value, 3),
      },
      engineWithoutHttp: {
        value: sig(x.engineOnly.value),
        ratioToFloor: round(x.engineOnly.value / floor, 3),
        runs: x.engineOnly.runs.map(sig),
        method:
          'the same command mix through handleCommand (decide, group commit, fsync) from 64 concurrent callers in the benchmark process, no HTTP',
      },
      perRun: m.engine.map((r) => r.detail),
      method:
        'one HTTP request in flight per client (keep-alive, real HS256 JWTs, validation on), 1/3 TakePledge of a new agency, 1/3 AddOfficers (1), 1/3 RecordTraining (1) on seeded Texas agencies; only 2xx counted; floor and engine measured in interleaved rounds with the same loop',
    },
  };
}
