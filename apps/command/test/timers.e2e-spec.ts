import { spawn, type ChildProcess } from 'node:child_process';
import { Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import type { EventStore } from '#event-store';
import { deadlineJobId } from '#jobs';
import { JobQueues, reconcile } from '#jobs/redis';
import { WorkerHost } from '../src/queues/worker-host.js';
import { TestApp } from './support/test-app.js';
import {
  REDIS_URL,
  appendAgencyEvents,
  deletePrefix,
  eventsOfType,
  isoDay,
  pledgeTaken,
  testPrefix,
  waitFor,
} from './support/timers-support.js';

const SEED = Number(process.env.SEED ?? Date.now() % 2 ** 31);
const random = (() => {
  let s = SEED;
  return () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
})();
const PAST = 600;
const SOON = 200;
const LOCK_MS = 500;

/**
 * G5 under faults: three workers (a child process running the built command app, killed with -9
 * mid-run, and two in-process workers that sometimes stall past their lock) share the queue. Every
 * due deadline takes effect exactly once, none is lost.
 */
describe('due deadlines across 3 workers with stalls and a kill -9 (e2e)', () => {
  const prefix = testPrefix();
  process.env.ONEMIND_QUEUE_PREFIX = prefix;
  process.env.ONEMIND_WORKERS = 'off'; // this app only dispatches; the workers below are explicit
  const t = new TestApp();
  let store: EventStore;
  let queues: JobQueues;
  let child: ChildProcess | undefined;
  const workers: Worker[] = [];
  const connections: Redis[] = [];

  beforeAll(async () => {
    console.log(`timers.e2e seed=${SEED} (re-run with SEED=${SEED})`);
    store = await t.openLog();
    for (let i = 0; i < PAST; i++)
      await appendAgencyEvents(store, `past-${i}`, [
        pledgeTaken(`past-${i}`, isoDay(-1 - (i % 30)), isoDay(-1200)),
      ]);
    for (let i = 0; i < SOON; i++)
      await appendAgencyEvents(store, `soon-${i}`, [pledgeTaken(`soon-${i}`, isoDay(3), isoDay(-1000))]);
    await t.start();
    queues = new JobQueues(REDIS_URL, prefix);
  }, 60_000);

  afterAll(async () => {
    child?.kill('SIGKILL');
    await Promise.all(workers.map((w) => w.close(true)));
    connections.forEach((c) => c.disconnect());
    await queues.close();
    await deletePrefix(prefix);
    await store.close();
    await t.stop();
    delete process.env.ONEMIND_QUEUE_PREFIX;
    delete process.env.ONEMIND_WORKERS;
  });

  it('after Redis lost its keys, reconcile + 3 faulty workers: one event per deadline', async () => {
    const now = () => new Date().toISOString();
    await reconcile(store, queues, now);
    await deletePrefix(prefix); // Redis loses everything ("FLUSHALL" of this run's keys)
    const report = await reconcile(store, queues, now);
    expect(report.added).toHaveLength(PAST + SOON * 2); // lapses due now; soon: the 7-day reminder now + the lapse in 3 days

    child = spawn(process.execPath, ['dist/apps/command/src/main.js'], {
      env: {
        ...t.cliEnv(),
        PORT: '0',
        NODE_ENV: 'test',
        ONEMIND_QUEUE_PREFIX: prefix,
        ONEMIND_WORKERS: 'on',
        ONEMIND_WORKER_LOCK_MS: String(LOCK_MS),
        ONEMIND_LOG_LEVEL: 'silent',
      },
      stdio: 'ignore',
    });
    await waitFor(
      async () => (await eventsOfType(store, 'PledgeLapsed')).length >= 20,
      30_000,
      'the child worker to start lapsing',
    );

    const host = t.app.get(WorkerHost);
    let stalls = 0;
    const stallingProcessor = async (job: Job, token?: string) => {
      if (stalls < 4 && random() < 0.02) {
        stalls += 1;
        const until = Date.now() + LOCK_MS * 2.5; // blocks the event loop: the lock is not renewed
        while (Date.now() < until) {
          /* stall */
        }
      }
      return host.process(job, token);
    };
    const failures: string[] = [];
    for (let i = 0; i < 2; i++) {
      const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
      connections.push(connection);
      const w = new Worker('deadlines', stallingProcessor, {
        connection,
        prefix,
        lockDuration: LOCK_MS,
        stalledInterval: LOCK_MS,
        maxStalledCount: 5,
        concurrency: 4,
      });
      // A stalled worker finds its lock gone when it finishes: expected here, the job ran elsewhere.
      w.on('error', () => undefined);
      w.on('failed', (job, err) => failures.push(`${job?.id}: ${err.message}`));
      workers.push(w);
    }
    await new Promise((r) => setTimeout(r, 150));
    child.kill('SIGKILL');

    await waitFor(
      async () =>
        (await eventsOfType(store, 'PledgeLapsed')).length >= PAST &&
        (await eventsOfType(store, 'DeadlineReminderSent')).length >= SOON,
      90_000,
      'every due deadline',
    );
    await new Promise((r) => setTimeout(r, LOCK_MS * 3)); // let stalled duplicates run: they must decide nothing

    const lapsed = await eventsOfType(store, 'PledgeLapsed');
    const reminded = await eventsOfType(store, 'DeadlineReminderSent');
    expect(lapsed).toHaveLength(PAST);
    expect(new Set(lapsed.map((e) => e.streamId)).size).toBe(PAST);
    expect(reminded).toHaveLength(SOON);
    expect(new Set(reminded.map((e) => e.streamId)).size).toBe(SOON);
    expect(reminded.every((e) => e.data.offsetDays === 7 && e.data.daysRemaining === 3)).toBe(true);
    const sample = lapsed.find((e) => e.streamId === 'agency-past-7')!;
    expect(sample.metadata.actor).toEqual({ sub: 'system:timers', role: 'system' });
    expect(sample.metadata.causationId).toBe(deadlineJobId('past-7', sample.data.deadline, 'lapse'));
    expect(await queues.queues.deadlines.getFailedCount()).toBe(0);
    expect((await queues.queues.deadlines.getRanges(['delayed'], 0, -1)).sort()).toEqual(
      Array.from({ length: SOON }, (_, i) => deadlineJobId(`soon-${i}`, isoDay(3), 'lapse')).sort(),
    );
    console.log(`failures: ${failures.join('; ')}`);
    console.log(`timers.e2e: ${stalls} stalls injected, child killed with -9`);
  }, 150_000);
});
