import { loadConfig } from '#config';
import { openEventStore } from '#event-store/open';
import { agencyViewAt, endOfDay, type At } from '#audit';
import { learnFromEvents } from '#domain';
import { CAMPAIGNS_STREAM } from '#events';
import { stringFlag, UsageError, type ParsedArgs } from './args.js';

/** `replay <agencyId> [--as-of D]`: the agency's history, one line per event, then the state it folds to. */
export async function replayCommand(args: ParsedArgs): Promise<number> {
  const agencyId = args.positional[0];
  if (!agencyId) throw new UsageError('an agencyId is required');
  const asOf = stringFlag(args, 'as-of');
  const instant = asOf === undefined ? undefined : endOfDay(asOf);
  if (instant === null) throw new UsageError('--as-of must be a date YYYY-MM-DD or an ISO 8601 instant');
  const at: At = instant ? { asOf: instant } : { now: new Date().toISOString() };
  const store = await openEventStore(loadConfig());
  try {
    learnFromEvents(await store.readStream(CAMPAIGNS_STREAM)); // an agency may be of a published campaign
    const found = await agencyViewAt(store, agencyId, at);
    if (!found) {
      process.stderr.write(`no events for agency ${agencyId}${instant ? ` by ${instant}` : ''}\n`);
      return 1;
    }
    for (const e of found.events) {
      const { actor } = e.metadata;
      process.stdout.write(
        `#${e.revision} @${e.position} ${e.recordedAt} ${e.type} by ${actor.role}:${actor.sub} ${JSON.stringify(e.data)}\n`,
      );
    }
    process.stdout.write(
      `state${instant ? ` as of ${instant}` : ''}:\n${JSON.stringify(found.view, null, 2)}\n`,
    );
    return 0;
  } finally {
    await store.close();
  }
}
