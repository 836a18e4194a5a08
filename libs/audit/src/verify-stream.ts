import type { DocumentStore } from '#documents';
import type { EventStore } from '#event-store';
import { verifyChain, type ChainLink, type ChainVerdict } from '#events';
import { verifyDocuments, type VerificationJson } from './verify-documents.js';

// The shape lives with the documents' check, which adds to it; readers take it from here.
export type { VerificationJson } from './verify-documents.js';

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

/**
 * Re-checks one stream's hash chain against the head the store recorded (catches a cut tail) and,
 * given the document store, that each evidence document still hashes to its event (G12).
 */
export async function verifyStream(
  store: EventStore,
  streamId: string,
  documents?: DocumentStore,
): Promise<VerificationJson | null> {
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
  const verdict = verdictJson(streamId, verifyChain(events, head ?? undefined));
  return documents ? verifyDocuments(verdict, events, documents) : verdict;
}
