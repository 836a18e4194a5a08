import type { AgencyEvent } from '#events';
import { addDays } from '#domain';
import { ruleSet, type RuleSet } from '#domain';
import { LAPSABLE_STATUSES, reminderKey } from '#domain';
import {
  deadlineJobId,
  expiryJobId,
  documentJobId,
  notificationJobId,
  notificationId,
  ofCampaign,
  reminderMailJobId,
  spec,
  type JobSpec,
  type NotificationRef,
} from './jobs.js';
import {
  campaignIdOf,
  expiryDaysOf,
  type CycleSchedule,
  type Notice,
  type ScheduleState,
} from './schedule-state.js';
import type { PledgeStatus } from '#domain';

/** A deadline (or a reminder day) takes effect at 00:00 UTC of that day, as the deciders judge it. */
export const startOfDay = (date: string): string => `${date}T00:00:00.000Z`;

/**
 * A reminder e-mail is only worth sending while it is news: a reactor catching up over an old log
 * (a new data folder, a lost checkpoint) must not mail agencies about reminders of past years.
 */
export const REMINDER_MAIL_FRESH_MS = 3 * 86_400_000;

/**
 * The timers that should exist for one agency's primary cycle at `now` (cycleJobs: for any of
 * its cycles; each campaign's cycle has its own), derived from the log alone (G5):
 * - an open pledge (pledged or changes-requested) has its lapse at the deadline and a reminder at
 *   each of the rule set's offsets not yet sent; a reminder whose day had already passed (a
 *   backdated pledge, a long outage) is kept only for the latest passed offset, due now, so the
 *   agency gets one current reminder instead of a burst of stale ones; once the deadline itself
 *   has passed only the lapse is left;
 * - a submission under review has none (the pledge cannot lapse; a reminder would decide nothing);
 * - a certification has its three document jobs until each has been recorded, and, when its rule
 *   set gives it a term, its expiry at 00:00 UTC of the day after its last valid day.
 */
export function pendingSchedule(
  s: ScheduleState | undefined,
  rule: Pick<RuleSet, 'reminderOffsetsDays'>,
  now: string,
): JobSpec[] {
  return s ? cycleJobs({ agencyId: s.agencyId, cycle: s }, rule, now) : [];
}

/**
 * One cycle of an agency and what names its jobs: the primary campaign's (no `campaignId`: the
 * ids and data of before campaigns) or another campaign's (its id in the deadline ids and in
 * every job's data, for the worker to pass on).
 */
export interface CycleRef {
  agencyId: string;
  campaignId?: string;
  cycle: CycleSchedule;
}

/** The agency's cycles: the primary campaign's first, then the others by campaign id. */
export const cyclesOf = (s: ScheduleState): CycleRef[] => [
  { agencyId: s.agencyId, cycle: s },
  ...Object.entries(s.campaigns ?? {})
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([campaignId, cycle]) => ({ agencyId: s.agencyId, campaignId, cycle })),
];

/** pendingSchedule of any one cycle. */
function cycleJobs(ref: CycleRef, rule: Pick<RuleSet, 'reminderOffsetsDays'>, now: string): JobSpec[] {
  const { agencyId, campaignId, cycle: c } = ref;
  if (c.status === 'certified') return [...documentJobs(ref, now), ...certificationExpiryJobs(ref)];
  if (!LAPSABLE_STATUSES.includes(c.status)) return [];
  const { deadline } = c;
  const lapseAt = startOfDay(deadline);
  const jobs: JobSpec[] = [
    spec(deadlineJobId(agencyId, deadline, 'lapse', campaignId), {
      name: 'pledge-lapse',
      data: { agencyId, ...ofCampaign(campaignId), deadline, dueAt: lapseAt },
    }),
  ];
  const nowMs = Date.parse(now);
  if (nowMs >= Date.parse(lapseAt)) return jobs;
  const dueOf = (offset: number) => startOfDay(addDays(deadline, -offset));
  const passed = rule.reminderOffsetsDays.filter((o) => Date.parse(dueOf(o)) <= nowMs);
  const latestPassed = passed.length ? Math.min(...passed) : undefined;
  for (const offsetDays of [...rule.reminderOffsetsDays].sort((a, b) => b - a)) {
    if (c.remindersSent.includes(reminderKey(deadline, offsetDays))) continue;
    if (passed.includes(offsetDays) && offsetDays !== latestPassed) continue;
    jobs.push(
      spec(deadlineJobId(agencyId, deadline, offsetDays, campaignId), {
        name: 'deadline-reminder',
        data: { agencyId, ...ofCampaign(campaignId), deadline, offsetDays, dueAt: dueOf(offsetDays) },
      }),
    );
  }
  return jobs;
}

