import {
  BACKWARDS,
  END,
  FORWARDS,
  KurrentDBClient,
  NO_STREAM,
  StreamNotFoundError,
  WrongExpectedVersionError,
  streamNameFilter,
  type AllStreamResolvedEvent,
  type ResolvedEvent,
} from '@kurrent/kurrentdb-client';
import { GENESIS_HASH, eventHash, type EventBody, type NewEvent, type StoredEvent } from '#events';
import {
  IdempotencyKeyReusedError,
  WrongExpectedRevisionError,
  type AppendOptions,
  type AppendResult,
  type EventStore,
  type ExpectedRevision,
  type ReadStreamOptions,
  type StoredIdempotency,
  type StreamHead,
  type Subscription,
  type SubscriptionHandler,
} from '../event-store.js';
import { checkExpectedRevision } from '../expected-revision.js';
import { takeClaim } from './claims.js';
import { fromIdempotencyEvent, idempotencyEvent } from './idempotency-record.js';
import {
  fromRecorded,
  idempotencyOf,
  pinnedExpected,
  toEventData,
  toOurError,
  toReadPosition,
  toStreamState,
} from './mapping.js';
import { resubscribingSubscription, type LiveSource } from './resubscribing-subscription.js';
import { StreamNames } from './stream-names.js';

export interface KurrentDbEventStoreOptions {
  /** Prepended to every stream name on the server (tests isolate runs with it). */
  namespace?: string;
  /** Our stream-name prefixes (default: `agency-`, `training-programs`). */
  streamPrefixes?: readonly string[];
  /** How often an `exists` append re-reads the head after losing a race (default 5). */
  existsRetries?: number;
  /** Told about subscription drops before each resubscribe. */
  onSubscriptionDrop?: (error: unknown, attempt: number, delayMs: number) => void;
}

/**
 * The EventStore port on KurrentDB (EventStoreDB's successor) through @kurrent/kurrentdb-client.
 *
 * Hash chain: before an append the adapter reads the stream's last event for its hash, then
 * appends with that exact revision as the expected one, so nobody can have appended in between
 * and the chain cannot fork (G2, G6). Global order is the $all commit position, which the server
 * assigns in commit order, so a reader never sees a later position before an earlier one (the
 * gap-safety question RELIABILITY.md asks of every server store).
 *
 * Idempotency (G3), honestly: KurrentDB has no transaction across streams (the
 * multi-stream append of newer servers is not used here), so the record is a separate stream
 * `$idem-<sha256(key)>` written with 'no-stream' AFTER the events. Between the two writes there is
 * a window: if the process dies there, the events are stored but the key is not. Two things narrow
 * it. (1) The first event carries the key in its metadata, and an append that conflicts looks at
 * the events that beat it: if they carry its key, that was its own earlier attempt, and it answers
 * with that result and writes the missing record. (2) With a key, event ids are derived from the
 * key, so an identical resend is also deduplicated by KurrentDB itself (best effort only: RELIABILITY.md).
 * What stays open: a retry after such a crash that re-reads and re-decides at a NEWER expected
 * revision (handle-command.ts does this) appends again unless the decider decides nothing.
 *
 * Stream reads (heads, the read-back after an append, idempotency records, the command handler's
 * read before deciding) go to the leader, so a write is always followed by a read that sees it.
 * $all reads and subscriptions may be served by any node: a follower replicates the log in order,
 * so what it serves is a prefix of the leader's and skips nothing.
 */
export class KurrentDbEventStore implements EventStore {
  readonly client: KurrentDBClient;
  private readonly names: StreamNames;
  private readonly existsRetries: number;

  constructor(
    connectionString: string,
    private readonly options: KurrentDbEventStoreOptions = {},
  ) {
    this.client = KurrentDBClient.connectionString(connectionString);
    this.names = new StreamNames(options.namespace ?? '', options.streamPrefixes);
    this.existsRetries = options.existsRetries ?? 5;
  }

