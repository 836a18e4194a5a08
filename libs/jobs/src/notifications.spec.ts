import type { AgencyEvent } from '#events';
import { notificationId, notificationJobId, notificationMessageId, queueOfJobId } from './jobs.js';
import { EXPIRY_NOTICE_DAYS, NOTICE_FRESH_MS, notificationSchedule, react } from './schedule.js';
import {
  evolveSchedule,
  expiryDaysOf,
  scheduleStateFromJson,
  scheduleStateToJson,
  type ScheduleState,
} from './schedule-state.js';

const AGENCY = 'tx-note-pd';
const pledge: AgencyEvent = {
  type: 'PledgeTaken',
  data: {
    agencyId: AGENCY,
    cycle: 1,
    name: 'Note PD',
    country: 'US',
    signatory: { name: 'C', title: 'Chief' },
    contact: { name: 'A', email: 'a@example.org' },
    commitmentMonths: 36,
    pledgedOn: '2025-01-01',
    deadline: '2028-01-01',
    ruleSet: 'one-mind-2023',
  },
};
const submitted = (at: string): AgencyEvent => ({
  type: 'CertificationSubmitted',
  data: { cycle: 1, submittedAt: at, evaluation: {} as never },
});
const changes: AgencyEvent = {
  type: 'CertificationChangesRequested',
  data: { cycle: 1, reasons: [{ requirement: 'policy', message: 'sign it' }] },
};
const trained = (officerRef: string, programId: string, expiresOn?: string): AgencyEvent => ({
  type: 'OfficerTrained',
  data: { officerRef, programId, completedOn: '2024-06-01', ...(expiresOn ? { expiresOn } : {}) },
});
const sent = (id: string, kind: 'changes-requested' | 'training-expiring' | 'certified'): AgencyEvent => ({
  type: 'NotificationSent',
  data: { notificationId: id, kind, messageId: notificationMessageId(id), to: 'a@example.org', sentAt: 'x' },
});
/** Revisions as in the stream: the i-th event has revision i. */
const fold = (events: AgencyEvent[]): ScheduleState | undefined =>
  events.reduce<ScheduleState | undefined>((s, e, i) => evolveSchedule(s, AGENCY, e, BigInt(i)), undefined);
const ids = (s: ScheduleState | undefined, now: string) => notificationSchedule(s!, now).map((j) => j.id);
const due = (s: ScheduleState | undefined, now: string) =>
  notificationSchedule(s!, now).map((j) => [j.id, j.job.data.dueAt]);

describe('notification ids', () => {
  it('are deterministic, unique per agency or certificate, and live in the mail queue', () => {
    const cases = [
      [{ kind: 'changes-requested', revision: '7' }, 'changes-requested/tx-note-pd/7'],
      [{ kind: 'submission-received', revision: '6' }, 'submission-received/tx-note-pd/6'],
      [{ kind: 'certified', certificateNumber: 'OM-2025-TX-1' }, 'certified/OM-2025-TX-1'],
      [
        { kind: 'training-expiring', expiresOn: '2026-06-30', offsetDays: 90 },
        'training-expiring/tx-note-pd/2026-06-30/90',
      ],
    ] as const;
    for (const [ref, id] of cases) {
      expect(notificationId(AGENCY, ref)).toBe(id);
      expect(notificationId(AGENCY, { ...ref })).toBe(notificationId(AGENCY, ref));
      expect(notificationId('other-pd', ref) === id).toBe(ref.kind === 'certified');
      expect(queueOfJobId(notificationJobId(id))).toBe('mail');
      // BullMQ refuses custom ids with more than two ':' (jobs.ts)
      expect(notificationJobId(id)).not.toContain(':');
    }
  });

  it('give one fixed Message-ID per notification, a valid msg-id', () => {
    const id = 'changes-requested/tx-note-pd/7';
    expect(notificationMessageId(id)).toBe('<changes-requested.tx-note-pd.7@onemind>');
    expect(notificationMessageId(id)).toBe(notificationMessageId(`${id}`));
    expect(notificationMessageId(id)).toMatch(/^<[A-Za-z0-9._-]+@onemind>$/);
  });
});

