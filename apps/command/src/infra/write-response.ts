import type { Response } from 'express';
import { agencyIdOf } from '#events';
import type { CommandOutcome } from './handle-command.js';

/** API.md: `{ agencyId, revision, position, events }`, ETag = revision, 201 when the stream was created. */
export function sendWriteResult(res: Response, outcome: CommandOutcome, extra: Record<string, unknown> = {}) {
  const revision = outcome.revision?.toString() ?? null;
  if (revision !== null) res.setHeader('ETag', `"${revision}"`);
  res.status(outcome.created ? 201 : 200).json({ ...writeAnswer(outcome), ...extra });
}

/** The body of a write's answer (API.md), for handlers that return it rather than send it. */
export function writeAnswer(outcome: CommandOutcome) {
  return {
    agencyId: agencyIdOf(outcome.streamId) ?? undefined,
    streamId: outcome.streamId,
    revision: outcome.revision?.toString() ?? null,
    position: outcome.position.toString(),
    events: outcome.events.map((e) => ({ type: e.type, revision: e.revision.toString() })),
  };
}
