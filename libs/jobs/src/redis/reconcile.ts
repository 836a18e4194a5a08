import { learnFromEvents } from '#domain';
import type { EventStore } from '#event-store';
import { agencyIdOf, decodeAgencyEvent } from '#events';
import { reminderMailJobId, type JobSpec } from '../jobs.js';
import { scheduleOf } from '../schedule.js';
import { evolveSchedule, type ScheduleState } from '../schedule-state.js';
import type { JobQueues } from './job-queues.js';

/** Folds every agency stream of the log into its schedule state: the source of truth (G5). */
export async function scheduleStatesFromLog(
  store: EventStore,
  pageSize = 5_000,
): Promise<Map<string, ScheduleState>> {
  const states = new Map<string, ScheduleState>();
  for (let after = 0n; ;) {
    const page = await store.readAllBodies(after, pageSize);
    if (page.length === 0) return states;
    learnFromEvents(page); // the whole log in order: each published rule set before its agencies
    for (const e of page) {
      const agencyId = agencyIdOf(e.streamId);
      if (agencyId === null) continue;
      const event = decodeAgencyEvent(e);
      const next = evolveSchedule(states.get(agencyId), agencyId, event, e.revision);
      if (next) states.set(agencyId, next);
    }
    after = page[page.length - 1].position;
  }
}

export interface ReconcileReport {
  pending: number;
  added: string[];
  removed: string[];
}

const REMINDER_MAIL_PREFIX = reminderMailJobId('');
const WAITING = ['delayed', 'waiting', 'prioritized', 'waiting-children'] as const;

/**
 * Makes the queues hold exactly the pending schedule: deadlines, documents and the notification
 * e-mails not yet recorded as sent (NotificationSent). Redis is listed BEFORE the log is read: a
 * job a reactor adds meanwhile is then never mistaken for a stale one. Failed jobs of a pending id
 * are replaced (an existing id would otherwise block the re-add); active jobs are left alone. The
 * reminder e-mails (`mail/reminder/…`) are one-shot reactions, not schedule, and are not touched.
 */
export async function reconcile(
  store: EventStore,
  queues: JobQueues,
  now: () => string,
): Promise<ReconcileReport> {
  const listed = new Set<string>();
  const failed = new Set<string>();
  const scheduled = (id: string) => !id.startsWith(REMINDER_MAIL_PREFIX);
  for (const name of ['deadlines', 'documents', 'mail'] as const) {
    for (const id of await queues.queues[name].getRanges([...WAITING], 0, -1))
      if (scheduled(id)) listed.add(id);
    for (const id of await queues.queues[name].getRanges(['failed'], 0, -1))
      if (scheduled(id)) failed.add(id);
  }
  const at = now();
  const pending: JobSpec[] = [...(await scheduleStatesFromLog(store)).values()].flatMap((s) =>
    scheduleOf(s, at),
  );
  const wanted = new Set(pending.map((j) => j.id));
  const report: ReconcileReport = { pending: pending.length, added: [], removed: [] };
  const missing = pending.filter((spec) => !listed.has(spec.id));
  for (const spec of missing) if (failed.has(spec.id)) await queues.cancel(spec.id);
  await queues.addMany(missing, at);
  report.added = missing.map((spec) => spec.id);
  for (const id of listed) {
    if (!wanted.has(id) && (await queues.cancel(id))) report.removed.push(id);
  }
  return report;
}
