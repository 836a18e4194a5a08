import { UnrecoverableError } from 'bullmq';
import { DomainError } from '#domain';
import { CommandRefused } from './command-refused.js';
import type { JobHandlers, JobHandlersFor, JobName } from '#jobs';

/** A feature's share of the job handlers (timers, documents, mail). */
export interface HandlesJobs<K extends JobName> {
  readonly handlers: JobHandlersFor<K>;
}

type Handled<S> = S extends { readonly handlers: infer H } ? keyof H & JobName : never;

/**
 * Joins the features' handlers. Completeness is the compiler's job: the worker host assigns the
 * result to a full `JobHandlers`, so a job name nobody handles does not compile. What types cannot
 * see is two features claiming one name: refused here, at start-up.
 */
export function completeHandlers<S extends { readonly handlers: Partial<JobHandlers> }[]>(
  ...sets: S
): JobHandlersFor<Handled<S[number]>> {
  const names = sets.flatMap((s) => Object.keys(s.handlers));
  const twice = names.filter((n, i) => names.indexOf(n) !== i);
  if (twice.length) throw new Error(`job handlers: ${twice.join(', ')} handled twice`);
  return Object.assign({}, ...sets.map((s) => s.handlers));
}

/**
 * A business rule that says no (no such agency, no certificate) will say no on every retry: fail
 * the job for good instead of retrying it. Anything else (I/O, a stream too busy) is retried with backoff.
 */
export async function unlessRefused<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof DomainError || (err instanceof CommandRefused && !err.retryable))
      throw new UnrecoverableError(`${err.code}: ${err.message}`);
    throw err;
  }
}
