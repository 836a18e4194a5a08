import type { AgencyEvent } from '#events';
import { addDays } from '#domain';
import { ruleSet, type RuleSet } from '#domain';
import { LAPSABLE_STATUSES, reminderKey } from '#domain';
import { deadlineJobId, documentJobId, reminderMailJobId, spec, type JobSpec } from './jobs.js';
import type { ScheduleState } from './schedule-state.js';

/** A deadline (or a reminder day) takes effect at 00:00 UTC of that day, as the deciders judge it. */
export const startOfDay = (date: string): string => `${date}T00:00:00.000Z`;

/**
 * A reminder e-mail is only worth sending while it is news: a reactor catching up over an old log
 * (a new data folder, a lost checkpoint) must not mail agencies about reminders of past years.
 */
export const REMINDER_MAIL_FRESH_MS = 3 * 86_400_000;

/**
 * The jobs that should exist for one agency at `now`, derived from the log alone (G5):
 * - an open pledge (pledged or changes-requested) has its lapse at the deadline and a reminder at
 *   each of the rule set's offsets not yet sent; a reminder whose day had already passed (a
 *   backdated pledge, a long outage) is kept only for the latest passed offset, due now, so the
 *   agency gets one current reminder instead of a burst of stale ones; once the deadline itself
 *   has passed only the lapse is left;
 * - a submission under review has none (the pledge cannot lapse; a reminder would decide nothing);
 * - a certification has its three document jobs until each has been recorded.
 */
export function pendingSchedule(
  s: ScheduleState | undefined,
  rule: Pick<RuleSet, 'reminderOffsetsDays'>,
  now: string,
): JobSpec[] {
  if (!s) return [];
  if (s.status === 'certified') return documentJobs(s, now);
  if (!LAPSABLE_STATUSES.includes(s.status)) return [];
  const { agencyId, deadline } = s;
  const lapseAt = startOfDay(deadline);
  const jobs: JobSpec[] = [
    spec(deadlineJobId(agencyId, deadline, 'lapse'), {
      name: 'pledge-lapse',
      data: { agencyId, deadline, dueAt: lapseAt },
    }),
  ];
  const nowMs = Date.parse(now);
  if (nowMs >= Date.parse(lapseAt)) return jobs;
  const dueOf = (offset: number) => startOfDay(addDays(deadline, -offset));
  const passed = rule.reminderOffsetsDays.filter((o) => Date.parse(dueOf(o)) <= nowMs);
  const latestPassed = passed.length ? Math.min(...passed) : undefined;
  for (const offsetDays of [...rule.reminderOffsetsDays].sort((a, b) => b - a)) {
    if (s.remindersSent.includes(reminderKey(deadline, offsetDays))) continue;
    if (passed.includes(offsetDays) && offsetDays !== latestPassed) continue;
    jobs.push(
      spec(deadlineJobId(agencyId, deadline, offsetDays), {
        name: 'deadline-reminder',
        data: { agencyId, deadline, offsetDays, dueAt: dueOf(offsetDays) },
      }),
    );
  }
  return jobs;
}

function documentJobs(s: ScheduleState, now: string): JobSpec[] {
  const c = s.certificate;
  if (!c) return [];
  const data = { agencyId: s.agencyId, certificateNumber: c.number, dueAt: now };
  const jobs: JobSpec[] = [];
  if (!c.certificateIssued)
    jobs.push(spec(documentJobId('certificate', c.number), { name: 'issue-certificate', data }));
  if (!c.letterIssued) jobs.push(spec(documentJobId('letter', c.number), { name: 'issue-letter', data }));
  if (!c.featured)
    jobs.push(spec(documentJobId('newsletter', c.number), { name: 'feature-newsletter', data }));
  return jobs;
}

export const scheduleOf = (s: ScheduleState | undefined, now: string): JobSpec[] =>
  s ? pendingSchedule(s, ruleSet(s.ruleSet), now) : [];

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
  const was = scheduleOf(before, now);
  const is = scheduleOf(after, now);
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
        data: { agencyId: after.agencyId, eventId: event.id, dueAt: event.data.sentAt },
      }),
    );
  }
  return { add, cancel };
}
