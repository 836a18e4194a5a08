import { agencyIdOf } from '#events';
import type { CommandOutcome } from './handle-command.js';
import type { HttpReply } from './http.js';

/** A write whose answer carries fields of its own besides API.md's (the CSV import's counts). */
export interface WriteAnswer {
  outcome: CommandOutcome;
  extra: Record<string, unknown>;
}

/** What a `@Write()` handler returns: its command's outcome, or the outcome with extra fields. */
export type WriteResult = CommandOutcome | WriteAnswer;

const isWriteAnswer = (result: WriteResult): result is WriteAnswer => 'outcome' in result;

/** API.md: `{ agencyId, revision, position, events }`, ETag = revision, 201 when the stream was created. */
export function sendWriteResult(reply: HttpReply, result: WriteResult): void {
  const { outcome, extra } = isWriteAnswer(result) ? result : { outcome: result, extra: {} };
  if (outcome.revision !== null) reply.header('ETag', `"${outcome.revision.toString()}"`);
  reply.status(outcome.created ? 201 : 200).send({ ...writeAnswer(outcome), ...extra });
}

/** The body of a write's answer (API.md). */
function writeAnswer(outcome: CommandOutcome) {
  return {
    agencyId: agencyIdOf(outcome.streamId) ?? undefined,
    streamId: outcome.streamId,
    revision: outcome.revision?.toString() ?? null,
    position: outcome.position.toString(),
    events: outcome.events.map((e) => ({ type: e.type, revision: e.revision.toString() })),
  };
}
