import { jsonEvent, type EventData } from '@kurrent/kurrentdb-client';
import type { AppendResult, IdempotencyRecord, StoredIdempotency } from '../event-store.js';
import { deserializeResult, serializeResult } from '../sqlite/rows.js';
import { deterministicUuid } from './mapping.js';

export const IDEMPOTENCY_EVENT_TYPE = 'IdempotencyRecorded';

/** The one event of a `$idem-<sha256(key)>` stream: the key, its fingerprint and the first answer. */
export function idempotencyEvent(record: IdempotencyRecord, result: AppendResult): EventData {
  return jsonEvent({
    // Deterministic: a resent record is deduplicated by the server as well as by 'no-stream'.
    id: deterministicUuid(`idem\u0000${record.key}`),
    type: IDEMPOTENCY_EVENT_TYPE,
    data: { key: record.key, fingerprint: record.fingerprint, result: JSON.parse(serializeResult(result)) },
  });
}

export function fromIdempotencyEvent(data: unknown): StoredIdempotency {
  const d = data as { fingerprint: string; result: unknown };
  return { fingerprint: d.fingerprint, result: deserializeResult(JSON.stringify(d.result)) };
}
