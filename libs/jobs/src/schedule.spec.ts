import type { AgencyEvent } from '#events';
import { deadlineJobId, documentJobId, expiryJobId, notificationJobId, reminderMailJobId } from './jobs.js';
import { pendingSchedule, react, scheduleOf } from './schedule.js';
import { evolveSchedule, type ScheduleState } from './schedule-state.js';

const rule = { reminderOffsetsDays: [180, 90, 30, 7] };
const pledge = (deadline: string): AgencyEvent => ({
  type: 'PledgeTaken',
  data: {
    agencyId: 'tx-test-pd',
    cycle: 1,
    name: 'Test PD',
    country: 'US',
    signatory: { name: 'C', title: 'Chief' },
    contact: { name: 'A', email: 'a@example.org' },
    commitmentMonths: 36,
    pledgedOn: '2025-01-01',
    deadline,
    ruleSet: 'one-mind-2023',
  },
});
const fold = (events: AgencyEvent[]): ScheduleState | undefined =>
  events.reduce<ScheduleState | undefined>(
    (s, e, i) => evolveSchedule(s, 'tx-test-pd', e, BigInt(i)),
    undefined,
  );
const ids = (s: ScheduleState | undefined, now: string) => pendingSchedule(s, rule, now).map((j) => j.id);

describe('pendingSchedule', () => {
  it('a fresh pledge has a reminder at every offset and the lapse at 00:00 UTC of the deadline day', () => {
    const jobs = pendingSchedule(fold([pledge('2028-01-15')]), rule, '2025-01-01T10:00:00.000Z');
    expect(jobs.map((j) => [j.id, j.job.data.dueAt])).toEqual([
      ['deadline/tx-test-pd/2028-01-15/lapse', '2028-01-15T00:00:00.000Z'],
      ['deadline/tx-test-pd/2028-01-15/180', '2027-07-19T00:00:00.000Z'],
      ['deadline/tx-test-pd/2028-01-15/90', '2027-10-17T00:00:00.000Z'],
      ['deadline/tx-test-pd/2028-01-15/30', '2027-12-16T00:00:00.000Z'],
      ['deadline/tx-test-pd/2028-01-15/7', '2028-01-08T00:00:00.000Z'],
    ]);
  });

  it('a backdated pledge 5 days before its deadline gets only the 7-day reminder, due now, not a burst', () => {
    expect(ids(fold([pledge('2026-12-02')]), '2026-11-27T06:00:00.000Z')).toEqual([
      deadlineJobId('tx-test-pd', '2026-12-02', 'lapse'),
      deadlineJobId('tx-test-pd', '2026-12-02', 7),
    ]);
  });

  it('after the deadline only the lapse is left; sent reminders are not scheduled again', () => {
    expect(ids(fold([pledge('2026-11-01')]), '2026-11-27T06:00:00.000Z')).toEqual([
      'deadline/tx-test-pd/2026-11-01/lapse',
    ]);
    const sent: AgencyEvent = {
      type: 'DeadlineReminderSent',
      data: {
        cycle: 1,
        deadline: '2026-12-02',
        offsetDays: 7,
        sentAt: '2026-11-27T06:00:00.000Z',
        daysRemaining: 5,
        missing: [],
      },
    };
    expect(ids(fold([pledge('2026-12-02'), sent]), '2026-11-27T07:00:00.000Z')).toEqual([
      'deadline/tx-test-pd/2026-12-02/lapse',
    ]);
  });

  it('nothing while under review; everything again for the new deadline after changes are requested and the deadline moved', () => {
    const evaluation = {} as never;
    const submitted = fold([
      pledge('2028-01-15'),
      { type: 'CertificationSubmitted', data: { cycle: 1, submittedAt: '2025-02-01T00:00:00Z', evaluation } },
    ]);
    expect(ids(submitted, '2025-03-01T00:00:00.000Z')).toEqual([]);
    const reopened = [
      evolveSchedule(
        submitted,
        'tx-test-pd',
        {
          type: 'CertificationChangesRequested',
          data: { cycle: 1, reasons: [] },
        },
        9n,
      ),
    ][0];
    const moved = evolveSchedule(
      reopened,
      'tx-test-pd',
      {
        type: 'DeadlineExtended',
        data: { cycle: 1, previousDeadline: '2028-01-15', newDeadline: '2028-06-01', reason: 'r' },
      },
      9n,
    );
    expect(ids(moved, '2025-03-01T00:00:00.000Z')).toHaveLength(5);
    expect(ids(moved, '2025-03-01T00:00:00.000Z').every((id) => id.includes('/2028-06-01/'))).toBe(true);
  });

  it('closed pledges have no jobs; a certification has its three document jobs until recorded', () => {
    for (const type of ['PledgeWithdrawn', 'PledgeLapsed'] as const) {
      expect(
        ids(
          fold([pledge('2028-01-15'), { type, data: { cycle: 1 } } as AgencyEvent]),
          '2025-03-01T00:00:00.000Z',
        ),
      ).toEqual([]);
    }
    const approved: AgencyEvent = {
      type: 'CertificationApproved',
      data: {
        cycle: 1,
        certificateNumber: 'OM-2025-X-1',
        verificationCode: 'C',
        effectiveOn: '2025-03-01',
        approvedAt: '2025-03-01T00:00:00Z',
      },
    };
    const s = fold([pledge('2028-01-15'), approved]);
    expect(ids(s, '2025-03-01T00:00:00.000Z')).toEqual([
      ...['certificate', 'letter', 'newsletter'].map((k) => documentJobId(k as never, 'OM-2025-X-1')),
      expiryJobId('OM-2025-X-1'),
    ]);
    const issued = evolveSchedule(
      s,
      'tx-test-pd',
      {
        type: 'CertificateIssued',
        data: { cycle: 1, certificateNumber: 'OM-2025-X-1', sha256: 'x', issuedAt: 'y' },
      },
      9n,
    );
    expect(ids(issued, '2025-03-01T00:00:00.000Z')).toEqual([
      documentJobId('letter', 'OM-2025-X-1'),
      documentJobId('newsletter', 'OM-2025-X-1'),
      expiryJobId('OM-2025-X-1'),
    ]);
    expect(
      ids(
        evolveSchedule(
          s,
          'tx-test-pd',
          {
            type: 'CertificationRevoked',
            data: { cycle: 1, certificateNumber: 'OM-2025-X-1', revokedOn: 'd', reason: 'r' },
          },
          9n,
        ),
        '2025-03-01T00:00:00.000Z',
      ),
    ).toEqual([]);
  });
});

