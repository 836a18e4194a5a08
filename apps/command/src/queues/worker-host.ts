import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { DelayedError, UnrecoverableError, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import type { Config } from '#config';
import { JOB_QUEUE, QUEUE_NAMES, type JobHandlers, type JobName, type RunningJob } from '#jobs';
import { checkRedisEvictionPolicy, queuePrefix, workerOptions, workersEnabled } from '#jobs/redis';
import { CLOCK, CONFIG, type Clock } from '../infra/tokens.js';
import { DeadlineJobs } from '../timers/deadline.jobs.js';
import { DocumentJobs } from '../documents/document.jobs.js';
import { MailJobs } from '../mail/mail.jobs.js';
import { NotificationJobs } from '../mail/notification.jobs.js';
import { completeHandlers } from '../infra/job-handlers.js';

/** One BullMQ Worker per queue, routing each job by name to its one handler. */
@Injectable()
export class WorkerHost implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Workers');
  private readonly handlers: JobHandlers;
  private workers: Worker[] = [];
  private connection?: Redis;

  constructor(
    @Inject(CONFIG) private readonly config: Config,
    @Inject(CLOCK) private readonly clock: Clock,
    timers: DeadlineJobs,
    documents: DocumentJobs,
    mail: MailJobs,
    notifications: NotificationJobs,
  ) {
    this.handlers = completeHandlers(timers, documents, mail, notifications);
  }

  async onApplicationBootstrap() {
    if (!workersEnabled(this.config)) return this.logger.log({ msg: 'workers off (ONEMIND_WORKERS=off)' });
    await checkRedisEvictionPolicy(this.redis(), this.config.production, (msg) => this.logger.warn({ msg }));
    const prefix = queuePrefix(this.config);
    this.workers = QUEUE_NAMES.map(
      (name) =>
        new Worker(name, (job, token) => this.process(job, token), {
          connection: this.redis(),
          prefix,
          ...workerOptions(this.config),
        }),
    );
    // Without an 'error' listener a lost lock after a stall, or Redis gone, would crash the process.
    for (const w of this.workers)
      w.on('failed', (job, err) =>
        this.logger.warn({ msg: 'job failed', jobId: job?.id, error: err.message }),
      ).on('error', (err) => this.logger.warn({ msg: 'worker error', error: err.message }));
  }

  /**
   * Never early (G5): a job handed out before its due time (a fast host clock promoting delayed
   * jobs, a manual promote) is put back. "Now" is the earlier of this process's clock and the Redis
   * server's: a worker whose own clock is fast waits for the shared one, one whose clock is slow
   * waits for its own (else its decider would answer "not yet" and the timer would be lost).
   */
  async process(job: Job, token?: string): Promise<void> {
    const running = typedJob(job);
    const wait = Date.parse(running.data.dueAt) - (await this.trustedNow());
    if (wait > 0) {
      await job.moveToDelayed(Date.now() + wait, token);
      throw new DelayedError();
    }
    await dispatch(this.handlers, running.name, running);
  }

  private async trustedNow(): Promise<number> {
    const [seconds, micros] = await this.redis().time();
    return Math.min(Date.parse(this.clock.now()), Number(seconds) * 1000 + Math.floor(Number(micros) / 1000));
  }

  /** Lazy: an app with workers off still answers `process` (tests drive their own Worker instances). */
  redis(): Redis {
    return (this.connection ??= new Redis(this.config.redisUrl, { maxRetriesPerRequest: null }));
  }

  async onApplicationShutdown() {
    await Promise.all(this.workers.map((w) => w.close()));
    this.connection?.disconnect();
  }
}

/**
 * The Redis boundary: a job's name is checked against the union; its data is what this engine's
 * reactor wrote under that name (nothing else writes to these queues), so it is typed by the name.
 */
function typedJob(job: Job): RunningJob<JobName> {
  if (!Object.prototype.hasOwnProperty.call(JOB_QUEUE, job.name))
    throw new UnrecoverableError(`unknown job "${job.name}"`);
  return { name: job.name, data: job.data, id: job.id ?? '' } as RunningJob<JobName>;
}

const dispatch = <K extends JobName>(handlers: JobHandlers, name: K, job: RunningJob<K>): Promise<void> =>
  handlers[name](job);
