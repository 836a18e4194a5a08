import type { QueuesConfig } from '#config';

/**
 * The BullMQ key prefix (`ONEMIND_QUEUE_PREFIX`), so several installations (or test runs) can share
 * one Redis; its default (per data folder outside production) is loadConfig's.
 */
export const queuePrefix = (config: { queues: Pick<QueuesConfig, 'prefix'> }): string => config.queues.prefix;

/** `ONEMIND_WORKERS=off` starts the command app without BullMQ workers (e.g. an HTTP-only instance). */
export const workersEnabled = (config: { queues: Pick<QueuesConfig, 'workers'> }): boolean =>
  config.queues.workers;

/**
 * `ONEMIND_WORKER_LOCK_MS`: how long a worker owns a job before BullMQ considers it stalled and
 * hands it to another (which is why every handler is idempotent through its decider).
 * `ONEMIND_WORKER_CONCURRENCY`: jobs per queue per process.
 */
export function workerOptions(config: { queues: Pick<QueuesConfig, 'lockMs' | 'concurrency'> }) {
  const lockDuration = config.queues.lockMs;
  // A stalled job runs again; the deciders make that harmless, so allow more than BullMQ's one stall.
  return {
    lockDuration,
    stalledInterval: lockDuration,
    maxStalledCount: 5,
    concurrency: config.queues.concurrency,
  };
}
