import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { QUEUE_NAMES, delayOf, queueOfJobId, type JobSpec, type QueueName } from '../jobs.js';

/** Completed jobs vanish (their effect is in the log); failed ones stay a week for inspection. */
export const JOB_OPTIONS = {
  removeOnComplete: true,
  removeOnFail: { age: 7 * 86_400 },
  attempts: 8,
  backoff: { type: 'exponential', delay: 1_000 },
} as const;

/** The three queues over one connection. `maxRetriesPerRequest: null` is what BullMQ requires. */
export class JobQueues {
  readonly connection: Redis;
  readonly queues: Record<QueueName, Queue>;

  constructor(
    redisUrl: string,
    readonly prefix: string,
  ) {
    this.connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
    this.queues = Object.fromEntries(
      QUEUE_NAMES.map((n) => [n, new Queue(n, { connection: this.connection, prefix })]),
    ) as Record<QueueName, Queue>;
  }

  /** Idempotent: a job id that exists (waiting, delayed, active or failed) is left as it is. */
  async add(spec: JobSpec, now: string): Promise<void> {
    await this.queues[spec.queue].add(spec.job.name, spec.job.data, {
      ...JOB_OPTIONS,
      jobId: spec.id,
      delay: delayOf(spec.job, now),
    });
  }

  /** Many at once, 200 in flight: reconciling thousands of deadlines one round trip at a time is slow. */
  async addMany(specs: JobSpec[], now: string): Promise<void> {
    for (let i = 0; i < specs.length; i += 200)
      await Promise.all(specs.slice(i, i + 200).map((s) => this.add(s, now)));
  }

  /** Best effort: an active (locked) job cannot be removed, and need not be; it will decide nothing. */
  async cancel(id: string): Promise<boolean> {
    try {
      return (await this.queues[queueOfJobId(id)].remove(id)) === 1;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    await Promise.all(Object.values(this.queues).map((q) => q.close()));
    this.connection.disconnect();
  }
}
