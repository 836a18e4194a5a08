import { createHash } from 'node:crypto';
import { ConfigError, parseWholeNumber, type Config } from '../../../config/src/index.js';

/**
 * `ONEMIND_QUEUE_PREFIX`: the BullMQ key prefix, so several installations (or test runs) can share
 * one Redis. Default: `onemind` in production; elsewhere `onemind-<hash of the data folder>`, so
 * every development checkout and every test app has its own queues and never runs another's jobs
 * (the command app, the projector and the CLI on one data folder agree on it).
 */
export function queuePrefix(config: Pick<Config, 'production' | 'dataDir'>, env: NodeJS.ProcessEnv = process.env): string {
  if (env.ONEMIND_QUEUE_PREFIX) return env.ONEMIND_QUEUE_PREFIX;
  if (config.production) return 'onemind';
  return `onemind-${createHash('sha256').update(config.dataDir).digest('hex').slice(0, 12)}`;
}

/** `ONEMIND_WORKERS=off` starts the command app without BullMQ workers (e.g. an HTTP-only instance). */
export const workersEnabled = (env: NodeJS.ProcessEnv = process.env): boolean => env.ONEMIND_WORKERS !== 'off';

/**
 * `ONEMIND_WORKER_LOCK_MS` (default 30000): how long a worker owns a job before BullMQ considers it
 * stalled and hands it to another (which is why every handler is idempotent through its decider).
 * `ONEMIND_WORKER_CONCURRENCY` (default 4): jobs per queue per process.
 */
export function workerOptions(env: NodeJS.ProcessEnv = process.env) {
  const lockDuration = positive(env, 'ONEMIND_WORKER_LOCK_MS', 30_000);
  // A stalled job runs again; the deciders make that harmless, so allow more than BullMQ's one stall.
  return { lockDuration, stalledInterval: lockDuration, maxStalledCount: 5, concurrency: positive(env, 'ONEMIND_WORKER_CONCURRENCY', 4) };
}

/** NaN (from `abc`) or 0 would give BullMQ a lock that never holds or workers that never run. */
function positive(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const v = env[name];
  if (v === undefined || v === '') return fallback;
  const n = parseWholeNumber(v);
  if (n === null || n < 1) throw new ConfigError(`${name} must be a whole number ≥ 1, not "${v}"`);
  return n;
}
