import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical.js';
import type { EventMetadata } from './event.js';

/** prevHash of a stream's first event. */
export const GENESIS_HASH = '0'.repeat(64);

export interface HashInput {
  streamId: string;
  revision: bigint;
  type: string;
  schemaVersion: number;
  data: unknown;
  metadata: EventMetadata;
  prevHash: string;
}

/** G6: hash = sha256(canonical(streamId, revision, type, schemaVersion, data, metadata, prevHash)). */
export function eventHash(e: HashInput): string {
  const canonical = canonicalJson({
    streamId: e.streamId,
    revision: e.revision.toString(),
    type: e.type,
    schemaVersion: e.schemaVersion,
    data: e.data,
    metadata: e.metadata,
    prevHash: e.prevHash,
  });
  return createHash('sha256').update(canonical).digest('hex');
}

export interface ChainLink extends HashInput {
  hash: string;
}

export type ChainVerdict =
  | { valid: true; events: number; headHash: string }
  | { valid: false; events: number; headHash: string; firstBadRevision: bigint; reason: string };

/**
 * Re-checks one stream's chain in revision order. Detects edited bytes (hash mismatch), deleted
 * or swapped events (revision gap / prevHash mismatch) and, given the head the store recorded,
 * a truncated tail.
 */
export function verifyChain(
  links: Iterable<ChainLink>,
  expectedHead?: { revision: bigint; hash: string },
): ChainVerdict {
  let prevHash = GENESIS_HASH;
  let expectedRevision = 0n;
  let count = 0;
  for (const link of links) {
    const bad = (reason: string): ChainVerdict => ({
      valid: false,
      events: count,
      headHash: prevHash,
      firstBadRevision: expectedRevision,
      reason,
    });
    if (link.revision !== expectedRevision)
      return bad(`expected revision ${expectedRevision}, found ${link.revision}`);
    if (link.prevHash !== prevHash) return bad('prevHash does not match the previous event');
    // A tampered byte can make the data unhashable (e.g. a number that now parses to Infinity):
    // that is a bad event to report at its revision, not an exception that hides which one.
    let hash: string;
    try {
      hash = eventHash(link);
    } catch (err) {
      return bad(`the event contents cannot be hashed: ${(err as Error).message}`);
    }
    if (hash !== link.hash) return bad('hash does not match the event contents');
    prevHash = link.hash;
    expectedRevision += 1n;
    count += 1;
  }
  if (expectedHead && (expectedHead.revision !== expectedRevision - 1n || expectedHead.hash !== prevHash)) {
    return {
      valid: false,
      events: count,
      headHash: prevHash,
      firstBadRevision: expectedRevision,
      reason: `the stream head is recorded at revision ${expectedHead.revision} but the events end at ${expectedRevision - 1n}`,
    };
  }
  return { valid: true, events: count, headHash: prevHash };
}
