import type { Job } from 'bullmq';
import { UnrecoverableError } from 'bullmq';
import { DomainError } from '../../../../libs/domain/src/index.js';
import type { JobName } from '../../../../libs/jobs/src/index.js';

/** One handler per job name; the worker host checks at start-up that every name has exactly one. */
export type JobHandlers = Partial<Record<JobName, (job: Job) => Promise<void>>>;

export interface HandlesJobs {
  readonly handlers: JobHandlers;
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
