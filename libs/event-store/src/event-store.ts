import type { EventBody, NewEvent, StoredEvent } from '#events';

/**
 * The event store port. Every adapter (SQLite, KurrentDB, later PostgreSQL) passes the same
 * contract suite (contract.spec-suite.ts). There is deliberately no "any" expected revision:
 * every append states what it believes the stream looks like (G2).
 */
export type ExpectedRevision = 'no-stream' | 'exists' | bigint;

export interface IdempotencyRecord {
  /** Scoped by the caller (token subject) so one tenant's keys never answer for another. */
  key: string;
  /** Hash of the request (route + body): the same key with a different body is refused. */
  fingerprint: string;
}

export interface AppendResult {
  streamId: string;
  /** The stream's revision after the append (its last event's revision). */
  nextRevision: bigint;
  /** Global position of the last appended event. */
  position: bigint;
  events: { id: string; type: string; revision: bigint; position: bigint }[];
  /** True when this append created the stream (first event at revision 0). */
  created: boolean;
  /** True when an idempotency key matched an earlier append: nothing was appended now. */
  duplicate: boolean;
}

export interface AppendOptions {
  idempotency?: IdempotencyRecord;
  /**
   * Unique names this stream takes, recorded atomically with the append (e.g. `agency-id:<id in
   * lower case>`, so that two ids differing only in case cannot both exist). A claim held by
   * another stream fails the append with ClaimTakenError and appends nothing; one held by the same
   * stream is no conflict (a retry, a later append).
   */
  claims?: readonly string[];
}

export interface ReadStreamOptions {
  /** Inclusive upper bound. */
  toRevision?: bigint;
  /** Only events recorded at or before this instant (ISO 8601). */
  asOf?: string;
  /** Inclusive lower bound (snapshots resume from here). */
  fromRevision?: bigint;
}

export interface StreamHead {
  revision: bigint;
  hash: string;
}

export interface StoredIdempotency {
  fingerprint: string;
  result: AppendResult;
}

export interface Subscription {
  /** Resolves once the subscription loop has stopped. */
  stop(): Promise<void>;
  readonly done: Promise<void>;
}

/** Receives events in global order; the next batch is not delivered until this one resolves. */
export type SubscriptionHandler = (events: StoredEvent[]) => Promise<void> | void;

export interface EventStore {
  append(
    streamId: string,
    events: NewEvent[],
    expected: ExpectedRevision,
    options?: AppendOptions,
  ): Promise<AppendResult>;
  readStream(streamId: string, options?: ReadStreamOptions): Promise<StoredEvent[]>;
  /** Events with position strictly greater than `after`, in global order, at most `limit`. */
  readAll(after: bigint, limit: number): Promise<StoredEvent[]>;
  /** The same page as `readAll`, with only what a projection needs (rebuilds, reconcile: P3, P6). */
  readAllBodies(after: bigint, limit: number): Promise<EventBody[]>;
  /** Catch up from `after`, then follow live appends (also those of other processes). */
  subscribeToAll(after: bigint, handler: SubscriptionHandler, options?: { batchSize?: number }): Subscription;
  streamHead(streamId: string): Promise<StreamHead | null>;
  /** Every stream id with its head, for whole-log verification. */
  listStreams(): AsyncIterable<{ streamId: string; head: StreamHead }>;
  headPosition(): Promise<bigint>;
  findIdempotency(key: string): Promise<StoredIdempotency | null>;
  /** Readiness (G13): rejects with StorageFullError while the store cannot write for lack of space. */
  checkWritable?(): Promise<string>;
  close(): Promise<void>;
}

export class WrongExpectedRevisionError extends Error {
  readonly code = 'wrong-expected-revision';
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    readonly actual: bigint | 'no-stream',
  ) {
    super(`stream ${streamId}: expected revision ${String(expected)}, actual ${String(actual)}`);
  }
}

export class IdempotencyKeyReusedError extends Error {
  readonly code = 'idempotency-key-reused';
  constructor(readonly key: string) {
    super('this Idempotency-Key was already used with a different request');
  }
}

export class ClaimTakenError extends Error {
  readonly code = 'claim-taken';
  constructor(
    readonly claim: string,
    readonly streamId: string,
    readonly heldBy: string,
  ) {
    super(`stream ${streamId}: the claim ${claim} is held by another stream`);
  }
}

/** The store refuses to open on settings that would break durability (G1, G10). */
export class UnsafeStoreSettingsError extends Error {}
