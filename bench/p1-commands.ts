import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { scaledAgencies, type BenchAgency } from './lib/agencies.js';
import { engineOnlyRates } from './lib/engine-load.js';
import { removeDir, startCommandApp, tempDir } from './lib/app.js';
import { expectOk, pledgeBody, postJson, send, token } from './lib/http.js';
import { type BenchContext, type TargetResult } from './lib/result.js';
import { rng, pick } from './lib/rng.js';
import { median, percentile, round, sig, spread } from './lib/stats.js';

/**
 * Baseline: raw better-sqlite3, WAL, synchronous=FULL, one INSERT of an event-sized row per
 * transaction, as fast as one thread can go — the rate the engine must match over HTTP.
 */
export function rawOneEventTxPerSecond(dir: string, ms: number): number {
  const db = new Database(join(dir, `raw-${Date.now()}-${Math.random().toString(36).slice(2)}.sqlite`));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(`CREATE TABLE events (position INTEGER PRIMARY KEY, stream_id TEXT NOT NULL, revision INTEGER NOT NULL,
    id TEXT NOT NULL UNIQUE, type TEXT NOT NULL, data TEXT NOT NULL, metadata TEXT NOT NULL, hash TEXT NOT NULL, UNIQUE (stream_id, revision))`);
  const insert = db.prepare('INSERT INTO events (stream_id, revision, id, type, data, metadata, hash) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const tx = db.transaction((i: number) => insert.run(`agency-${i % 100}`, i, `id-${i}`, 'OfficerTrained', '{"officerRef":"o-1","programId":"cit","completedOn":"2025-05-20"}', '{"actor":{"sub":"bench","role":"agency"}}', 'f'.repeat(64)));
  let n = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < ms) tx(n++);
  const rate = n / ((performance.now() - t0) / 1000);
  db.close();
  return rate;
}

/** Sum of the app's `onemind_command_conflicts_total` (commands re-decided after a lost race). */
async function conflictCount(url: string): Promise<number> {
  const text = (await send(url, 'GET', '/metrics', undefined)).body;
  return text.split('\n').filter((l) => l.startsWith('onemind_command_conflicts_total')).reduce((sum, l) => sum + Number(l.split(' ').pop()), 0);
}

/** CPU seconds (user + system) a process has used so far; Linux only (null elsewhere). */
function cpuSeconds(pid: number | undefined): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in USER_HZ ticks
  } catch {
    return null;
  }
}

interface Seeded {
  agency: BenchAgency;
  token: string;
  officers: string[];
}

async function pool<T>(items: T[], concurrency: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < items.length) await fn(items[next++]);
  }));
}