function documentJobs({ agencyId, campaignId, cycle }: CycleRef, now: string): JobSpec[] {
  const c = cycle.certificate;
  if (!c) return [];
  const data = { agencyId, ...ofCampaign(campaignId), certificateNumber: c.number, dueAt: now };
  const jobs: JobSpec[] = [];
  if (!c.certificateIssued)
    jobs.push(spec(documentJobId('certificate', c.number), { name: 'issue-certificate', data }));
  if (!c.letterIssued) jobs.push(spec(documentJobId('letter', c.number), { name: 'issue-letter', data }));
  if (!c.featured)
    jobs.push(spec(documentJobId('newsletter', c.number), { name: 'feature-newsletter', data }));
  return jobs;
}

function certificationExpiryJobs({ agencyId, campaignId, cycle }: CycleRef): JobSpec[] {
  const c = cycle.certificate;
  if (!c?.expiresOn) return [];
  const { expiresOn, number: certificateNumber } = c;
  return [
    spec(expiryJobId(certificateNumber), {
      name: 'certification-expiry',
      data: {
        agencyId,
        ...ofCampaign(campaignId),
        certificateNumber,
        expiresOn,
        dueAt: startOfDay(addDays(expiresOn, 1)),
      },
    }),
  ];
}

/**
 * A certified mail is news for a week: a reactor catching up over an old log, or the first start
 * of a version with notifications, must not congratulate agencies certified years ago.
 */
export const NOTICE_FRESH_MS = 7 * 86_400_000;
/** Days before an expiry on which the agency contact is told (the pledge reminders' offsets). */
export const EXPIRY_NOTICE_DAYS: readonly number[] = [180, 90, 30, 7];
/** Training records are worth reminding about while the agency works toward or holds a certificate. */
const EXPIRY_NOTICE_STATUSES: readonly PledgeStatus[] = [
  'pledged',
  'submitted',
  'changes-requested',
  'certified',
];

export const scheduleOf = (s: ScheduleState | undefined, now: string): JobSpec[] =>
  s ? [...eventSchedule(s, now), ...trainingExpirySchedule(s, now)] : [];

/** Everything but the training-expiry notices, of every cycle: small, so a reaction may recompute it whole. */
const eventSchedule = (s: ScheduleState, now: string): JobSpec[] =>
  cyclesOf(s).flatMap((ref) => [
    ...cycleJobs(ref, ruleSet(ref.cycle.ruleSet), now),
    ...noticeSchedule(ref, now),
    ...certificationExpirySchedule(s, ref, now),
  ]);

const notificationSpec = (
  agencyId: string,
  notification: NotificationRef,
  dueAt: string,
  campaignId?: string,
): JobSpec => {
  const id = notificationId(agencyId, notification);
  return spec(notificationJobId(id), {
    name: 'send-notification',
    data: { agencyId, ...ofCampaign(campaignId), notificationId: id, notification, dueAt },
  });
};

/**
 * The notification e-mails not yet recorded as sent, derived from the log alone like the timers:
 * the notices of the current status (changes requested, a submission to review, a certification
 * once both of its documents exist and while it is a week old at most) and the expiry notices of
 * each day on which training records run out.
 */
export const notificationSchedule = (s: ScheduleState, now: string): JobSpec[] => [
  ...cyclesOf(s).flatMap((ref) => [...noticeSchedule(ref, now), ...certificationExpirySchedule(s, ref, now)]),
  ...trainingExpirySchedule(s, now),
];

/** The reminders before a certification runs out (issue 18): the `expiryNotices` hook, while certified. */
function certificationExpirySchedule(
  s: ScheduleState,
  { agencyId, campaignId, cycle }: CycleRef,
  now: string,
): JobSpec[] {
  const c = cycle.certificate;
  if (cycle.status !== 'certified' || !c?.expiresOn) return [];
  const sent = new Set(s.expirySent);
  return expiryNotices(c.expiresOn, now, (offsetDays) => {
    const ref: NotificationRef = { kind: 'certification-expiring', certificateNumber: c.number, offsetDays };
    return sent.has(notificationId(agencyId, ref))
      ? null
      : (dueAt) => notificationSpec(agencyId, ref, dueAt, campaignId);
  });
}

function noticeSchedule({ agencyId, campaignId, cycle }: CycleRef, now: string): JobSpec[] {
  return cycle.notices
    .filter((n) => noticeDue(cycle, n, now))
    .map((n) => notificationSpec(agencyId, n.notification, n.at ?? now, campaignId));
}

/** Training records are the agency's: reminded about while any of its cycles works toward or holds a certificate. */
const trainingNoticesApply = (s: ScheduleState | undefined): boolean =>
  !!s && cyclesOf(s).some((ref) => EXPIRY_NOTICE_STATUSES.includes(ref.cycle.status));

/** The training-expiry notices of `days` (all of the agency's expiry days unless given). */
function trainingExpirySchedule(
  s: ScheduleState,
  now: string,
  days: Iterable<string> = expiryDaysOf(s),
): JobSpec[] {
  if (!trainingNoticesApply(s)) return [];
  const sent = new Set(s.expirySent);
  const jobs: JobSpec[] = [];
  for (const expiresOn of [...days].sort()) {
    if (!s.expiryDays.get(expiresOn)) continue;
    jobs.push(
      ...expiryNotices(expiresOn, now, (offsetDays) => {
        const ref: NotificationRef = { kind: 'training-expiring', expiresOn, offsetDays };
        return sent.has(notificationId(s.agencyId, ref))
          ? null
          : (dueAt) => notificationSpec(s.agencyId, ref, dueAt);
      }),
    );
  }
  return jobs;
}