describe('react', () => {
  const now = '2025-03-01T00:00:00.000Z';
  it('a deadline extension cancels the old deadline jobs and adds the new ones', () => {
    const before = fold([pledge('2028-01-15')]);
    const event = {
      id: 'e1',
      type: 'DeadlineExtended',
      data: { cycle: 1, previousDeadline: '2028-01-15', newDeadline: '2028-06-01', reason: 'r' },
    } as const;
    const r = react(event, before, evolveSchedule(before, 'tx-test-pd', event, 9n), now);
    expect(r.cancel).toEqual(scheduleOf(before, now).map((j) => j.id));
    expect(r.add.map((j) => j.id).every((id) => id.includes('/2028-06-01/'))).toBe(true);
  });

  it('a reminder event queues its e-mail keyed by the event id, unless it is old news', () => {
    const before = fold([pledge('2025-03-05')]);
    const event = {
      id: 'ev-42',
      type: 'DeadlineReminderSent',
      data: {
        cycle: 1,
        deadline: '2025-03-05',
        offsetDays: 7,
        sentAt: now,
        daysRemaining: 4,
        missing: [] as string[],
      },
    } as const;
    const after = evolveSchedule(before, 'tx-test-pd', event, 9n);
    const r = react(event, before, after, now);
    expect(r.add.map((j) => j.id)).toEqual([reminderMailJobId('ev-42')]);
    expect(r.cancel).toEqual([deadlineJobId('tx-test-pd', '2025-03-05', 7)]);
    expect(react(event, before, after, '2025-04-01T00:00:00.000Z').add).toEqual([]);
  });
});

