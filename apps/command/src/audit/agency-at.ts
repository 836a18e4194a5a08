import { agencyDecider, catalogueDecider, type AgencyState } from '../../../../libs/domain/src/index.js';
import type { EventStore, ReadStreamOptions } from '../../../../libs/event-store/src/index.js';
import { PROGRAM_CATALOGUE_STREAM, agencyStream, type StoredEvent } from '../../../../libs/events/src/index.js';
import { buildAgencyView, type AgencyView } from '../../../../libs/read-models/src/index.js';
import { foldStored } from '../infra/handle-command.js';

/** When to look: an instant (a date means the end of that day, UTC), a revision, or now. */
export type At = { asOf: string } | { revision: bigint } | { now: string };

export function endOfDay(value: string): string | null {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return Number.isNaN(Date.parse(`${value}T00:00:00Z`)) ? null : `${value}T23:59:59.999Z`;
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value)) return null;
  const t = Date.parse(value);
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}

/**
 * The agency as it stood then, folded from the log (not the read model) and presented by the
 * same view builder as the live read. Null when the agency had no events by then.
 */
export async function agencyViewAt(store: EventStore, agencyId: string, at: At): Promise<{ view: AgencyView; events: StoredEvent[] } | null> {
  const options: ReadStreamOptions = 'asOf' in at ? { asOf: at.asOf } : 'revision' in at ? { toRevision: at.revision } : {};
  const events = await store.readStream(agencyStream(agencyId), options);
  if (events.length === 0) return null;
  const last = events[events.length - 1];
  const state = foldStored<any, AgencyState>(agencyDecider, events);
  const date = 'asOf' in at ? at.asOf.slice(0, 10) : 'revision' in at ? last.recordedAt.slice(0, 10) : at.now.slice(0, 10);
  const programs = await store.readStream(PROGRAM_CATALOGUE_STREAM, 'asOf' in at ? { asOf: at.asOf } : {});
  const catalogue = foldStored<any, ReturnType<typeof catalogueDecider.initialState>>(catalogueDecider, programs);
  const reminders = events
    .filter((e) => e.type === 'DeadlineReminderSent' && (e.data as { cycle: number }).cycle === state.cycle)
    .map((e) => ({ offsetDays: (e.data as { offsetDays: number }).offsetDays, sentAt: (e.data as { sentAt: string }).sentAt }));
  const view = buildAgencyView({ agencyId, state, reminders, revision: last.revision.toString(), position: last.position.toString(), catalogue, date });
  return { view, events };
}