/**
 * The expiry days whose notices one event may have changed, read off the event: a reaction
 * recomputes only those (an import of 32,000 records expiring on 700 different days must not
 * recompute 700 days' notices per record). A state appearing or a change of status in or out of
 * the statuses that have notices may change them all.
 */
function changedExpiryDays(
  event: AgencyEvent,
  before: ScheduleState | undefined,
  after: ScheduleState | undefined,
): Iterable<string> {
  if (!before || !after || trainingNoticesApply(before) !== trainingNoticesApply(after))
    return new Set([...(before ? expiryDaysOf(before) : []), ...(after ? expiryDaysOf(after) : [])]);
  const days = (s: ScheduleState, ref: string) => Object.values(s.trainingExpiry.get(ref) ?? {});
  switch (event.type) {
    case 'OfficerTrained':
    case 'OfficerSeparated': {
      const ref = event.data.officerRef;
      return new Set([...days(before, ref), ...days(after, ref)].filter((d): d is string => !!d));
    }
    case 'NotificationSent': {
      const n = event.data;
      // `training-expiring/<agencyId>/<day>/<offset>`
      return n.kind === 'training-expiring' ? [n.notificationId.split('/')[2]] : [];
    }
    default:
      return [];
  }
}

function noticeDue(s: CycleSchedule, n: Notice, now: string): boolean {
  if (n.notification.kind !== 'certified') return true;
  const c = s.certificate;
  return (
    s.status === 'certified' &&
    c?.number === n.notification.certificateNumber &&
    c.certificateIssued &&
    c.letterIssued &&
    Date.parse(now) - Date.parse(n.at ?? now) < NOTICE_FRESH_MS
  );
}

/**
 * The notices before something runs out on `expiresOn` (valid through that day), under the
 * pledge reminders' rule: one at each of EXPIRY_NOTICE_DAYS not yet sent; of the days already
 * passed (a record entered late, an outage) only the latest, due at once; nothing once it has run
 * out. Generic over what expires: training records and a certification's term (`validForMonths`,
 * certificationExpirySchedule), each with its own NotificationRef and `make`.
 */
export function expiryNotices(
  expiresOn: string,
  now: string,
  make: (offsetDays: number) => ((dueAt: string) => JobSpec) | null,
  offsets: readonly number[] = EXPIRY_NOTICE_DAYS,
): JobSpec[] {
  const nowMs = Date.parse(now);
  if (nowMs >= Date.parse(startOfDay(addDays(expiresOn, 1)))) return [];
  const dueOf = (offset: number) => startOfDay(addDays(expiresOn, -offset));
  const passed = offsets.filter((o) => Date.parse(dueOf(o)) <= nowMs);
  const latestPassed = passed.length ? Math.min(...passed) : undefined;
  const jobs: JobSpec[] = [];
  for (const offsetDays of [...offsets].sort((a, b) => b - a)) {
    if (passed.includes(offsetDays) && offsetDays !== latestPassed) continue;
    const build = make(offsetDays);
    if (build) jobs.push(build(dueOf(offsetDays)));
  }
  return jobs;
}

export interface Reaction {
  add: JobSpec[];
  /** Ids of jobs no longer wanted (a moved deadline, a closed pledge). Removing is tidiness only:
   *  a stale job that fires anyway decides nothing. */
  cancel: string[];
}

/**
 * What one event changes in the schedule: the difference between the pending jobs before and after
 * it, plus the one-shot e-mail of a reminder. Pure: time comes in as `now`.
 */
export function react(
  event: AgencyEvent & { id: string },
  before: ScheduleState | undefined,
  after: ScheduleState | undefined,
  now: string,
): Reaction {
  const days = [...changedExpiryDays(event, before, after)];
  const was = before ? [...eventSchedule(before, now), ...trainingExpirySchedule(before, now, days)] : [];
  const is = after ? [...eventSchedule(after, now), ...trainingExpirySchedule(after, now, days)] : [];
  const wasIds = new Set(was.map((j) => j.id));
  const isIds = new Set(is.map((j) => j.id));
  const add = is.filter((j) => !wasIds.has(j.id));
  const cancel = was.filter((j) => !isIds.has(j.id)).map((j) => j.id);
  if (
    event.type === 'DeadlineReminderSent' &&
    after &&
    Date.parse(now) - Date.parse(event.data.sentAt) < REMINDER_MAIL_FRESH_MS
  ) {
    add.push(
      spec(reminderMailJobId(event.id), {
        name: 'send-reminder-mail',
        data: {
          agencyId: after.agencyId,
          ...ofCampaign(campaignIdOf(event)),
          eventId: event.id,
          dueAt: event.data.sentAt,
        },
      }),
    );
  }
  return { add, cancel };
}
