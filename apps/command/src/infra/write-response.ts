import type { Response } from 'express';
import { agencyIdOf } from '#events';
import type { CommandOutcome } from './handle-command.js';

/** API.md: `{ agencyId, revision, position, events }`, ETag = revision, 201 when the stream was created. */
export function sendWriteResult(res: Response, outcome: CommandOutcome, extra: Record<string, unknown> = {}) {
  const revision = outcome.revision?.toString() ?? null;
  if (revision !== null) res.setHeader('ETag', `"${revision}"`);
  res.status(outcome.created ? 201 : 200).json({
    agencyId: agencyIdOf(outcome.streamId) ?? undefined,
    streamId: outcome.streamId,
    revision,
    position: outcome.position.toString(),
    events: outcome.events.map((e) => ({ type: e.type, revision: e.revision.toString() })),
    ...extra,
  });
}
