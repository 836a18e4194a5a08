import type { StoredEvent } from './event.js';

/** The JSON form of a stored event (history endpoint, NDJSON export): bigints as decimal strings. */
export interface StoredEventJson {
  streamId: string;
  revision: string;
  position: string;
  id: string;
  type: string;
  schemaVersion: number;
  data: unknown;
  metadata: StoredEvent['metadata'];
  recordedAt: string;
  prevHash: string;
  hash: string;
}

export function toJson(e: StoredEvent): StoredEventJson {
  return {
    streamId: e.streamId,
    revision: e.revision.toString(),
    position: e.position.toString(),
    id: e.id,
    type: e.type,
    schemaVersion: e.schemaVersion,
    data: e.data,
    metadata: e.metadata,
    recordedAt: e.recordedAt,
    prevHash: e.prevHash,
    hash: e.hash,
  };
}

export function fromJson(j: StoredEventJson): StoredEvent {
  return { ...j, revision: BigInt(j.revision), position: BigInt(j.position) };
}
