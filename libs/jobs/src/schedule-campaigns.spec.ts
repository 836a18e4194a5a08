import type { AgencyEvent } from '#events';
import {
  deadlineJobId,
  documentJobId,
  expiryJobId,
  notificationJobId,
  notificationMessageId,
  queueOfJobId,
  reminderMailJobId,
  type JobSpec,
} from './jobs.js';
import { notificationSchedule, pendingSchedule, react, scheduleOf } from './schedule.js';
import {
  evolveSchedule,
  scheduleStateFromJson,
  scheduleStateToJson,
  type ScheduleState,
} from './schedule-state.js';

/**
 * Issue 18 item 3: one agency in One Mind (its primary campaign: events without `campaignId`) and
 * in the Trust Building Campaign (events with `campaignId: 'trust-building'`), each cycle with its
 * own timers, documents and notices; One Mind's ids and stored state exactly as before campaigns.
 */
const AGENCY = 'tx-both-pd';
const TB = 'trust-building';
const DEADLINE = '2028-01-15';
const NOW = '2025-03-01T00:00:00.000Z';
const OFFSETS = [180, 90, 30, 7];
/** Stamps an event as of the Trust Building campaign (as the decider stamps a non-primary campaign's). */
const tb = (e: AgencyEvent): AgencyEvent =>
  ({ ...e, data: { ...e.data, campaignId: TB } }) as unknown as AgencyEvent;

const pledge = (ruleSet: 'one-mind-2023' | 'trust-building-2022', deadline = DEADLINE): AgencyEvent => ({
  type: 'PledgeTaken',
  data: {
    agencyId: AGENCY,
    cycle: 1,
    name: 'Both PD',
    country: 'US',
    signatory: { name: 'C', title: 'Chief' },
    contact: { name: 'A', email: 'a@example.org' },
    commitmentMonths: 36,
    pledgedOn: '2025-01-01',
    deadline,
    ruleSet,
  },
});
const omPledge = pledge('one-mind-2023');
const tbPledge = tb(pledge('trust-building-2022'));
const TB_NUMBER = 'TRUST-BUILDING-2025-tx-both-pd-1';
const approved = (certificateNumber: string): AgencyEvent => ({
  type: 'CertificationApproved',
  data: {
    cycle: 1,
    certificateNumber,
    verificationCode: 'C',
    effectiveOn: '2025-03-01',
    approvedAt: '2025-03-01T00:00:00Z',
  },
});
const submitted: AgencyEvent = {
  type: 'CertificationSubmitted',
  data: { cycle: 1, submittedAt: '2025-02-20T09:00:00.000Z', evaluation: {} as never },
};
const issued = (certificateNumber: string): AgencyEvent[] => [
  { type: 'CertificateIssued', data: { cycle: 1, certificateNumber, sha256: 'x', issuedAt: 'y' } },
  {
    type: 'PresidentialLetterIssued',
    data: { cycle: 1, sha256: 'x', issuedAt: 'y', addressedTo: { name: 'C', title: 'Chief' } },
  },
];

/** Revisions as in the stream: the i-th event has revision i. */
const fold = (events: AgencyEvent[], from?: ScheduleState): ScheduleState =>
  events.reduce<ScheduleState | undefined>((s, e, i) => evolveSchedule(s, AGENCY, e, BigInt(i)), from)!;
const ids = (jobs: JobSpec[]) => jobs.map((j) => j.id);
const omDeadlineIds = ['lapse' as const, ...OFFSETS].map((o) => deadlineJobId(AGENCY, DEADLINE, o));
const tbDeadlineIds = ['lapse' as const, ...OFFSETS].map((o) => deadlineJobId(AGENCY, DEADLINE, o, TB));

