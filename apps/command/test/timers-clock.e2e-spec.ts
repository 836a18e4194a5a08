import type { EventStore } from '#event-store';
import { deadlineJobId } from '#jobs';
import { JobQueues } from '#jobs/redis';
import { TestApp } from './support/test-app.js';
import {
  REDIS_URL,
  appendAgencyEvents,
  deletePrefix,
  eventsOfType,
  isoDay,
  pledgeTaken,
  testPrefix,
} from './support/timers-support.js';

/**
 * G5 "never early": the worker's own clock (ONEMIND_CLOCK_OFFSET_MS) reads 10 minutes past the
 * deadline's midnight while the shared time (the Redis server's) has not reached it, and the job is
 * handed out early (as a fast host clock promoting delayed jobs would). The worker puts the job
 * back until its due time instead of lapsing the pledge.
 */
describe('a worker whose clock is fast does not lapse a pledge early (e2e)', () => {
  const prefix = testPrefix();
  const deadline = isoDay(1);
  const dueAt = `${deadline}T00:00:00.000Z`;
  const offset = Date.parse(dueAt) - Date.now() + 10 * 60_000;
  process.env.ONEMIND_QUEUE_PREFIX = prefix;
  const t = new TestApp({ ONEMIND_CLOCK_OFFSET_MS: String(offset) });
  let store: EventStore;
  let queues: JobQueues;

  beforeAll(async () => {
    store = await t.openLog();
    await appendAgencyEvents(store, 'fast-pd', [pledgeTaken('fast-pd', deadline, isoDay(-364))]);
    await t.start();
    queues = new JobQueues(REDIS_URL, prefix);
  });
  afterAll(async () => {
    await queues.close();
    await deletePrefix(prefix);
    await store.close();
    await t.stop();
    delete process.env.ONEMIND_QUEUE_PREFIX;
  });

  it('re-delays the lapse job to its due time and appends nothing', async () => {
    const id = deadlineJobId('fast-pd', deadline, 'lapse');
    await queues.add(
      {
        queue: 'deadlines',
        id,
        job: { name: 'pledge-lapse', data: { agencyId: 'fast-pd', deadline, dueAt } },
      },
      dueAt,
    ); // delay 0: handed out at once
    await new Promise((r) => setTimeout(r, 2_500));
    expect(await eventsOfType(store, 'PledgeLapsed')).toEqual([]);
    const job = await queues.queues.deadlines.getJob(id);
    expect(await job!.getState()).toBe('delayed');
    const score = Number(await queues.connection.zscore(`${prefix}:deadlines:delayed`, id));
    // BullMQ packs the timestamp into the score (timestamp * 0x1000 + counter).
    expect(Math.abs(Math.floor(score / 0x1000) - Date.parse(dueAt))).toBeLessThan(60_000);
  }, 20_000);
});

/**
 * The other side of the same check: a worker whose clock is a day slow receives a lapse that is due
 * by the shared clock. Dispatched, its decider would answer "not yet" and the job would complete
 * with nothing: the timer lost. It is put back until the worker's own clock reaches it instead.
 */
describe('a worker whose clock is slow never loses a timer (e2e)', () => {
  const prefix = testPrefix();
  const deadline = isoDay(-1);
  const dueAt = `${deadline}T00:00:00.000Z`;
  const t = new TestApp({ ONEMIND_CLOCK_OFFSET_MS: String(-2 * 86_400_000) });
  let store: EventStore;
  let queues: JobQueues;

  beforeAll(async () => {
    process.env.ONEMIND_QUEUE_PREFIX = prefix;
    store = await t.openLog();
    await appendAgencyEvents(store, 'slow-pd', [pledgeTaken('slow-pd', deadline, isoDay(-366))]);
    await t.start();
    queues = new JobQueues(REDIS_URL, prefix);
  });
  afterAll(async () => {
    await queues.close();
    await deletePrefix(prefix);
    await store.close();
    await t.stop();
    delete process.env.ONEMIND_QUEUE_PREFIX;
  });

  it('re-delays the due lapse to when its own clock reaches the deadline', async () => {
    const id = deadlineJobId('slow-pd', deadline, 'lapse');
    await queues.add(
      {
        queue: 'deadlines',
        id,
        job: { name: 'pledge-lapse', data: { agencyId: 'slow-pd', deadline, dueAt } },
      },
      new Date().toISOString(),
    );
    await new Promise((r) => setTimeout(r, 2_500));
    expect(await eventsOfType(store, 'PledgeLapsed')).toEqual([]);
    expect(await (await queues.queues.deadlines.getJob(id))!.getState()).toBe('delayed');
  }, 20_000);
});
