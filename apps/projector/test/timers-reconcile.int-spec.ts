import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '#event-store';
import { deadlineJobId, expiryJobId, notificationJobId } from '#jobs';
import { addMonths } from '#domain';
import type { AgencyEvent, RuleSetId } from '#events';
import { JobQueues, reconcile } from '#jobs/redis';
import { ReactorStore } from '#projector';
import { ScheduleReactor } from '#projector';
import {
  REDIS_URL,
  appendAgencyEvents,
  deletePrefix,
  isoDay,
  pledgeTaken,
  testPrefix,
  waitFor,
} from '../../command/test/support/timers-support.js';

process.env.ONEMIND_LOG_LEVEL = 'silent';
const OFFSETS = [180, 90, 30, 7];
const now = () => new Date().toISOString();

/** G5: Redis is a cache of the schedule; the log is its source of truth. */
describe('deadline jobs are derived from the log and reconciled (int, real SQLite + Redis)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'onemind-timers-'));
  const prefix = testPrefix();
  const store = new SqliteEventStore(join(dir, 'events.sqlite'));
  const queues = new JobQueues(REDIS_URL, prefix);
  const expected = new Set<string>();
  const open = new Map<string, string>(); // agencyId → current deadline

  beforeAll(async () => {
    // 1,000 pending deadlines, 200 to 1,199 days away (every reminder still ahead), plus closed ones.
    for (let i = 0; i < 1000; i++) {
      const agencyId = `ag-${String(i).padStart(4, '0')}`;
      const deadline = isoDay(200 + i);
      await appendAgencyEvents(store, agencyId, [pledgeTaken(agencyId, deadline)]);
      open.set(agencyId, deadline);
    }
    for (let i = 0; i < 50; i++) {
      const agencyId = `closed-${i}`;
      await appendAgencyEvents(store, agencyId, [
        pledgeTaken(agencyId, isoDay(300)),
        { type: 'PledgeWithdrawn', data: { cycle: 1, withdrawnOn: isoDay(0), reason: 'r' } },
      ]);
    }
    for (const [agencyId, deadline] of open) {
      expected.add(deadlineJobId(agencyId, deadline, 'lapse'));
      for (const o of OFFSETS) expected.add(deadlineJobId(agencyId, deadline, o));
    }
  }, 60_000);

  afterAll(async () => {
    await deletePrefix(prefix);
    await queues.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const jobIds = async () =>
    new Set(await queues.queues.deadlines.getRanges(['delayed', 'waiting', 'prioritized'], 0, -1));

  it('after losing every job, reconcile re-creates exactly the pending schedule, each due at 00:00 UTC of its day', async () => {
    expect((await reconcile(store, queues, now)).added).toHaveLength(5000);
    expect(await deletePrefix(prefix)).toBeGreaterThan(0);
    expect(await jobIds()).toEqual(new Set());
    const report = await reconcile(store, queues, now);
    expect(report.pending).toBe(5000);
    expect(new Set(report.added)).toEqual(expected);
    expect(await jobIds()).toEqual(expected);
    const job = await queues.queues.deadlines.getJob(deadlineJobId('ag-0000', open.get('ag-0000')!, 'lapse'));
    expect(
      Math.abs(job!.timestamp + job!.delay - Date.parse(`${open.get('ag-0000')}T00:00:00Z`)),
    ).toBeLessThan(5_000);
    expect(job!.opts.removeOnComplete).toBe(true);
  }, 60_000);

  it('a second reconcile changes nothing; a stale job (moved deadline, closed pledge) is removed', async () => {
    await queues.add(
      {
        queue: 'deadlines',
        id: deadlineJobId('closed-1', isoDay(300), 'lapse'),
        job: {
          name: 'pledge-lapse',
          data: { agencyId: 'closed-1', deadline: isoDay(300), dueAt: `${isoDay(300)}T00:00:00.000Z` },
        },
      },
      now(),
    );
    const report = await reconcile(store, queues, now);
    expect(report.added).toEqual([]);
    expect(report.removed).toEqual([deadlineJobId('closed-1', isoDay(300), 'lapse')]);
    expect(await jobIds()).toEqual(expected);
  }, 30_000);

  it('the reactor adds the same jobs from its own checkpoint, follows a moved deadline, and resumes without replaying', async () => {
    await deletePrefix(prefix);
    const db = new ReactorStore(join(dir, 'reactors.sqlite'));
    let reactor = new ScheduleReactor(store, db, queues, now).start();
    const head = await store.headPosition();
    await waitFor(async () => reactor.position === head, 30_000, 'the reactor to catch up');
    expect(await jobIds()).toEqual(expected);

    const newDeadline = isoDay(2000);
    await appendAgencyEvents(store, 'ag-0001', [
      {
        type: 'DeadlineExtended',
        data: { cycle: 1, previousDeadline: open.get('ag-0001')!, newDeadline, reason: 'staff' },
      },
    ]);
    await waitFor(async () => reactor.position === head + 1n, 10_000, 'the extension');
    const ids = await jobIds();
    expect(ids.has(deadlineJobId('ag-0001', open.get('ag-0001')!, 'lapse'))).toBe(false);
    expect(ids.has(deadlineJobId('ag-0001', newDeadline, 'lapse'))).toBe(true);
    await reactor.stop();

    // Restart: the checkpoint and folded state are in reactors.sqlite, so nothing is re-added.
    await deletePrefix(prefix);
    reactor = new ScheduleReactor(store, db, queues, now).start();
    expect(reactor.position).toBe(head + 1n);
    await new Promise((r) => setTimeout(r, 300));
    expect(await jobIds()).toEqual(new Set());
    await reactor.stop();
    db.close();
  }, 60_000);

  it('`onemind timers reconcile` (the built CLI) does the same and prints what it changed', async () => {
    await deletePrefix(prefix);
    const env = {
      ...process.env,
      ONEMIND_DATA_DIR: dir,
      ONEMIND_QUEUE_PREFIX: prefix,
      REDIS_URL,
      ONEMIND_LOG_LEVEL: 'silent',
    };
    const run = spawnSync(process.execPath, ['bin/onemind.js', 'timers', 'reconcile'], {
      env,
      encoding: 'utf8',
    });
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(`added   ${deadlineJobId('ag-0002', open.get('ag-0002')!, 7)}`);
    expect(run.stdout.trim().split('\n').at(-1)).toBe('5000 pending jobs; 5000 added, 0 removed');
    expect((await jobIds()).size).toBe(5000);
    const usage = spawnSync(process.execPath, ['bin/onemind.js', 'timers'], { env, encoding: 'utf8' });
    expect(usage.status).toBe(2);
  }, 60_000);
});

/** Issue 18: a certification's expiry is a timer of the log like the lapse, reconciled alike. */
describe('certification expiry jobs are reconciled after Redis loss (int, real SQLite + Redis)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'onemind-expiry-'));
  const prefix = testPrefix();
  const store = new SqliteEventStore(join(dir, 'events.sqlite'));
  const queues = new JobQueues(REDIS_URL, prefix);
  const documentsDone = (n: string): AgencyEvent[] => [
    { type: 'CertificateIssued', data: { cycle: 1, certificateNumber: n, sha256: 'a', issuedAt: now() } },
    {
      type: 'PresidentialLetterIssued',
      data: { cycle: 1, sha256: 'b', issuedAt: now(), addressedTo: { name: 'P', title: 'President' } },
    },
    { type: 'NewsletterFeatureQueued', data: { cycle: 1, certificateNumber: n, queuedAt: now() } },
  ];
  async function certify(agencyId: string, ruleSet: RuleSetId, effectiveOn: string) {
    const pledge = pledgeTaken(agencyId, isoDay(300), isoDay(-1200));
    if (pledge.type === 'PledgeTaken') pledge.data.ruleSet = ruleSet;
    const n = `OM-${effectiveOn.slice(0, 4)}-${agencyId}-1`;
    await appendAgencyEvents(store, agencyId, [
      pledge,
      {
        type: 'CertificationSubmitted',
        data: { cycle: 1, submittedAt: `${effectiveOn}T00:00:00Z`, evaluation: {} as never },
      },
      {
        type: 'CertificationApproved',
        data: {
          cycle: 1,
          certificateNumber: n,
          verificationCode: 'C',
          effectiveOn,
          approvedAt: `${effectiveOn}T09:00:00Z`,
        },
      },
      ...documentsDone(n),
    ]);
    return n;
  }
  const effective2023 = isoDay(-1000); // expires in about 95 days: the 180-day notice is due now, the rest ahead
  let soon = '';
  let of2016 = '';
  let past = '';

  beforeAll(async () => {
    soon = await certify('cert-2023', 'one-mind-2023', effective2023);
    of2016 = await certify('cert-2016', 'one-mind-2016', isoDay(-3000));
    past = await certify('cert-past', 'one-mind-2023', isoDay(-1200)); // expired about 105 days ago
  });
  afterAll(async () => {
    await deletePrefix(prefix);
    await queues.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('re-creates the expiry job (due the day after expiresOn) and the current notice; never one for One Mind 2016', async () => {
    await reconcile(store, queues, now);
    expect(await deletePrefix(prefix)).toBeGreaterThan(0);
    const report = await reconcile(store, queues, now);
    const expiresOn = addMonths(effective2023, 36);
    expect([...report.added].sort()).toEqual(
      [
        expiryJobId(soon),
        ...[180, 90, 30, 7].map((o) => notificationJobId(`certification-expiring/${soon}/${o}`)),
        expiryJobId(past), // overdue: due at once, the worker expires it
      ].sort(),
    );
    expect(report.added.some((id) => id.includes(of2016))).toBe(false);
    const job = await queues.queues.deadlines.getJob(expiryJobId(soon));
    expect(job!.data).toEqual({
      agencyId: 'cert-2023',
      certificateNumber: soon,
      expiresOn,
      dueAt: `${isoDay(1, new Date(`${expiresOn}T00:00:00Z`))}T00:00:00.000Z`,
    });
    expect(Math.abs(job!.timestamp + job!.delay - Date.parse(job!.data.dueAt))).toBeLessThan(5_000);
  }, 30_000);
});
