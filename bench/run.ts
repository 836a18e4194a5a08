/**
 * `npm run bench [-- --quick] [-- --only P1,P4] [-- --seed 20261127]`: PERFORMANCE.md's targets,
 * each a median of ≥ 3 runs against a baseline measured in the same run. Writes
 * bench/results/latest.json (the format of PERFORMANCE.md) and prints a table.
 * Never part of `npm test`.
 */
import { execSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { BENCH_REDIS_PREFIX, REDIS_URL, ROOT, removeDir } from './lib/app.js';
import { childEnv } from './lib/env.js';
import { updateDocs } from './report.js';
import { agent } from './lib/http.js';
import { texasAgencies } from './lib/agencies.js';
import type { BenchContext, TargetResult } from './lib/result.js';
import { p1 } from './p1-commands.js';
import { p2 } from './p2-import.js';
import { p3 } from './p3-rebuild.js';
import { p4 } from './p4-large-agency.js';
import { p5 } from './p5-as-of.js';
import { p6 } from './p6-timers.js';
import { p7 } from './p7-documents.js';
import { p8 } from './p8-start.js';
import { e1 } from './e1-evidence-upload.js';
import { p9 } from './p9-postgres.js';
import { p10 } from './p10-postgres-rebuild.js';
import { p11 } from './p11-instances.js';

const TARGETS: [string, string, (ctx: BenchContext) => Promise<TargetResult>][] = [
  ['P1', 'durable commands over HTTP, 64 clients', p1],
  ['P2', 'CSV import, 32,300 officers + 32,300 trainings', p2],
  ['P4', 'command on the largest agency vs a 20-officer one', p4],
  ['P5', 'state as of a date, largest agency', p5],
  ['P8', 'npm start to /health/ready', p8],
  ['P3', 'rebuild of all read models', p3],
  ['P6', 'timers reconcile, 18,000 agencies', p6],
  ['P7', 'certificate + letter PDFs', p7],
  ['P9', "P1's mix on PostgreSQL vs raw pg inserts, 64 clients", p9],
  ['P10', 'rebuild on PostgreSQL read models', p10],
  ['P11', 'two command instances on one PostgreSQL log vs one', p11],
  ['E1', 'evidence upload of a 20 MiB PDF: command app RSS growth', e1],
];
const ORDER = ['P1', 'P2', 'P3', 'P4', 'P5', 'P6', 'P7', 'P8', 'P9', 'P10', 'P11', 'E1'];

/** Removes what the benchmark's apps left in the shared Redis (queues, rate-limit windows). */
async function deleteBenchKeys(): Promise<void> {
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 2, lazyConnect: true });
  try {
    await redis.connect();
    let cursor = '0';
    let n = 0;
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${BENCH_REDIS_PREFIX}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) n += await redis.del(...keys);
    } while (cursor !== '0');
    if (n) console.log(`removed ${n} Redis keys under ${BENCH_REDIS_PREFIX}*`);
  } catch (err) {
    console.warn(`could not clean Redis keys under ${BENCH_REDIS_PREFIX}*: ${(err as Error).message}`);
  } finally {
    redis.disconnect();
  }
}

function args() {
  const argv = process.argv.slice(2);
  const at = (name: string) => {
    const i = argv.indexOf(name);
    return i === -1 ? undefined : argv[i + 1];
  };
  return {
    quick: argv.includes('--quick'),
    only: at('--only')
      ?.split(',')
      .map((s) => s.trim().toUpperCase()),
    seed: Number(at('--seed') ?? 20261127),
    out: at('--out') ?? join(ROOT, 'bench/results/latest.json'),
  };
}

function cell(r: TargetResult): string[] {
  if (r.status === 'not-measured' || r.status === 'failed')
    return [r.status, '', '', '', r.target, r.status === 'failed' ? 'FAILED' : 'not measured'];
  const range = `${r.min ?? ''}–${r.max ?? ''}`;
  const base = r.baseline === undefined ? '' : `${r.baseline}`;
  const ratio = r.ratio === undefined ? '' : `${r.ratio}×`;
  return [`${r.value} ${r.unit}`, range, base, ratio, r.target, r.met ? 'met' : 'MISSED'];
}

