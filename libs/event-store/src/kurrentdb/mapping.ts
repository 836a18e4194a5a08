import {
  NO_STREAM,
  START,
  STREAM_EXISTS,
  WrongExpectedVersionError,
  jsonEvent,
  type AppendStreamState,
  type EventData,
  type Position,
  type ReadPosition,
} from '@kurrent/kurrentdb-client';
import { createHash } from 'node:crypto';
import type { EventMetadata, NewEvent, StoredEvent } from '#events';
import { WrongExpectedRevisionError, type ExpectedRevision, type IdempotencyRecord } from '../event-store.js';

/**
 * Pure translation between our port's types and @kurrent/kurrentdb-client's. No I/O here, so
 * every rule is unit-tested without a server (mapping.spec.ts).
 */

/** Our ExpectedRevision → the client's `streamState`. There is no path to ANY (RELIABILITY.md). */
export function toStreamState(expected: ExpectedRevision): AppendStreamState {
  if (expected === 'no-stream') return NO_STREAM;
  if (expected === 'exists') return STREAM_EXISTS;
  if (typeof expected === 'bigint' && expected >= 0n) return expected;
  throw new RangeError(`not an expected revision: ${String(expected)}`);
}

/**
 * What the adapter actually sends. It has just read the head to compute prevHash, so it pins the
 * exact head revision: the server then refuses the append if anyone appended in between, and the
 * hash chain cannot fork. `exists` therefore becomes the head revision it was checked against.
 */
export function pinnedExpected(expected: ExpectedRevision, head: bigint | null): ExpectedRevision {
  if (expected === 'exists' && head !== null) return head;
  return expected;
}

/** Our fields, kept in the KurrentDB event's metadata (data stays the domain payload as is). */
export interface OnemindMetadata {
  /** Stored format of this envelope; bump it if the layout ever changes. */
  onemind: 1;
  id: string;
  schemaVersion: number;
  prevHash: string;
  hash: string;
  metadata: EventMetadata;
  /** On the first event of an append made with an idempotency key. */
  idempotency?: IdempotencyRecord & { count: number };
  /** KurrentDB's own conventions, so its UI and system projections can follow causation. */
  $correlationId: string;
  $causationId: string;
}

export interface ChainFields {
  prevHash: string;
  hash: string;
}

/**
 * NewEvent + its hash-chain fields → a KurrentDB JSON event. The server's event id is our id when
 * that is a UUID; with an idempotency key it is derived from the key and the event's index, so a
 * resent identical append is also caught by KurrentDB's own (best-effort) id dedupe. Our id is
 * kept in the metadata either way and is what readers see.
 */
export function toEventData(
  e: NewEvent,
  chain: ChainFields,
  idempotency?: { record: IdempotencyRecord; index: number; count: number },
): EventData {
  // The client serialises later, after the hash was taken; fail here, before anything is sent,
  // so an event that cannot be stored fails the whole append (all-or-nothing).
  JSON.stringify(e.data);
  const meta: OnemindMetadata = {
    onemind: 1,
    id: e.id,
    schemaVersion: e.schemaVersion,
    prevHash: chain.prevHash,
    hash: chain.hash,
    metadata: e.metadata,
    $correlationId: e.metadata.correlationId,
    $causationId: e.metadata.causationId,
  };
  if (idempotency && idempotency.index === 0)
    meta.idempotency = { ...idempotency.record, count: idempotency.count };
  JSON.stringify(meta);
  const id = idempotency
    ? deterministicUuid(`${idempotency.record.key}\u0000${idempotency.index}`)
    : isUuid(e.id)
      ? e.id
      : deterministicUuid(e.id);
  return jsonEvent({
    id,
    type: e.type,
    data: e.data as Record<string, unknown>,
    metadata: meta as unknown as Record<string, unknown>,
  });
}

/** The parts of a client RecordedEvent we read (structural, so tests can build one by hand). */
export interface RecordedLike {
  streamId: string;
  id: string;
  revision: bigint;
  type: string;
  data: unknown;
  metadata?: unknown;
  isJson: boolean;
  position?: Position;
}

export class ForeignEventError extends Error {}

const NO_POSITION = 0xffffffffffffffffn;

/** A recorded event back → StoredEvent. `streamId` is ours (the namespace already removed). */
export function fromRecorded(r: RecordedLike, streamId: string): StoredEvent {
  const meta = r.metadata as Partial<OnemindMetadata> | undefined;
  if (!r.isJson || !meta || meta.onemind !== 1 || !meta.metadata) {
    throw new ForeignEventError(
      `${r.streamId}@${r.revision} (${r.id}) was not written by this engine's adapter`,
    );
  }
  // Servers before 22.6 send no position on stream reads, or 2^64-1 in its place.
  if (!r.position || r.position.commit === NO_POSITION) {
    throw new ForeignEventError(
      `${r.streamId}@${r.revision} has no log position (KurrentDB/EventStoreDB ≥ 22.6 is required)`,
    );
  }
  return {
    id: meta.id ?? r.id,
    type: r.type,
    schemaVersion: meta.schemaVersion ?? meta.metadata.schemaVersion,
    data: r.data,
    metadata: meta.metadata,
    streamId,
    revision: r.revision,
    position: toOurPosition(r.position),
    recordedAt: meta.metadata.recordedAt,
    prevHash: meta.prevHash ?? '',
    hash: meta.hash ?? '',
  };
}

export function idempotencyOf(r: RecordedLike): (IdempotencyRecord & { count: number }) | undefined {
  return (r.metadata as Partial<OnemindMetadata> | undefined)?.idempotency;
}

/**
 * KurrentDB's $all position → our global position: the commit position. Appends through the
 * gRPC API are implicit transactions, where every event has its own log record and
 * commit = prepare; only legacy explicit (TCP) transactions share a commit position, and this
 * adapter never writes those. 64-bit unsigned on the server: bigint all the way, never Number.
 */
export function toOurPosition(p: Position): bigint {
  return p.commit;
}

/** Our position → where to start reading $all. 0 means "from the beginning". */
export function toReadPosition(after: bigint): ReadPosition {
  if (after < 0n) throw new RangeError(`not a position: ${after}`);
  return after === 0n ? START : { commit: after, prepare: after };
}

/** The client's version conflict → ours, with the actual revision the server reported. */
export function toOurError(err: unknown, streamId: string, expected: ExpectedRevision): unknown {
  if (err instanceof WrongExpectedVersionError) {
    const current = err.actualState;
    const actual = typeof current === 'bigint' && current >= 0n ? current : 'no-stream';
    return new WrongExpectedRevisionError(streamId, expected, actual);
  }
  return err;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (s: string): boolean => UUID.test(s);

/** A stable UUID (version 8, "custom") from sha256 of a name. */
export function deterministicUuid(name: string): string {
  const b = createHash('sha256').update(name).digest().subarray(0, 16);
  b[6] = (b[6] & 0x0f) | 0x80;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
