import type { StoredEvent } from '#events';
import type { AppendResult } from '../event-store.js';

export interface EventRow {
  position: bigint;
  stream_id: string;
  revision: bigint;
  id: string;
  type: string;
  schema_version: bigint;
  data: string;
  metadata: string;
  recorded_at: string;
  prev_hash: string;
  hash: string;
}

/**
 * `metadata` is parsed on first access: folding an agency's 65,000 events (a command, a state as
 * of a date) never reads it, and parsing it was a third of the read time (P5). Once parsed it is
 * kept, so callers see an ordinary value.
 */
export function rowToEvent(r: EventRow): StoredEvent {
  let metadata: StoredEvent['metadata'] | undefined;
  return {
    position: r.position,
    streamId: r.stream_id,
    revision: r.revision,
    id: r.id,
    type: r.type,
    schemaVersion: Number(r.schema_version),
    data: JSON.parse(r.data),
    get metadata() {
      return (metadata ??= JSON.parse(r.metadata));
    },
    set metadata(value) {
      metadata = value;
    },
    recordedAt: r.recorded_at,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

/** AppendResult survives in the idempotency table as JSON, bigints as strings. */
export function serializeResult(r: AppendResult): string {
  return JSON.stringify(r, (_k, v) => (typeof v === 'bigint' ? v.toString() : v));
}

export function deserializeResult(json: string): AppendResult {
  const raw = JSON.parse(json);
  return {
    streamId: raw.streamId,
    nextRevision: BigInt(raw.nextRevision),
    position: BigInt(raw.position),
    created: raw.created,
    duplicate: true,
    events: raw.events.map((e: { id: string; type: string; revision: string; position: string }) => ({
      id: e.id,
      type: e.type,
      revision: BigInt(e.revision),
      position: BigInt(e.position),
    })),
  };
}
