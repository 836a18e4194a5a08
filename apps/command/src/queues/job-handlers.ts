import type { Job } from 'bullmq';
import { UnrecoverableError } from 'bullmq';
import { DomainError } from '../../../../libs/domain/src/index.js';
import { JOB_QUEUE, type JobName } from '../../../../libs/jobs/src/index.js';

/** One handler per job name; the worker host checks at start-up that every name has exactly one. */
export type JobHandlers = Partial<Record<JobName, (job: Job) => Promise<void>>>;

export interface HandlesJobs {
  readonly handlers: JobHandlers;
}

/** Merges the features' handlers, refusing to start if a job name has none or two (immich's rule). */
export function completeHandlers(...sets: HandlesJobs[]): JobHandlers {
  const names = sets.flatMap((s) => Object.keys(s.handlers));
  const twice = names.filter((n, i) => names.indexOf(n) !== i);
  const missing = (Object.keys(JOB_QUEUE) as JobName[]).filter((n) => !names.includes(n));
  if (twice.length || missing.length) throw new Error(`job handlers: missing ${missing.join(', ') || 'none'}; twice ${twice.join(', ') || 'none'}`);
  return Object.assign({}, ...sets.map((s) => s.handlers));
}

/**
 * A business rule that says no (no such agency, no certificate) will say no on every retry: fail
 * the job for good instead of retrying it. Anything else (I/O) is retried with backoff.
 */
export async function unlessRefused<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof DomainError) throw new UnrecoverableError(`${err.code}: ${err.message}`);
    throw err;
  }
}
