import {
  agencyDecider,
  catalogueDecider,
  cycleView,
  foldStored,
  isCalendarDate,
  parseInstant,
  primaryCampaign,
} from '#domain';
import type { EventStore, ReadStreamOptions } from '#event-store';
import { PROGRAM_CATALOGUE_STREAM, agencyStream, decodeAgencyEvent, type StoredEvent } from '#events';
import { buildAgencyView, evidenceCounts, viewedFold, type AgencyView } from '#read-models';
import type { Bound, FoldPoint, FoldPoints } from './fold-points.js';

/** When to look: an instant (a date means the end of that day, UTC), a revision, or now. */
export type At = Bound;

/** Null for anything but a real calendar date or a zoned instant (2025-02-30 is not a day to roll over). */
export function endOfDay(value: string): string | null {
  if (isCalendarDate(value)) return `${value}T23:59:59.999Z`;
  return parseInstant(value);
}

/**
 * The agency as it stood then, folded from the log (not the read model) and presented by the
 * same view builder as the live read. Null when the agency had no events by then. With `points`,
 * the fold starts at the nearest fold point inside the bound (and leaves new ones behind);
 * `events` then holds only the events folded after it.
 */
export async function agencyViewAt(
  store: EventStore,
  agencyId: string,
  at: At,
  points?: FoldPoints,
  campaignId?: string,
): Promise<{ view: AgencyView; events: StoredEvent[] } | null> {
  const streamId = agencyStream(agencyId);
  const start = points?.best(streamId, at);
  const options: ReadStreamOptions = {
    ...('asOf' in at ? { asOf: at.asOf } : 'revision' in at ? { toRevision: at.revision } : {}),
    ...(start ? { fromRevision: start.revision + 1n } : {}),
  };
  const events = await store.readStream(streamId, options);
  const folded = foldFrom(start, events, points && { points, streamId });
  if (!folded) return null;
  // One campaign's cycle (issue 18 item 3): the agency's records with that campaign's cycle.
  const state = campaignId ? cycleView(folded.state, campaignId) : folded.state;
  const ofCampaign = campaignId === primaryCampaign(folded.state) ? undefined : campaignId;
  const reminders = folded.reminders.filter((r) => r.campaignId === ofCampaign);
  const date =
    'asOf' in at
      ? at.asOf.slice(0, 10)
      : 'revision' in at
        ? folded.recordedAt.slice(0, 10)
        : at.now.slice(0, 10);
  const programs = await store.readStream(PROGRAM_CATALOGUE_STREAM, 'asOf' in at ? { asOf: at.asOf } : {});
  const catalogue = foldStored(catalogueDecider, programs);
  const current = reminders
    .filter((r) => r.cycle === state.cycle)
    .map(({ offsetDays, sentAt }) => ({ offsetDays, sentAt }));
  const view = buildAgencyView({
    agencyId,
    state: viewedFold(state),
    reminders: current,
    evidence: evidenceCounts(state.evidence.values()),
    revision: folded.revision.toString(),
    position: folded.position.toString(),
    catalogue,
    date,
  });
  return { view, events };
}

/**
 * Folds `events` onto `start`, recording a fold point every `every` events of a gap-free prefix.
 * The result is itself a fold point: where the next contiguous slice goes on from (the warm-up).
 */
export function foldFrom(
  start: FoldPoint | undefined,
  events: StoredEvent[],
  record?: { points: FoldPoints; streamId: string },
): FoldPoint | null {
  let state = start?.state ?? agencyDecider.initialState();
  let last: { revision: bigint; position: bigint; recordedAt: string } | null = start ?? null;
  let maxRecordedAt = start?.maxRecordedAt ?? '';
  let reminders = start?.reminders ?? [];
  // A filtered read (asOf) may skip events; only a gap-free prefix is the stream "at revision N".
  let gapFree = true;
  let expected = start ? start.revision + 1n : 0n;
  for (const e of events) {
    gapFree &&= e.revision === expected;
    expected = e.revision + 1n;
    const event = decodeAgencyEvent(e);
    state = agencyDecider.evolve(state, event);
    if (event.type === 'DeadlineReminderSent') {
      const { cycle, offsetDays, sentAt, campaignId } = event.data;
      reminders = [...reminders, { cycle, offsetDays, sentAt, ...(campaignId ? { campaignId } : {}) }];
    }
    last = { revision: e.revision, position: e.position, recordedAt: e.recordedAt };
    if (e.recordedAt > maxRecordedAt) maxRecordedAt = e.recordedAt;
    if (record && gapFree && (e.revision + 1n) % BigInt(record.points.every) === 0n) {
      record.points.record(record.streamId, { ...last, maxRecordedAt, state, reminders });
    }
  }
  return last
    ? {
        revision: last.revision,
        position: last.position,
        recordedAt: last.recordedAt,
        maxRecordedAt,
        state,
        reminders,
      }
    : null;
}
