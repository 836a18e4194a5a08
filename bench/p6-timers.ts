import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Redis } from 'ioredis';
import { SqliteEventStore } from '#event-store';
import { scaledAgencies } from './lib/agencies.js';
import { BENCH_REDIS_PREFIX, REDIS_URL, removeDir, tempDir } from './lib/app.js';
import { generateLog } from './lib/log-generator.js';
import { notMeasured, type BenchContext, type TargetResult } from './lib/result.js';
import { round, spread } from './lib/stats.js';

const JOBS = fileURLToPath(new URL('../libs/jobs/src/redis/index.js', import.meta.url));
const AGENCIES = 18_000;
/** Quick mode: fewer agencies, and the 10 s ceiling scaled by the same factor (said in the output). */
const QUICK_AGENCIES = 3_000;

async function usedMemory(redis: Redis): Promise<number> {
  const info = await redis.info('memory');
  return Number(/used_memory:(\d+)/.exec(info)?.[1] ?? NaN);
}

async function deletePrefix(redis: Redis, prefix: string): Promise<number> {
  let cursor = '0';
  let n = 0;
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length) n += await redis.del(...keys);
  } while (cursor !== '0');
  return n;
}

/** Reconcile of 18,000 pledged agencies' reminder and lapse jobs into an empty (dedicated) prefix. */
export async function p6(ctx: BenchContext): Promise<TargetResult> {
  const target = '<= 10 s and Redis memory <= 150 MB';
  if (!existsSync(JOBS)) return notMeasured(target, 'libs/jobs/src/redis (timers reconcile) is not built');
  const mod = (await import(pathToFileURL(JOBS).href)) as Record<string, any>;
  if (typeof mod.reconcile !== 'function' || typeof mod.JobQueues !== 'function') {
    return notMeasured(target, 'libs/jobs/src/redis exports no reconcile()/JobQueues yet');
  }
  const agencies = ctx.quick ? QUICK_AGENCIES : AGENCIES;
  const ceiling = (10 * agencies) / AGENCIES;
  const dir = tempDir('p6');
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 2 });
  try {
    const log = join(dir, 'events.sqlite');
    const written = await generateLog(log, scaledAgencies(agencies, ctx.seed), {
      seed: ctx.seed,
      officers: false,
    });
    ctx.log(`P6: ${written} pledge events for ${agencies} agencies`);
    const store = new SqliteEventStore(log, { readonly: true });
    const secs: number[] = [];
    const mem: number[] = [];
    const jobs: number[] = [];
    const runs = 3;
    try {
      for (let run = 0; run < runs; run++) {
        const prefix = `${BENCH_REDIS_PREFIX}p6-${run}`;
        await deletePrefix(redis, prefix);
        const before = await usedMemory(redis);
        const queues = new mod.JobQueues(REDIS_URL, prefix);
        try {
          const t0 = performance.now();
          const report = await mod.reconcile(store, queues, () => new Date().toISOString());
          secs.push((performance.now() - t0) / 1000);
          const after = await usedMemory(redis);
          mem.push((after - before) / 1e6);
          jobs.push(Number(report?.pending ?? report?.added?.length ?? NaN));
          ctx.log(
            `P6 run ${run + 1}: ${secs[run].toFixed(2)} s, ${jobs[run]} jobs, Redis +${mem[run].toFixed(1)} MB`,
          );
        } finally {
          await queues.close();
          await deletePrefix(redis, prefix);
        }
      }
    } finally {
      await store.close();
    }
    const s = spread(secs);
    const memMb = spread(mem);
    return {
      ...s,
      unit: 's',
      target,
      runs: secs.map((x) => round(x, 3)),
      met: s.value <= ceiling && (memMb.value * AGENCIES) / agencies <= 150,
      details: {
        agencies,
        scaledDown:
          agencies === AGENCIES
            ? false
            : `quick mode: ${agencies} agencies instead of 18,000; judged against ${ceiling.toFixed(2)} s and ${((150 * agencies) / AGENCIES).toFixed(0)} MB (the targets scaled linearly)`,
        extrapolatedTo18000: {
          seconds: round((s.value * AGENCIES) / agencies, 1),
          redisMemoryMB: round((memMb.value * AGENCIES) / agencies, 0),
        },
        jobs: jobs[0],
        redisMemoryMB: round(memMb.value, 1),
        redisMemoryMBRuns: mem.map((x) => round(x, 1)),
        method:
          'reconcile() of libs/jobs (what `onemind timers reconcile` runs) from a log of 18,000 decided PledgeTaken events into an empty BullMQ prefix of its own; memory = INFO used_memory after − before (the Redis is shared, so other users add noise); the prefix is deleted after each run',
      },
    };
  } finally {
    redis.disconnect();
    removeDir(dir);
  }
}