export async function p1(ctx: BenchContext): Promise<TargetResult> {
  const runs = 3;
  const clients = 64;
  const durationMs = ctx.quick ? 2_500 : 10_000;
  const warmUpMs = ctx.quick ? 1_500 : 5_000;
  const agenciesCount = ctx.quick ? 128 : 1_000;
  const dir = tempDir('p1');
  try {
    // 1. Baseline first, on the same disk.
    const baselineRuns: number[] = [];
    for (let i = 0; i < runs; i++) baselineRuns.push(rawOneEventTxPerSecond(dir, ctx.quick ? 1_000 : 2_000));
    const baseline = median(baselineRuns);
    ctx.log(`P1 baseline raw one-event FULL tx/s: ${baselineRuns.map((x) => Math.round(x)).join(', ')}`);

    // 2. The same mix without HTTP (decide + group commit in this process): what the write path reaches.
    const engineRuns = await engineOnlyRates(dir, scaledAgencies(agenciesCount, ctx.seed + 7), ctx.seed, runs, ctx.quick ? 1_500 : 5_000);
    const engine = median(engineRuns);
    ctx.log(`P1 engine without HTTP: ${engineRuns.map((x) => Math.round(x)).join(', ')} commands/s = ${(engine / baseline).toFixed(2)} x the raw rate`);

    const app = await startCommandApp(join(dir, 'data'));
    // BENCH_P1_INSTANCES=n: n command apps on the one data folder, clients spread over them (they
    // contend for SQLite's write lock; measured at 0.7 x one instance, so not the default).
    const extra = await Promise.all(Array.from({ length: Number(process.env.BENCH_P1_INSTANCES ?? 1) - 1 }, () => startCommandApp(join(dir, 'data'))));
    const urls = [app.url, ...extra.map((a) => a.url)];
    try {
      // 3. Seed: real Texas agencies (repeated), each pledged with 4 officers on its roster.
      const agencies = scaledAgencies(agenciesCount, ctx.seed);
      const seeded: Seeded[] = [];
      for (const a of agencies) seeded.push({ agency: a, token: await token('agency', `bench-${a.agencyId}`, a.agencyId), officers: [] });
      await pool(seeded, clients, async (s) => {
        expectOk(await postJson(app.url, `/v1/agencies/${s.agency.agencyId}/pledge`, s.token, pledgeBody(s.agency)), 'seed pledge');
        const officers = Array.from({ length: 4 }, (_, i) => ({ officerRef: `${s.agency.agencyId}-o${i}`, joinedOn: '2019-06-01' }));
        expectOk(await postJson(app.url, `/v1/agencies/${s.agency.agencyId}/officers`, s.token, { officers }), 'seed officers');
        s.officers.push(...officers.map((o) => o.officerRef));
      });
      const staff = await token('staff', 'bench-staff');

      // 4. Load: 64 clients, each one request at a time, a third of each command.
      const rates: number[] = [];
      const p99s: number[] = [];
      const details: Record<string, unknown>[] = [];
      let newAgency = 0;
      let newOfficer = 0;
      // Run -1 is a warm-up (JIT, caches, connections): measured like the others, then dropped.
      for (let run = -1; run < runs; run++) {
        const r = rng(ctx.seed + 1000 + run);
        const latencies: number[] = [];
        const byKind: Record<string, number> = { pledge: 0, officer: 0, training: 0 };
        const failures: Record<string, number> = {};
        const conflictsBefore = (await Promise.all(urls.map(conflictCount))).reduce((a, b) => a + b, 0);
        const cpuBefore = [app, ...extra].map((a) => cpuSeconds(a.child.pid));
        const t0 = performance.now();
        const deadline = t0 + (run < 0 ? warmUpMs : durationMs);
        await Promise.all(Array.from({ length: clients }, async (_, client) => {
          const url = urls[client % urls.length];
          while (performance.now() < deadline) {
            const x = r();
            let reply;
            let kind: string;
            if (x < 1 / 3) {
              kind = 'pledge';
              const template = pick(r, agencies);
              const id = `P1-${ctx.seed}-${newAgency++}`;
              reply = await postJson(url, `/v1/agencies/${id}/pledge`, staff, pledgeBody(template));
            } else if (x < 2 / 3) {
              kind = 'officer';
              const s = pick(r, seeded);
              const ref = `${s.agency.agencyId}-n${newOfficer++}`;
              reply = await postJson(url, `/v1/agencies/${s.agency.agencyId}/officers`, s.token, { officers: [{ officerRef: ref, joinedOn: '2021-02-01' }] });
              if (reply.status < 300) s.officers.push(ref);
            } else {
              kind = 'training';
              const s = pick(r, seeded);
              reply = await postJson(url, `/v1/agencies/${s.agency.agencyId}/trainings`, s.token, {
                records: [{ officerRef: pick(r, s.officers), programId: pick(r, ['cit', 'crit', 'mhfa', 'mhfa-public-safety']), completedOn: '2025-05-20', hours: 40 }],
              });
            }
            if (reply.status >= 200 && reply.status < 300) {
              latencies.push(reply.ms);
              byKind[kind] += 1;
            } else {
              const k = `${kind} ${reply.status}`;
              failures[k] = (failures[k] ?? 0) + 1;
            }
          }
        }));
        const seconds = (performance.now() - t0) / 1000;
        const cpuAfter = [app, ...extra].map((a) => cpuSeconds(a.child.pid));
        const conflicts = (await Promise.all(urls.map(conflictCount))).reduce((a, b) => a + b, 0) - conflictsBefore;
        // The app's CPU per command: steadier than the rate on a shared machine, so A/B comparisons use it.
        const cpuUsPerCommand = cpuAfter.every((c, i) => c !== null && cpuBefore[i] !== null)
          ? round((cpuAfter.reduce<number>((sum, c, i) => sum + c! - cpuBefore[i]!, 0) / Math.max(1, latencies.length)) * 1e6, 0)
          : null;
        const rate = latencies.length / seconds;
        const p99 = percentile(latencies, 99);
        if (run < 0) {
          ctx.log(`P1 warm-up: ${Math.round(rate)} commands/s, p99 ${p99.toFixed(1)} ms, app CPU ${cpuUsPerCommand} µs/command (not counted)`);
          continue;
        }
        rates.push(rate);
        p99s.push(p99);
        details.push({ commands: latencies.length, seconds: round(seconds), p50Ms: round(percentile(latencies, 50)), p99Ms: round(p99), byKind, failures, conflicts, cpuUsPerCommand });
        ctx.log(`P1 run ${run + 1}: ${Math.round(rate)} commands/s, p99 ${p99.toFixed(1)} ms, failures ${JSON.stringify(failures)}, conflicts re-decided ${conflicts}, app CPU ${cpuUsPerCommand} µs/command`);
      }
      const s = spread(rates);
      const ratio = s.value / baseline;
      const p99 = median(p99s);
      return {
        ...s,
        unit: 'commands/s',
        baseline: sig(baseline),
        baselineName: 'raw one-event FULL tx/s',
        ratio: round(ratio, 3),
        target: '>= 1.0 and p99 <= 25 ms',
        runs: rates.map(sig),
        met: ratio >= 1 && p99 <= 25,
        details: {
          clients,
          instances: urls.length,
          durationMsPerRun: durationMs,
          warmUpMs,
          agencies: agenciesCount,
          p99Ms: round(p99),
          p99MsRuns: p99s.map((x) => round(x)),
          baselineRuns: baselineRuns.map(sig),
          engineWithoutHttp: { value: sig(engine), ratio: round(engine / baseline, 3), runs: engineRuns.map(sig), method: 'the same command mix through handleCommand (decide, group commit, fsync) from 64 concurrent callers in the benchmark process, no HTTP' },
          perRun: details,
          method: 'one HTTP request in flight per client (keep-alive, real HS256 JWTs, validation on), 1/3 TakePledge of a new agency, 1/3 AddOfficers (1), 1/3 RecordTraining (1) on seeded Texas agencies; only 2xx counted',
        },
      };
    } finally {
      await Promise.all(extra.map((a) => a.stop()));
      await app.stop();
    }
  } finally {
    removeDir(dir);
  }
}