describe('an agency in two campaigns: one schedule per cycle', () => {
  const both = fold([omPledge, tbPledge]);

  it('the same deadline in both gives two lapse jobs (and reminders) with distinct ids; One Mind keeps its ids', () => {
    expect(ids(scheduleOf(both, NOW))).toEqual([...omDeadlineIds, ...tbDeadlineIds]);
    // One Mind's are exactly those of an agency in One Mind only (the jobs already in Redis).
    expect(ids(scheduleOf(fold([omPledge]), NOW))).toEqual(omDeadlineIds);
    expect(omDeadlineIds[0]).toBe('deadline/tx-both-pd/2028-01-15/lapse');
    expect(tbDeadlineIds[0]).toBe('deadline/tx-both-pd/trust-building/2028-01-15/lapse');
    expect(tbDeadlineIds.every((id) => queueOfJobId(id) === 'deadlines' && !id.includes(':'))).toBe(true);
  });

  it("a non-primary cycle's jobs carry its campaignId; the primary's carry none (their data as before)", () => {
    const jobs = scheduleOf(both, NOW);
    const lapse = (id: string) => jobs.find((j) => j.id === id)!.job;
    expect(lapse(tbDeadlineIds[0])).toEqual({
      name: 'pledge-lapse',
      data: { agencyId: AGENCY, campaignId: TB, deadline: DEADLINE, dueAt: '2028-01-15T00:00:00.000Z' },
    });
    expect(lapse(omDeadlineIds[0]).data).not.toHaveProperty('campaignId');
    for (const j of jobs) expect(j.job.data.campaignId).toBe(tbDeadlineIds.includes(j.id) ? TB : undefined);
  });

  it('the stored state of a single-campaign agency is byte-for-byte what it was; a state stored before campaigns still reads', () => {
    const stored =
      '{"agencyId":"tx-both-pd","status":"pledged","cycle":1,"ruleSet":"one-mind-2023","deadline":"2028-01-15",' +
      '"remindersSent":[],"certificate":null,"notices":[],"trainingExpiry":{},"expiryDays":{},"expirySent":[]}';
    expect(JSON.stringify(scheduleStateToJson(fold([omPledge])))).toBe(stored);
    const read = scheduleStateFromJson(JSON.parse(stored));
    expect(read.campaigns).toBeUndefined();
    expect(ids(scheduleOf(read, NOW))).toEqual(omDeadlineIds);
    // The Trust Building pledge arriving after the upgrade joins the state read back.
    const joined = evolveSchedule(read, AGENCY, tbPledge, 5n);
    expect(ids(scheduleOf(joined, NOW))).toEqual(ids(scheduleOf(both, NOW)));
    const back = scheduleStateFromJson(JSON.parse(JSON.stringify(scheduleStateToJson(joined!))));
    expect(back).toEqual(joined);
  });

  it('events of one campaign leave the other cycle alone: a Trust Building lapse ends only its own timers', () => {
    const lapsed = tb({ type: 'PledgeLapsed', data: { cycle: 1, deadline: DEADLINE, lapsedAt: 'x' } });
    const after = evolveSchedule(both, AGENCY, lapsed, 2n);
    expect(after!.status).toBe('pledged');
    expect(after!.campaigns?.[TB].status).toBe('lapsed');
    expect(ids(scheduleOf(after, NOW))).toEqual(omDeadlineIds);
    const r = react({ ...lapsed, id: 'e2' }, both, after, NOW);
    expect(r).toEqual({ add: [], cancel: tbDeadlineIds });
    // And a One Mind extension moves only One Mind's.
    const moved = evolveSchedule(
      both,
      AGENCY,
      {
        type: 'DeadlineExtended',
        data: { cycle: 1, previousDeadline: DEADLINE, newDeadline: '2028-06-01', reason: 'r' },
      },
      2n,
    );
    expect(ids(scheduleOf(moved, NOW)).filter((id) => id.includes(DEADLINE))).toEqual(tbDeadlineIds);
  });

  it('a Trust Building reminder is recorded in its cycle, and its e-mail job names the campaign', () => {
    const reminder = {
      id: 'ev-tb-7',
      ...tb({
        type: 'DeadlineReminderSent',
        data: { cycle: 1, deadline: DEADLINE, offsetDays: 180, sentAt: NOW, daysRemaining: 180, missing: [] },
      }),
    } as AgencyEvent & { id: string };
    const after = evolveSchedule(both, AGENCY, reminder, 2n);
    expect(after!.remindersSent).toEqual([]);
    const r = react(reminder, both, after, NOW);
    expect(r.cancel).toEqual([deadlineJobId(AGENCY, DEADLINE, 180, TB)]);
    expect(r.add.map((j) => [j.id, j.job.data.campaignId])).toEqual([[reminderMailJobId('ev-tb-7'), TB]]);
  });

  it('a Trust Building approval has its document jobs and its expiry, with the campaign; One Mind still waits for its deadline', () => {
    const certified = fold([omPledge, tbPledge, tb(submitted), tb(approved(TB_NUMBER))]);
    const tbJobs = scheduleOf(certified, '2025-03-02T00:00:00.000Z').filter(
      (j) => !omDeadlineIds.includes(j.id),
    );
    expect(ids(tbJobs)).toEqual([
      ...(['certificate', 'letter', 'newsletter'] as const).map((k) => documentJobId(k, TB_NUMBER)),
      expiryJobId(TB_NUMBER),
      // the certification's expiry notices (trust-building-2022: valid 36 months)
      ...[180, 90, 30, 7].map((o) => notificationJobId(`certification-expiring/${TB_NUMBER}/${o}`)),
    ]);
    expect(tbJobs.every((j) => j.job.data.campaignId === TB)).toBe(true);
    expect(tbJobs[3].job).toEqual({
      name: 'certification-expiry',
      data: {
        agencyId: AGENCY,
        campaignId: TB,
        certificateNumber: TB_NUMBER,
        expiresOn: '2028-03-01',
        dueAt: '2028-03-02T00:00:00.000Z',
      },
    });
    expect(certified.status).toBe('pledged');
    expect(pendingSchedule(certified, { reminderOffsetsDays: OFFSETS }, NOW).map((j) => j.id)).toEqual(
      omDeadlineIds,
    );
  });
});