  async append(
    streamId: string,
    events: NewEvent[],
    expected: ExpectedRevision,
    options: AppendOptions = {},
  ): Promise<AppendResult> {
    if (events.length === 0) throw new RangeError('append needs at least one event');
    const idem = options.idempotency;
    if (idem) {
      const prior = await this.findIdempotency(idem.key);
      if (prior) {
        if (prior.fingerprint !== idem.fingerprint) throw new IdempotencyKeyReusedError(idem.key);
        return prior.result;
      }
    }
    for (const claim of options.claims ?? []) await takeClaim(this.client, this.names, claim, streamId);
    for (let attempt = 0; ; attempt++) {
      // Where this attempt's first event lands; where an earlier attempt's would be after a conflict.
      const at = { from: typeof expected === 'bigint' ? expected + 1n : 0n };
      try {
        const result = await this.appendOnce(streamId, events, expected, options, at);
        if (!result.duplicate) {
          if (idem) await this.recordIdempotency(idem, result);
          return result;
        }
        // The server deduplicated by event id: with a key, those ids were derived from it.
        if (!idem) return result;
        const own = await this.ownEarlierAppend(streamId, at.from, idem);
        if (own) return own;
        throw new WrongExpectedRevisionError(streamId, expected, result.nextRevision);
      } catch (err) {
        if (!(err instanceof WrongExpectedRevisionError)) throw err;
        if (idem && err.actual !== 'no-stream' && err.actual >= at.from) {
          const own = await this.ownEarlierAppend(streamId, at.from, idem);
          if (own) return own;
        }
        // 'exists' pinned a head that moved: the caller's expectation still holds, so re-read.
        if (expected !== 'exists' || err.actual === 'no-stream' || attempt >= this.existsRetries) throw err;
      }
    }
  }

  private async appendOnce(
    streamId: string,
    events: NewEvent[],
    expected: ExpectedRevision,
    options: AppendOptions,
    at: { from: bigint },
  ): Promise<AppendResult> {
    const head = await this.streamHead(streamId);
    checkExpectedRevision(streamId, expected, head ? head.revision : null);
    const firstRevision = head ? head.revision + 1n : 0n;
    at.from = firstRevision;
    let revision = firstRevision;
    let prevHash = head ? head.hash : GENESIS_HASH;
    const hashes: string[] = [];
    const data = events.map((e, index) => {
      const hash = eventHash({
        streamId,
        revision,
        type: e.type,
        schemaVersion: e.schemaVersion,
        data: e.data,
        metadata: e.metadata,
        prevHash,
      });
      const idem = options.idempotency
        ? { record: options.idempotency, index, count: events.length }
        : undefined;
      const out = toEventData(e, { prevHash, hash }, idem);
      hashes.push(hash);
      prevHash = hash;
      revision += 1n;
      return out;
    });
    try {
      await this.client.appendToStream(this.names.toServer(streamId), data, {
        streamState: toStreamState(pinnedExpected(expected, head ? head.revision : null)),
      });
    } catch (err) {
      throw toOurError(err, streamId, expected);
    }
    // The append answer carries one position; read the events back for each one's own position.
    const written = await this.readStream(streamId, {
      fromRevision: firstRevision,
      toRevision: firstRevision + BigInt(events.length) - 1n,
    });
    // KurrentDB answers an append whose event ids are already at that place in the stream with
    // success and writes nothing (its id dedupe). Then the events there are not these: with our
    // key-derived ids that is an earlier attempt of the same idempotent request.
    if (written.length !== hashes.length) {
      throw new Error(
        `${streamId}: read back ${written.length} of ${hashes.length} events just appended at ${firstRevision}`,
      );
    }
    const ours = written.every((w, i) => w.hash === hashes[i]);
    return { ...resultOf(streamId, written, !head), duplicate: !ours };
  }

  /** Were the events at `from` an earlier attempt of this same idempotent request? */
  private async ownEarlierAppend(
    streamId: string,
    from: bigint,
    idem: { key: string; fingerprint: string },
  ): Promise<AppendResult | null> {
    const first = await this.readRaw(streamId, from, 1n);
    const mark = first[0]?.event ? idempotencyOf(first[0].event) : undefined;
    if (!mark || mark.key !== idem.key) return null;
    if (mark.fingerprint !== idem.fingerprint) throw new IdempotencyKeyReusedError(idem.key);
    const events = await this.readStream(streamId, {
      fromRevision: from,
      toRevision: from + BigInt(mark.count) - 1n,
    });
    const result = resultOf(streamId, events, from === 0n);
    await this.recordIdempotency(idem, result);
    return { ...result, duplicate: true };
  }

