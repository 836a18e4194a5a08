import type { EventStore } from '#event-store';
import { verifyChain, type ChainLink, type ChainVerdict } from '#events';

export interface VerificationJson {
  streamId: string;
  valid: boolean;
  events: number;
  headHash: string;
  firstBadRevision?: string;
  reason?: string;
}

export function verdictJson(streamId: string, v: ChainVerdict): VerificationJson {
  return v.valid
    ? { streamId, valid: true, events: v.events, headHash: v.headHash }
    : {
        streamId,
        valid: false,
        events: v.events,
        headHash: v.headHash,
        firstBadRevision: v.firstBadRevision.toString(),
        reason: v.reason,
      };
}

/** Re-checks one stream's hash chain against the head the store recorded (catches a cut tail). */
export async function verifyStream(store: EventStore, streamId: string): Promise<VerificationJson | null> {
  const head = await store.streamHead(streamId);
  let events: ChainLink[];
  try {
    events = await store.readStream(streamId);
  } catch (err) {
    // Bytes edited so that the stored JSON no longer parses: the stream cannot even be read.
    return {
      streamId,
      valid: false,
      events: 0,
      headHash: '',
      firstBadRevision: '0',
      reason: `unreadable: ${(err as Error).message}`,
    };
  }
  if (!head && events.length === 0) return null;
  return verdictJson(streamId, verifyChain(events, head ?? undefined));
}