describe('the notifications of a non-primary campaign', () => {
  const sent = (id: string, kind: 'submission-received' | 'certified'): AgencyEvent => ({
    type: 'NotificationSent',
    data: {
      notificationId: id,
      kind,
      messageId: notificationMessageId(id),
      to: 'a@example.org',
      sentAt: 'x',
    },
  });

  it('a submission in Trust Building notifies with its campaign; its NotificationSent (no campaign) clears it', () => {
    const s = fold([omPledge, tbPledge, tb(submitted)]);
    const jobs = notificationSchedule(s, NOW);
    expect(jobs.map((j) => [j.id, j.job.data.campaignId])).toEqual([
      [notificationJobId(`submission-received/${AGENCY}/2`), TB],
    ]);
    expect(
      notificationSchedule(
        evolveSchedule(s, AGENCY, sent(`submission-received/${AGENCY}/2`, 'submission-received'), 3n)!,
        NOW,
      ),
    ).toEqual([]);
  });

  it('changes requested in Trust Building and One Mind are two notices, each of its cycle', () => {
    const changes: AgencyEvent = { type: 'CertificationChangesRequested', data: { cycle: 1, reasons: [] } };
    const s = fold([omPledge, tbPledge, submitted, tb(submitted), changes, tb(changes)]);
    expect(notificationSchedule(s, NOW).map((j) => [j.id, j.job.data.campaignId])).toEqual([
      [notificationJobId(`changes-requested/${AGENCY}/4`), undefined],
      [notificationJobId(`changes-requested/${AGENCY}/5`), TB],
    ]);
  });

  it('certified in Trust Building once both of its documents exist, with its campaign', () => {
    const s = fold([omPledge, tbPledge, tb(submitted), tb(approved(TB_NUMBER))]);
    const certifiedId = notificationJobId(`certified/${TB_NUMBER}`);
    expect(ids(notificationSchedule(s, NOW))).not.toContain(certifiedId);
    const documented = fold(issued(TB_NUMBER).map(tb), s);
    const job = notificationSchedule(documented, NOW).find((j) => j.id === certifiedId);
    expect(job?.job.data).toMatchObject({ agencyId: AGENCY, campaignId: TB });
    const done = evolveSchedule(documented, AGENCY, sent(`certified/${TB_NUMBER}`, 'certified'), 9n)!;
    expect(ids(notificationSchedule(done, NOW))).not.toContain(certifiedId);
  });

  it("training expiry notices (the agency's) go on while any cycle works toward or holds a certificate", () => {
    const trained: AgencyEvent = {
      type: 'OfficerTrained',
      data: { officerRef: 'o-1', programId: 'cit', completedOn: '2024-06-01', expiresOn: '2026-06-30' },
    };
    const withdrawn: AgencyEvent = {
      type: 'PledgeWithdrawn',
      data: { cycle: 1, withdrawnOn: 'd', reason: 'r' },
    };
    const omOnly = fold([omPledge, trained, withdrawn]);
    expect(notificationSchedule(omOnly, NOW)).toEqual([]);
    const s = fold([omPledge, tbPledge, trained, withdrawn]);
    const jobs = notificationSchedule(s, NOW);
    expect(jobs).toHaveLength(4);
    expect(
      jobs.every((j) => j.id.startsWith(`mail/training-expiring/${AGENCY}/`) && !j.job.data.campaignId),
    ).toBe(true);
    // A primary re-pledge starts One Mind's next cycle and keeps the Trust Building one.
    const again = evolveSchedule(
      s,
      AGENCY,
      {
        ...pledge('one-mind-2023', '2029-01-01'),
        data: { ...omPledge.data, cycle: 2, deadline: '2029-01-01' },
      } as AgencyEvent,
      9n,
    );
    expect(again!.campaigns).toBe(s.campaigns);
  });
});