  private async recordIdempotency(
    idem: { key: string; fingerprint: string },
    result: AppendResult,
  ): Promise<void> {
    try {
      await this.client.appendToStream(this.names.idempotency(idem.key), idempotencyEvent(idem, result), {
        streamState: NO_STREAM,
      });
    } catch (err) {
      // Someone recorded this key first (a concurrent retry of the same request): theirs stands.
      if (!(err instanceof WrongExpectedVersionError)) throw err;
    }
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<StoredEvent[]> {
    const from = options.fromRevision ?? 0n;
    const count = options.toRevision === undefined ? undefined : options.toRevision - from + 1n;
    if (count !== undefined && count <= 0n) return [];
    const raw = await this.readRaw(streamId, from, count);
    const events = raw.filter((r) => r.event).map((r) => fromRecorded(r.event!, streamId));
    // asOf filters on our recordedAt (the decision time), not the server's `created`.
    return options.asOf === undefined ? events : events.filter((e) => e.recordedAt <= options.asOf!);
  }

  private async readRaw(streamId: string, from: bigint, maxCount?: bigint): Promise<ResolvedEvent[]> {
    const out: ResolvedEvent[] = [];
    try {
      const read = this.client.readStream(this.names.toServer(streamId), {
        fromRevision: from,
        direction: FORWARDS,
        requiresLeader: true,
        ...(maxCount !== undefined ? { maxCount } : {}),
      });
      for await (const r of read) out.push(r);
    } catch (err) {
      if (err instanceof StreamNotFoundError) return [];
      throw err;
    }
    return out;
  }

  async readAll(after: bigint, limit: number): Promise<StoredEvent[]> {
    const out: StoredEvent[] = [];
    if (limit <= 0) return out;
    // $all reads are inclusive of their start; ours are exclusive, hence the +1 and the filter.
    const read = this.client.readAll({
      fromPosition: toReadPosition(after),
      maxCount: limit + 1,
      direction: FORWARDS,
      filter: this.filter(),
    });
    for await (const r of read) {
      const e = this.toOurEvent(r);
      if (e && e.position > after) out.push(e);
      if (out.length === limit) break;
    }
    return out;
  }

  /** The server sends whole events anyway: the full read is the lean one here. */
  readAllBodies(after: bigint, limit: number): Promise<EventBody[]> {
    return this.readAll(after, limit);
  }

  subscribeToAll(
    after: bigint,
    handler: SubscriptionHandler,
    options: { batchSize?: number } = {},
  ): Subscription {
    return resubscribingSubscription<AllStreamResolvedEvent>({
      after,
      batchSize: options.batchSize ?? 1000,
      handler,
      open: (from) =>
        this.client.subscribeToAll({
          fromPosition: toReadPosition(from),
          filter: this.filter(),
        }) as unknown as LiveSource,
      toEvent: (r) => this.toOurEvent(r),
      onDrop: this.options.onSubscriptionDrop,
    });
  }

  async streamHead(streamId: string): Promise<StreamHead | null> {
    try {
      for await (const r of this.client.readStream(this.names.toServer(streamId), {
        fromRevision: END,
        direction: BACKWARDS,
        maxCount: 1,
        requiresLeader: true,
      })) {
        if (!r.event) continue;
        const e = fromRecorded(r.event, streamId);
        return { revision: e.revision, hash: e.hash };
      }
    } catch (err) {
      if (err instanceof StreamNotFoundError) return null;
      throw err;
    }
    return null;
  }

  /** Streams in first-seen order of $all (KurrentDB has no cheap listing of stream names). */
  async *listStreams(): AsyncIterable<{ streamId: string; head: StreamHead }> {
    const seen = new Set<string>();
    let after = 0n;
    for (;;) {
      const page = await this.readAll(after, 1000);
      if (page.length === 0) return;
      for (const e of page) {
        if (seen.has(e.streamId)) continue;
        seen.add(e.streamId);
        const head = await this.streamHead(e.streamId);
        if (head) yield { streamId: e.streamId, head };
      }
      after = page[page.length - 1].position;
    }
  }

  /** Position of the last of OUR events (system and foreign events do not count). */
  async headPosition(): Promise<bigint> {
    for await (const r of this.client.readAll({
      fromPosition: END,
      direction: BACKWARDS,
      maxCount: 1,
      filter: this.filter(),
    })) {
      const e = this.toOurEvent(r);
      if (e) return e.position;
    }
    return 0n;
  }

  async findIdempotency(key: string): Promise<StoredIdempotency | null> {
    try {
      for await (const r of this.client.readStream(this.names.idempotency(key), {
        fromRevision: 0n,
        maxCount: 1,
        requiresLeader: true,
      })) {
        if (r.event) return fromIdempotencyEvent(r.event.data);
      }
    } catch (err) {
      if (err instanceof StreamNotFoundError) return null;
      throw err;
    }
    return null;
  }

  async close(): Promise<void> {
    await this.client.dispose();
  }

  private filter() {
    return streamNameFilter({ prefixes: this.names.serverPrefixes() });
  }

  private toOurEvent(r: AllStreamResolvedEvent): StoredEvent | null {
    if (!r.event || !this.names.isOurs(r.event.streamId)) return null;
    const streamId = this.names.fromServer(r.event.streamId);
    return streamId === null ? null : fromRecorded(r.event, streamId);
  }
}

function resultOf(streamId: string, written: StoredEvent[], created: boolean): AppendResult {
  const last = written[written.length - 1];
  return {
    streamId,
    nextRevision: last.revision,
    position: last.position,
    events: written.map((e) => ({ id: e.id, type: e.type, revision: e.revision, position: e.position })),
    created,
    duplicate: false,
  };
}