describe('certification expiry (validForMonths)', () => {
  const approvedOn = (effectiveOn: string, certificateNumber = 'OM-2025-X-1'): AgencyEvent => ({
    type: 'CertificationApproved',
    data: {
      cycle: 1,
      certificateNumber,
      verificationCode: 'C',
      effectiveOn,
      approvedAt: `${effectiveOn}T00:00:00Z`,
    },
  });
  const documents = (n: string): AgencyEvent[] =>
    (['CertificateIssued', 'PresidentialLetterIssued'] as const).map(
      (type) =>
        ({ type, data: { cycle: 1, certificateNumber: n, sha256: 'x', issuedAt: 'y' } }) as AgencyEvent,
    );
  const featured: AgencyEvent = {
    type: 'NewsletterFeatureQueued',
    data: { cycle: 1, certificateNumber: 'OM-2025-X-1', queuedAt: 'q' },
  };
  const certified = fold([
    pledge('2028-01-15'),
    approvedOn('2025-03-01'),
    ...documents('OM-2025-X-1'),
    featured,
  ]);
  const expiring = (offsetDays: number) =>
    notificationJobId(`certification-expiring/OM-2025-X-1/${offsetDays}`);

  it('a One Mind 2023 certificate expires the day after effectiveOn + 36 months, with a notice at 180/90/30/7 days', () => {
    // A month after the approval: its `certified` mail is no longer news.
    const jobs = scheduleOf(certified, '2025-04-01T00:00:00.000Z');
    expect(jobs.map((j) => [j.id, j.job.data.dueAt])).toEqual([
      [expiryJobId('OM-2025-X-1'), '2028-03-02T00:00:00.000Z'],
      [expiring(180), '2027-09-03T00:00:00.000Z'],
      [expiring(90), '2027-12-02T00:00:00.000Z'],
      [expiring(30), '2028-01-31T00:00:00.000Z'],
      [expiring(7), '2028-02-23T00:00:00.000Z'],
    ]);
    expect(jobs[0].job).toEqual({
      name: 'certification-expiry',
      data: {
        agencyId: 'tx-test-pd',
        certificateNumber: 'OM-2025-X-1',
        expiresOn: '2028-03-01',
        dueAt: '2028-03-02T00:00:00.000Z',
      },
    });
  });

  it('a migrated certification without documents has no document job, only its expiry', () => {
    const migrated: AgencyEvent = {
      type: 'CertificationApproved',
      data: { ...approvedOn('2025-03-01').data, migrated: true, withoutDocuments: true },
    } as AgencyEvent;
    const now = '2025-04-01T00:00:00.000Z';
    const bare = fold([pledge('2028-01-15'), migrated]);
    expect(pendingSchedule(bare, rule, now).map((j) => j.id)).toEqual([expiryJobId('OM-2025-X-1')]);
    // Asked for (no withoutDocuments): the three document jobs as for any approval.
    const withDocs = fold([pledge('2028-01-15'), approvedOn('2025-03-01')]);
    expect(pendingSchedule(withDocs, rule, now).map((j) => j.id)).toContain(
      documentJobId('certificate', 'OM-2025-X-1'),
    );
  });

  it('a notice recorded as sent is not scheduled again; of the passed ones only the latest is left', () => {
    const sent: AgencyEvent = {
      type: 'NotificationSent',
      data: {
        notificationId: 'certification-expiring/OM-2025-X-1/180',
        kind: 'certification-expiring',
        messageId: 'm',
        to: 'a@example.org',
        sentAt: '2027-09-03T00:00:01Z',
      },
    };
    const s = evolveSchedule(certified, 'tx-test-pd', sent, 20n);
    expect(scheduleOf(s, '2028-02-01T00:00:00.000Z').map((j) => j.id)).toEqual([
      expiryJobId('OM-2025-X-1'),
      expiring(30),
      expiring(7),
    ]);
  });

  it('an expired, revoked or renewed certificate has no expiry jobs left', () => {
    const expired = evolveSchedule(
      certified,
      'tx-test-pd',
      {
        type: 'CertificationExpired',
        data: { cycle: 1, certificateNumber: 'OM-2025-X-1', expiresOn: '2028-03-01', expiredAt: 'x' },
      },
      21n,
    );
    expect(expired?.status).toBe('expired');
    expect(scheduleOf(expired, '2028-03-02T00:00:05.000Z')).toEqual([]);
    const renewed = evolveSchedule(
      certified,
      'tx-test-pd',
      {
        type: 'RecertificationStarted',
        data: {
          cycle: 2,
          ruleSet: 'one-mind-2023',
          startedOn: '2028-01-10',
          deadline: '2031-01-10',
          previousCertificateNumber: 'OM-2025-X-1',
        },
      },
      21n,
    );
    // An open cycle again (its CertificationSubmitted follows in the same append).
    expect(scheduleOf(renewed, '2028-01-10T10:00:00.000Z').map((j) => j.id)).not.toContain(
      expiryJobId('OM-2025-X-1'),
    );
  });

  it('a One Mind 2016 certificate never expires: no expiry job, no notice', () => {
    const of2016 = pledge('2028-01-15');
    if (of2016.type === 'PledgeTaken') of2016.data.ruleSet = 'one-mind-2016';
    const s = fold([of2016, approvedOn('2017-03-01'), ...documents('OM-2025-X-1'), featured]);
    expect(s?.certificate?.expiresOn).toBeNull();
    expect(scheduleOf(s, '2026-12-07T00:00:00.000Z')).toEqual([]);
  });
});