export function table(results: Record<string, TargetResult>): string {
  const head = ['target', 'median', 'min–max', 'baseline', 'ratio', 'target', 'verdict'];
  const rows = ORDER.filter((id) => results[id]).map((id) => [id, ...cell(results[id])]);
  const lines = [head, head.map(() => '---'), ...rows].map((r) => `| ${r.join(' | ')} |`);
  return lines.join('\n');
}

async function main() {
  const { quick, only, seed, out } = args();
  const started = new Date();
  // The machine is shared: its load while the benchmark runs says how much to trust the figures.
  const loadAtStart = loadavg().map((x) => Math.round(x * 10) / 10);
  const memGiB = Math.round((totalmem() / 2 ** 30) * 10) / 10;
  let nproc = cpus().length;
  try {
    nproc = Number(execSync('nproc', { env: childEnv() }).toString().trim());
  } catch {
    /* keep os.cpus() */
  }
  const templates = texasAgencies();
  console.log(
    `onemind bench: ${quick ? 'QUICK' : 'FULL'} mode, seed ${seed}, ${nproc} cpus, ${memGiB} GiB, ${started.toISOString()}`,
  );
  console.log(
    `agency sizes: ${templates.length} Texas 2018 agencies with a sworn count (blank skipped, ORIs deduplicated), ${templates.reduce((s, t) => s + t.officers, 0)} officers; largest agency 32,300 (New York)`,
  );
  const ctx: BenchContext = { quick, seed, shared: {}, log: (m) => console.log(`  ${m}`) };
  const results: Record<string, TargetResult> = {};
  for (const [id, what, fn] of TARGETS) {
    if (only && !only.includes(id)) continue;
    // P4, P5 and P8 start from P2's data folder.
    if (only && ['P4', 'P5', 'P8'].includes(id) && !ctx.shared.largeFixture && !only.includes('P2')) {
      results[id] = { status: 'not-measured', reason: 'needs P2 in the same run', target: '', runs: [] };
      continue;
    }
    console.log(`${id}: ${what}`);
    const t0 = performance.now();
    try {
      results[id] = await fn(ctx);
    } catch (err) {
      console.error(`  ${id} failed: ${(err as Error).stack ?? err}`);
      results[id] = {
        status: 'failed',
        reason: String((err as Error).message ?? err).slice(0, 1000),
        target: '',
        runs: [],
      };
    }
    const r = results[id];
    console.log(
      `  ${id} done in ${((performance.now() - t0) / 1000).toFixed(1)} s: ${r.status === 'not-measured' ? `not measured (${r.reason})` : r.status === 'failed' ? 'FAILED' : `${r.value} ${r.unit}${r.ratio !== undefined ? `, ratio ${r.ratio}` : ''}, ${r.met ? 'met' : 'MISSED'}`}`,
    );
  }
  const fixture = ctx.shared.largeFixture as { dataDir: string } | undefined;
  if (fixture) removeDir(join(fixture.dataDir, '..'));
  agent.destroy();
  await deleteBenchKeys();

  const file: Record<string, unknown> = {
    machine: { cpus: nproc, memGiB },
    date: started.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    quick,
    seed,
    durationSeconds: Math.round((Date.now() - started.getTime()) / 1000),
    loadAverage: { start: loadAtStart, end: loadavg().map((x) => Math.round(x * 10) / 10) },
  };
  for (const id of ORDER) if (results[id]) file[id] = results[id];
  mkdirSync(join(out, '..'), { recursive: true });
  writeFileSync(out, JSON.stringify(file, null, 2) + '\n');
  console.log('');
  console.log(table(results));
  console.log(`\nwritten ${out} (${file.durationSeconds} s)`);
  // Only a complete run to the default file describes "where the engine stands".
  if (out === join(ROOT, 'bench/results/latest.json') && !only && updateDocs())
    console.log('docs/benchmarks.md and README.md: latest table updated');
}

await main();
