import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { scaledAgencies } from './lib/agencies.js';
import { removeDir, tempDir } from './lib/app.js';
import { generateLog } from './lib/log-generator.js';
import { childEnv } from './lib/env.js';
import { notMeasured, type BenchContext, type TargetResult } from './lib/result.js';
import { median, round, sig, spread } from './lib/stats.js';

const CHILD = fileURLToPath(new URL('./p3-child.js', import.meta.url));
const REBUILD = fileURLToPath(new URL('../libs/read-models/src/runner/rebuild.js', import.meta.url));

function child(args: string[]): { events: number; ms: number; maxRssMiB: number } {
  const r = spawnSync(process.execPath, [CHILD, ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 24,
    env: childEnv(),
  });
  if (r.status !== 0) throw new Error(`p3-child ${args[0]} failed (${r.status}): ${r.stderr.slice(-1500)}`);
  const last = r.stdout.trim().split('\n').pop()!;
  return JSON.parse(last);
}

export async function p3(ctx: BenchContext): Promise<TargetResult> {
  const target = '>= 0.25';
  if (!existsSync(REBUILD))
    return notMeasured(target, 'the projector rebuild (libs/read-models/src/runner/rebuild.ts) is not built');
  const events = ctx.quick ? 100_000 : 2_000_000;
  const dir = tempDir('p3');
  try {
    const log = join(dir, 'events.sqlite');
    const t0 = performance.now();
    const written = await generateLog(log, scaledAgencies(100_000, ctx.seed), {
      seed: ctx.seed,
      maxEvents: events,
    });
    ctx.log(`P3: generated ${written} events in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const runs = 3;
    const rawRates: number[] = [];
    const rates: number[] = [];
    const rss: number[] = [];
    const rawRss: number[] = [];
    for (let run = 0; run < runs; run++) {
      const raw = child(['raw', log]);
      rawRates.push(raw.events / (raw.ms / 1000));
      rawRss.push(raw.maxRssMiB);
      const out = join(dir, `read-models-${run}.sqlite`);
      const rb = child(['rebuild', log, out]);
      rates.push(written / (rb.ms / 1000));
      rss.push(rb.maxRssMiB);
      ctx.log(
        `P3 run ${run + 1}: raw ${Math.round(rawRates[run])} events/s, rebuild ${Math.round(rates[run])} events/s (reached position ${rb.events}), peak RSS ${Math.round(rb.maxRssMiB)} MiB`,
      );
      removeDir(out);
      removeDir(`${out}-wal`);
      removeDir(`${out}-shm`);
    }
    const s = spread(rates);
    const baseline = median(rawRates);
    const ratio = s.value / baseline;
    return {
      ...s,
      unit: 'events/s',
      baseline: sig(baseline),
      baselineName: 'raw read (pages of 1,000 in position order) + JSON.parse of data and metadata, events/s',
      ratio: round(ratio, 3),
      target,
      runs: rates.map(sig),
      met: ratio >= 0.25,
      details: {
        events: written,
        scaledDown: ctx.quick ? `quick mode: ${written} events instead of 2,000,000` : false,
        peakRssMiB: round(median(rss), 0),
        peakRssMiBRuns: rss.map((x) => round(x, 0)),
        rawPeakRssMiB: round(median(rawRss), 0),
        baselineRuns: rawRates.map(sig),
        method:
          'log generated from the Texas agencies (repeated) through SqliteEventStore.append: a decided PledgeTaken, then OfficerJoined + OfficerTrained per sworn officer; rebuild = buildInto() of libs/read-models/src/runner/rebuild.ts into an empty file, each run in a fresh child process (peak RSS = its maxRSS)',
      },
    };
  } finally {
    removeDir(dir);
  }
}
