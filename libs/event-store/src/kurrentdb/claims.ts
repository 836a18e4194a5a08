import {
  NO_STREAM,
  StreamNotFoundError,
  WrongExpectedVersionError,
  jsonEvent,
  type KurrentDBClient,
} from '@kurrent/kurrentdb-client';
import { ClaimTakenError } from '../event-store.js';
import { deterministicUuid } from './mapping.js';
import type { StreamNames } from './stream-names.js';

/**
 * A unique claim on KurrentDB: a reservation stream `$claim-<sha256>` whose one event names the
 * stream holding it, written with expected state no-stream, so the server lets exactly one writer
 * create it. There is no transaction with the events, so the claim is taken BEFORE them: an append
 * refused for its claim appends nothing. The price: if the events' append then fails, the claim
 * stays with a stream that may not exist yet; only that same stream can use it later.
 */
export async function takeClaim(
  client: KurrentDBClient,
  names: StreamNames,
  claim: string,
  streamId: string,
): Promise<void> {
  const stream = names.claim(claim);
  // Deterministic per (claim, holder): the same holder resending it is deduplicated by the server.
  const event = jsonEvent({
    id: deterministicUuid(`claim\u0000${claim}\u0000${streamId}`),
    type: 'ClaimTaken',
    data: { claim, streamId },
  });
  try {
    await client.appendToStream(stream, event, { streamState: NO_STREAM });
  } catch (err) {
    if (!(err instanceof WrongExpectedVersionError)) throw err;
    const heldBy = await holderOf(client, stream);
    if (heldBy !== streamId) throw new ClaimTakenError(claim, streamId, heldBy ?? '(unknown)');
  }
}

async function holderOf(client: KurrentDBClient, stream: string): Promise<string | undefined> {
  try {
    for await (const r of client.readStream(stream, {
      fromRevision: 0n,
      maxCount: 1,
      requiresLeader: true,
    })) {
      if (r.event) return (r.event.data as { streamId: string }).streamId;
    }
  } catch (err) {
    if (!(err instanceof StreamNotFoundError)) throw err;
  }
  return undefined;
}