describe('notifications in the schedule (derived from the log)', () => {
  const now = '2025-03-01T10:00:00.000Z';

  it('a request for changes is pending, due at once, until its NotificationSent; a resubmission makes it moot', () => {
    const s = fold([pledge, submitted('2025-02-01T00:00:00.000Z'), changes]);
    expect(due(s, now)).toEqual([['mail/changes-requested/tx-note-pd/2', now]]);
    expect(
      ids(evolveSchedule(s, AGENCY, sent('changes-requested/tx-note-pd/2', 'changes-requested'), 3n), now),
    ).toEqual([]);
    expect(ids(evolveSchedule(s, AGENCY, submitted('2025-03-01T09:00:00.000Z'), 3n), now)).toEqual([
      'mail/submission-received/tx-note-pd/3',
    ]);
  });

  it('a submission is announced to staff, due at its submission time', () => {
    const s = fold([pledge, submitted('2025-02-01T00:00:00.000Z')]);
    expect(due(s, now)).toEqual([['mail/submission-received/tx-note-pd/1', '2025-02-01T00:00:00.000Z']]);
  });

  it('a certification is announced once both documents exist, while it is news', () => {
    const approvedAt = '2025-03-01T09:00:00.000Z';
    const approved: AgencyEvent = {
      type: 'CertificationApproved',
      data: {
        cycle: 1,
        certificateNumber: 'OM-1',
        verificationCode: 'C',
        effectiveOn: '2025-03-01',
        approvedAt,
      },
    };
    // One Mind 2016: no term, so no certification-expiring notices beside the certified one.
    const of2016 = { ...pledge, data: { ...pledge.data, ruleSet: 'one-mind-2016' } } as AgencyEvent;
    const base = fold([of2016, submitted('2025-02-01T00:00:00.000Z'), approved]);
    expect(ids(base, now)).toEqual([]);
    const cert = evolveSchedule(
      base,
      AGENCY,
      {
        type: 'CertificateIssued',
        data: { cycle: 1, certificateNumber: 'OM-1', sha256: 'a', issuedAt: now },
      },
      3n,
    );
    expect(ids(cert, now)).toEqual([]);
    const both = evolveSchedule(
      cert,
      AGENCY,
      {
        type: 'PresidentialLetterIssued',
        data: { cycle: 1, sha256: 'b', issuedAt: now, addressedTo: { name: 'C', title: 'Chief' } },
      },
      4n,
    );
    expect(ids(both, now)).toEqual(['mail/certified/OM-1']);
    const late = new Date(Date.parse(approvedAt) + NOTICE_FRESH_MS).toISOString();
    expect(ids(both, late)).toEqual([]);
    expect(ids(evolveSchedule(both, AGENCY, sent('certified/OM-1', 'certified'), 5n), now)).toEqual([]);
    const revoked = evolveSchedule(
      both,
      AGENCY,
      {
        type: 'CertificationRevoked',
        data: { cycle: 1, certificateNumber: 'OM-1', revokedOn: '2025-03-01', reason: 'r' },
      },
      5n,
    );
    expect(ids(revoked, now)).toEqual([]);
  });
});

