import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '#event-store';
import { deadlineJobId, documentJobId, expiryJobId, notificationJobId } from '#jobs';
import type { AgencyEvent } from '#events';
import { JobQueues, reconcile } from '#jobs/redis';
import { ReactorStore, ScheduleReactor } from '#projector';
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
const now = () => new Date().toISOString();
const TB = 'trust-building';
const OFFSETS = [180, 90, 30, 7];

/** As the decider stamps the events of a campaign that is not the agency's first (CONTRACT.md). */
const tb = (e: AgencyEvent): AgencyEvent =>
  ({ ...e, data: { ...e.data, campaignId: TB } }) as unknown as AgencyEvent;
const tbPledge = (agencyId: string, deadline: string): AgencyEvent => {
  const e = pledgeTaken(agencyId, deadline);
  if (e.type === 'PledgeTaken') e.data.ruleSet = 'trust-building-2022';
  return tb(e);
};
const deadlineIds = (agencyId: string, deadline: string, campaignId?: string) =>
  ['lapse' as const, ...OFFSETS].map((o) => deadlineJobId(agencyId, deadline, o, campaignId));

/** Issue 18 item 3, G5: the jobs of both campaigns of one agency come back from the log alone. */
describe('the timers of an agency in two campaigns are reconciled after Redis loss (int, real SQLite + Redis)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'onemind-campaign-timers-'));
  const prefix = testPrefix();
  const store = new SqliteEventStore(join(dir, 'events.sqlite'));
  const queues = new JobQueues(REDIS_URL, prefix);
  const deadline = isoDay(400);
  const number = `TRUST-BUILDING-${isoDay(0).slice(0, 4)}-tb-cert-pd-1`;
  const expected = new Set([
    // the same deadline in both campaigns: two sets of timers
    ...deadlineIds('both-pd', deadline),
    ...deadlineIds('both-pd', deadline, TB),
    // One Mind still open; Trust Building certified today: its documents, expiry and expiry notices
    ...deadlineIds('tb-cert-pd', deadline),
    ...(['certificate', 'letter', 'newsletter'] as const).map((k) => documentJobId(k, number)),
    expiryJobId(number),
    ...OFFSETS.map((o) => notificationJobId(`certification-expiring/${number}/${o}`)),
  ]);

  beforeAll(async () => {
    await appendAgencyEvents(store, 'both-pd', [
      pledgeTaken('both-pd', deadline),
      tbPledge('both-pd', deadline),
    ]);
    await appendAgencyEvents(store, 'tb-cert-pd', [
      pledgeTaken('tb-cert-pd', deadline),
      tbPledge('tb-cert-pd', deadline),
      tb({ type: 'CertificationSubmitted', data: { cycle: 1, submittedAt: now(), evaluation: {} as never } }),
      tb({
        type: 'CertificationApproved',
        data: {
          cycle: 1,
          certificateNumber: number,
          verificationCode: 'C',
          effectiveOn: isoDay(0),
          approvedAt: now(),
        },
      }),
    ]);
  });
  afterAll(async () => {
    await deletePrefix(prefix);
    await queues.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const jobIds = async () => {
    const ids = new Set<string>();
    for (const q of Object.values(queues.queues))
      for (const id of await q.getRanges(['delayed', 'waiting', 'prioritized'], 0, -1)) ids.add(id);
    return ids;
  };

  it('reconcile re-creates both cycles’ jobs, the non-primary ones naming their campaign', async () => {
    await reconcile(store, queues, now);
    expect(await deletePrefix(prefix)).toBeGreaterThan(0);
    const report = await reconcile(store, queues, now);
    expect(new Set(report.added)).toEqual(expected);
    expect(await jobIds()).toEqual(expected);
    const tbLapse = await queues.queues.deadlines.getJob(deadlineJobId('both-pd', deadline, 'lapse', TB));
    expect(tbLapse!.data).toMatchObject({ agencyId: 'both-pd', campaignId: TB, deadline });
    const omLapse = await queues.queues.deadlines.getJob(deadlineJobId('both-pd', deadline, 'lapse'));
    expect(omLapse!.data).not.toHaveProperty('campaignId');
    const certificate = await queues.queues.documents.getJob(documentJobId('certificate', number));
    expect(certificate!.data).toMatchObject({
      agencyId: 'tb-cert-pd',
      campaignId: TB,
      certificateNumber: number,
    });
    expect((await reconcile(store, queues, now)).added).toEqual([]);
  }, 30_000);

  it('the reactor derives the same jobs, keeps the campaigns across a restart and moves only the extended cycle', async () => {
    await deletePrefix(prefix);
    const db = new ReactorStore(join(dir, 'reactors.sqlite'));
    let reactor = new ScheduleReactor(store, db, queues, now).start();
    const head = await store.headPosition();
    await waitFor(async () => reactor.position === head, 10_000, 'the reactor to catch up');
    expect(await jobIds()).toEqual(expected);
    await reactor.stop();

    // Restarted from reactors.sqlite: the Trust Building cycle was stored with the agency's state.
    reactor = new ScheduleReactor(store, db, queues, now).start();
    const moved = isoDay(600);
    await appendAgencyEvents(store, 'both-pd', [
      tb({
        type: 'DeadlineExtended',
        data: { cycle: 1, previousDeadline: deadline, newDeadline: moved, reason: 'r' },
      }),
    ]);
    await waitFor(async () => reactor.position === head + 1n, 10_000, 'the extension');
    const ids = await jobIds();
    for (const id of deadlineIds('both-pd', deadline, TB)) expect(ids.has(id)).toBe(false);
    for (const id of [...deadlineIds('both-pd', moved, TB), ...deadlineIds('both-pd', deadline)])
      expect(ids.has(id)).toBe(true);
    await reactor.stop();
    db.close();

    // And reconcile from the log agrees with what the reactor did.
    const report = await reconcile(store, queues, now);
    expect(report).toMatchObject({ added: [], removed: [] });
  }, 30_000);
});