describe('training-expiry notices', () => {
  const expiresOn = '2026-06-30';
  const jobId = (offset: number, date = expiresOn) => `mail/training-expiring/${AGENCY}/${date}/${offset}`;

  it('one at 180, 90, 30 and 7 days before the day a counting record runs out, at 00:00 UTC', () => {
    const s = fold([pledge, trained('o-1', 'cit', expiresOn), trained('o-2', 'cit', expiresOn)]);
    expect(EXPIRY_NOTICE_DAYS).toEqual([180, 90, 30, 7]);
    expect(due(s, '2025-03-01T00:00:00.000Z')).toEqual([
      [jobId(180), '2026-01-01T00:00:00.000Z'],
      [jobId(90), '2026-04-01T00:00:00.000Z'],
      [jobId(30), '2026-05-31T00:00:00.000Z'],
      [jobId(7), '2026-06-23T00:00:00.000Z'],
    ]);
  });

  it('of the days already passed only the latest, due at once; none once the record has run out', () => {
    const s = fold([pledge, trained('o-1', 'cit', expiresOn)]);
    expect(due(s, '2026-06-01T12:00:00.000Z')).toEqual([
      [jobId(30), '2026-05-31T00:00:00.000Z'],
      [jobId(7), '2026-06-23T00:00:00.000Z'],
    ]);
    expect(ids(s, '2026-06-30T23:00:00.000Z')).toEqual([jobId(7)]);
    expect(ids(s, '2026-07-01T00:00:00.000Z')).toEqual([]);
  });

  it('a sent notice is not pending again; the others stay', () => {
    const s = fold([
      pledge,
      trained('o-1', 'cit', expiresOn),
      sent(jobId(180).slice(5), 'training-expiring'),
    ]);
    expect(ids(s, '2025-03-01T00:00:00.000Z')).toEqual([jobId(90), jobId(30), jobId(7)]);
  });

  it('a renewal moves the notices to the new day (react cancels the old jobs); a record without expiry ends them', () => {
    const before = fold([pledge, trained('o-1', 'cit', expiresOn)]);
    const renewal = { ...trained('o-1', 'cit', '2028-06-30'), id: 'e9' } as AgencyEvent & { id: string };
    const after = evolveSchedule(before, AGENCY, renewal, 2n);
    const r = react(renewal, before, after, '2025-03-01T00:00:00.000Z');
    expect(r.cancel).toEqual([180, 90, 30, 7].map((o) => jobId(o)));
    expect(r.add.map((j) => j.id)).toEqual([180, 90, 30, 7].map((o) => jobId(o, '2028-06-30')));
    const forever = evolveSchedule(after, AGENCY, trained('o-1', 'cit'), 3n);
    expect(ids(forever, '2025-03-01T00:00:00.000Z')).toEqual([]);
  });

  it('a record older than the latest does not move the day back; another officer keeps the day alive', () => {
    const s = fold([
      pledge,
      trained('o-1', 'cit', '2027-01-01'),
      trained('o-1', 'cit', expiresOn),
      trained('o-2', 'cit', expiresOn),
    ]);
    expect(new Set(ids(s, '2025-03-01T00:00:00.000Z').map((id) => id.split('/')[3]))).toEqual(
      new Set(['2027-01-01', expiresOn]),
    );
    const separated = evolveSchedule(
      s,
      AGENCY,
      {
        type: 'OfficerSeparated',
        data: { officerRef: 'o-1', separatedOn: '2025-02-01' },
      },
      9n,
    );
    expect(new Set(ids(separated, '2025-03-01T00:00:00.000Z').map((id) => id.split('/')[3]))).toEqual(
      new Set([expiresOn]),
    );
  });

  it('nothing for a closed pledge; kept across a new cycle (records belong to the agency)', () => {
    const withdrawn = fold([
      pledge,
      trained('o-1', 'cit', expiresOn),
      { type: 'PledgeWithdrawn', data: { cycle: 1, withdrawnOn: '2025-02-01', reason: 'r' } },
    ]);
    expect(ids(withdrawn, '2025-03-01T00:00:00.000Z')).toEqual([]);
    const again = evolveSchedule(
      withdrawn,
      AGENCY,
      { ...pledge, data: { ...pledge.data, cycle: 2 } } as AgencyEvent,
      3n,
    );
    expect(ids(again, '2025-03-01T00:00:00.000Z')).toHaveLength(4);
  });

  it('a roster without expiries adds nothing to the stored state', () => {
    const s = fold([pledge, ...Array.from({ length: 100 }, (_, i) => trained(`o-${i}`, 'cit'))]);
    expect(s!.trainingExpiry.size).toBe(0);
    expect(s!.expiryDays.size).toBe(0);
  });

  it('states stored before notifications existed are read as having none', () => {
    const old = fold([pledge])!;
    const { notices: _n, trainingExpiry: _t, expirySent: _e, expiryDays: _d, ...legacy } = old;
    const read = scheduleStateFromJson(JSON.parse(JSON.stringify(legacy)));
    expect(ids(read, '2025-03-01T00:00:00.000Z')).toEqual([]);
    const s = evolveSchedule(read, AGENCY, trained('o-1', 'cit', expiresOn), 1n);
    expect(ids(s, '2025-03-01T00:00:00.000Z')).toHaveLength(4);
  });

  it('round-trips through the JSON reactors.sqlite stores', () => {
    const s = fold([
      pledge,
      trained('o-1', 'cit', expiresOn),
      trained('o-2', 'cit'),
      trained('o-2', 'aw', '2027-01-01'),
    ]);
    const back = scheduleStateFromJson(JSON.parse(JSON.stringify(scheduleStateToJson(s!))));
    expect(ids(back, '2025-03-01T00:00:00.000Z')).toEqual(ids(s, '2025-03-01T00:00:00.000Z'));
    expect(back.trainingExpiry.get('o-2')).toEqual({ aw: '2027-01-01' });
  });

  it('a reaction over a large import stays linear: each record recomputes only its own days', () => {
    // 20,000 records expiring on 700 different days, as the reactor folds them (react per event)
    const days = (i: number) =>
      new Date(Date.parse('2026-01-01') + (i % 700) * 86_400_000).toISOString().slice(0, 10);
    let s = fold([pledge])!;
    let added = 0;
    const started = Date.now();
    for (let i = 0; i < 20_000; i++) {
      const e = { ...trained(`o-${i}`, 'cit', days(i)), id: `e${i}` } as AgencyEvent & { id: string };
      const next = evolveSchedule(s, AGENCY, e, BigInt(i + 1))!;
      added += react(e, s, next, '2025-03-01T00:00:00.000Z').add.length;
      s = next;
    }
    expect(added).toBe(700 * 4); // each day's four notices, added once
    expect(expiryDaysOf(s)).toHaveLength(700);
    // Linear takes a few seconds on a loaded CI machine; the first, quadratic version took minutes
    // for 5,000 records (it copied the map and recomputed every day per record).
    expect(Date.now() - started).toBeLessThan(30_000);
  });
});
