import { EventEmitter } from 'node:events';
import pg from 'pg';
import { GENESIS_HASH, eventHash, type EventBody, type NewEvent, type StoredEvent } from '#events';
import {
  IdempotencyKeyReusedError,
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
import { StoreUnavailableError, isStoreUnavailable, sqlStateMeansUnavailable } from '../store-unavailable.js';
import { reportCollisions, type ClaimCollision } from '../agency-claims.js';
import { claimsToTake } from '../claims.js';
import { deserializeResult, rowToEvent, serializeResult, type EventRow } from '../sqlite/rows.js';
import { pollSubscription } from '../sqlite/poll-subscription.js';
import { checkDurability, openPool, type PostgresOptions } from './open-pool.js';
import { backfillAgencyClaims } from './agency-claims.js';
import { APPEND_LOCK, migrate } from './schema.js';
import * as sql from './statements.js';
import { BatchRows, BatchState, type LookupRow } from './batch.js';
import { inlineArrays } from './inline.js';
import { CoalescedReads } from './coalesced-reads.js';

interface PendingAppend {
  streamId: string;
  events: NewEvent[];
  expected: ExpectedRevision;
  options: AppendOptions;
  resolve: (r: AppendResult) => void;
  reject: (e: unknown) => void;
  /** A large append's hash chain, computed before the lock against the head read then. */
  prehashed?: Prepared;
}
type Prepared = ReturnType<PostgresEventStore['prepare']>;

/**
 * Appends at least this large are hashed before the transaction (a 50,000-row import hashes
 * 100,000 events: seconds of CPU that would otherwise hold the append lock, with the session idle
 * in its transaction). Smaller ones hash under the lock: one round trip less.
 */
const PREHASH_MIN_EVENTS = 1000;
/**
 * Batches of fewer events send their lookup (and their write) inline in the round trip before (and
 * with the COMMIT after); larger ones, where a round trip is small beside the work, as parameters.
 */
const INLINE_MAX_EVENTS = 1000;
type Outcome = { ok: true; result: AppendResult } | { ok: false; error: unknown };
/** One readStream's bounds, as READ_STREAM's parameters (strings: the driver sends them as text). */
type StreamRead = [streamId: string, fromRevision: string, toRevision: string, asOf: string];
type IdempotencyRow = { key: string; fingerprint: string; result: string };

export interface PostgresStoreOptions extends PostgresOptions {
  /** Appends written in one transaction at most (group commit); 1 turns group commit off. */
  maxBatch?: number;
  /** How long an idle subscriber waits before polling again for other processes' appends. */
  idlePollMs?: number;
}

/**
 * The event log on PostgreSQL, with the SQLite adapter's semantics (same contract suite).
 *
 * Global order (G11, docs/decisions/0004-postgres-global-order.md): every write transaction takes
 * one transaction-level advisory lock before it reads the head position, and holds it until COMMIT.
 * Positions are therefore assigned in commit order and gap-free, and a reader polling
 * `position > last` can never see N+1 committed while N is still in flight.
 *
 * Group commit: appends that arrive while a batch is being written wait and go together in the
 * next transaction (one lock, one WAL flush). Each append is checked against its own expected
 * revision and fails alone.
 */
export class PostgresEventStore implements EventStore {
  readonly schema: string;
  private readonly pool: pg.Pool;
  /** Schema check and back-fill; forgotten when it fails, so the next call tries again (a server not up yet). */
  private opened: Promise<void> | null = null;
  private readonly appended = new EventEmitter();
  private readonly maxBatch: number;
  private readonly idlePollMs: number;
  private pending: PendingAppend[] = [];
  private writing: Promise<void> | null = null;
  private closed = false;
  /** The log's head position inside the open write transaction. */
  protected head = 0n;
  /** Agency streams found at open whose ids differ only in case from an older one (logged as errors). */
  readonly claimCollisions: ClaimCollision[] = [];
  /** Stream reads and idempotency look-ups asked for together go as one statement each. */
  private readonly streamReads = new CoalescedReads<StreamRead, EventRow[]>((reads) =>
    this.readStreams(reads),
  );
  private readonly idempotencyReads = new CoalescedReads<string, IdempotencyRow | undefined>((keys) =>
    this.findIdempotencies(keys),
  );

  constructor(options: PostgresStoreOptions) {
    this.schema = options.schema ?? 'public';
    this.pool = openPool(options);
    this.maxBatch = Math.max(1, options.maxBatch ?? 256);
    this.idlePollMs = options.idlePollMs ?? 20;
    this.appended.setMaxListeners(0);
    this.ready().catch(() => undefined); // surfaced by the first call that awaits it
  }

  private ready(): Promise<void> {
    this.opened ??= this.init().catch((error) => {
      this.opened = null;
      throw unavailableIfConnection(error);
    });
    return this.opened;
  }

  private async init(): Promise<void> {
    const client = await this.pool.connect();
    try {
      await checkDurability(client);
      await migrate(client, this.schema);
      this.claimCollisions.push(...(await backfillAgencyClaims(client)));
    } finally {
      client.release();
    }
    reportCollisions({ schema: this.schema }, this.claimCollisions);
  }

  append(
    streamId: string,
    events: NewEvent[],
    expected: ExpectedRevision,
    options: AppendOptions = {},
  ): Promise<AppendResult> {
    if (this.closed) return Promise.reject(new Error('event store is closed'));
    if (events.length === 0) return Promise.reject(new RangeError('append needs at least one event'));
    return new Promise((resolve, reject) => {
      this.pending.push({ streamId, events, expected, options, resolve, reject });
      this.writing ??= this.drain();
    });
  }

  /** One writer per process: while a batch commits, the next one fills up. */
  private async drain(): Promise<void> {
    await new Promise((r) => setImmediate(r)); // appends issued in the same tick join the first batch
    while (this.pending.length) await this.writeBatch(this.pending.splice(0, this.maxBatch));
    this.writing = null;
  }

  private async writeBatch(batch: PendingAppend[]): Promise<void> {
    let outcomes: Outcome[];
    try {
      outcomes = await this.transaction(batch);
    } catch (error) {
      // Nothing of this batch committed. A statement the server refused aborted the whole
      // transaction, so each append is tried again alone: only the bad one fails (as on SQLite).
      // A lost connection is not retried: the COMMIT may have landed, the callers must not be told
      // twice (a retry would fail anyway on its event ids, which are unique); they get a
      // StoreUnavailableError and retry with their Idempotency-Key.
      if (batch.length > 1 && error instanceof pg.DatabaseError) {
        for (const p of batch) await this.writeBatch([p]);
        return;
      }
      for (const p of batch) p.reject(error);
      return;
    }
    batch.forEach((p, i) => {
      const o = outcomes[i];
      if (o.ok) p.resolve(o.result);
      else p.reject(o.error);
    });
    this.appended.emit('appended');
  }

  private async transaction(batch: PendingAppend[]): Promise<Outcome[]> {
    await this.ready();
    for (const p of batch) {
      if (p.events.length < PREHASH_MIN_EVENTS) continue;
      const head = await this.streamHead(p.streamId);
      try {
        p.prehashed = this.prepare(p, head);
      } catch {
        // Unserialisable data: hashed again under the lock, where it fails this append alone.
      }
    }
    const client = await this.connect();
    let failed = false;
    try {
      const known = await this.beginWrite(client, batch);
      const writes = new BatchRows();
      const outcomes: Outcome[] = [];
      for (const p of batch) {
        try {
          outcomes.push({ ok: true, result: await this.decide(client, p, known, writes) });
        } catch (error) {
          // Checks (conflict, reused key, taken claim, duplicate id, unserialisable data) throw before
          // the append touches `known` or `writes`; a server error or a lost connection is not one.
          if (error instanceof pg.DatabaseError || isStoreUnavailable(error)) throw error;
          outcomes.push({ ok: false, error });
        }
      }
      await this.beforeCommit(client);
      await this.writeAndCommit(client, writes);
      return outcomes;
    } catch (error) {
      failed = true;
      await client.query('ROLLBACK').catch(() => undefined);
      throw unavailableIfConnection(error);
    } finally {
      client.release(failed); // a client that failed mid-transaction is not reused
    }
  }

  /**
   * One round trip: BEGIN, take the log's append lock, then read the head position and the batch's
   * lookup in LATER statements: under READ COMMITTED each statement has its own snapshot, taken
   * after the lock was granted, so they see the commit of the transaction that held it before.
   * (A simple-protocol query string takes no parameters: the lookup's arrays go inline, or, for a
   * large batch or a value with a NUL byte, as parameters in a second round trip.)
   */
  private async beginWrite(client: pg.ClientBase, batch: PendingAppend[]): Promise<BatchState> {
    const params = BatchState.lookupParams(batch);
    const lookup = params[2].length < INLINE_MAX_EVENTS ? inlineArrays(sql.LOOKUP_BATCH, params) : null;
    const results = (await client
      .query(`${this.beginStatements()}; ${sql.HEAD_POSITION}${lookup ? `; ${lookup}` : ''}`)
      .catch(rethrowUnavailable)) as unknown as pg.QueryResult[];
    const last = results.length - 1;
    this.head = results[lookup ? last - 1 : last].rows[0].p as bigint;
    const rows = lookup
      ? results[last].rows
      : (await client.query(sql.LOOKUP_BATCH, params).catch(rethrowUnavailable)).rows;
    return BatchState.fromRows(rows as LookupRow[]);
  }

  /**
   * The batch's one write and the COMMIT in one round trip (a simple-protocol query string, the
   * write's arrays inline; if the write fails the server runs nothing after it and the transaction
   * is aborted, as before). A large batch, or a value with a NUL byte, sends the write with
   * parameters and then COMMIT.
   */
  private async writeAndCommit(client: pg.ClientBase, writes: BatchRows): Promise<void> {
    const params = writes.empty ? null : writes.params();
    const write = params && writes.events < INLINE_MAX_EVENTS ? inlineArrays(sql.WRITE_BATCH, params) : null;
    if (params && !write) await client.query(sql.WRITE_BATCH, params).catch(rethrowUnavailable);
    await client.query(write ? `${write}; COMMIT` : 'COMMIT').catch(rethrowUnavailable);
  }

  /** BEGIN and the log's append lock (the test-only naive store: BEGIN alone). */
  protected beginStatements(): string {
    return `BEGIN; SELECT pg_advisory_xact_lock(${APPEND_LOCK}, hashtext(current_schema()))`;
  }

  /** Positions for an append's events (the head is only moved once the append has been written). */
  protected async positionsFor(_client: pg.ClientBase, count: number): Promise<bigint[]> {
    return Array.from({ length: count }, (_, i) => this.head + 1n + BigInt(i));
  }

  /**
   * A seam for tests that hold the transaction open after its positions are taken and before its
   * write and COMMIT (interleaving test); nothing in production.
   */
  protected async beforeCommit(_client: pg.ClientBase): Promise<void> {}

  /**
   * One append of the batch, decided against what the batch lookup read and the appends before it
   * in the batch wrote: all its checks, then its rows into `writes` and its effects into `known`,
   * or a throw that leaves both as they were (the append fails alone).
   */
  private async decide(
    client: pg.ClientBase,
    p: PendingAppend,
    known: BatchState,
    writes: BatchRows,
  ): Promise<AppendResult> {
    const idem = p.options.idempotency;
    const claims = p.options.claims ?? [];
    const earlier = idem && known.idempotency.get(idem.key);
    if (idem && earlier) {
      if (earlier.fingerprint !== idem.fingerprint) throw new IdempotencyKeyReusedError(idem.key);
      return deserializeResult(earlier.result);
    }
    const head = known.streams.get(p.streamId) ?? null;
    checkExpectedRevision(p.streamId, p.expected, head ? head.revision : null);
    const fresh = claimsToTake(p.streamId, claims, (c) => known.claims.get(c));
    const taken = known.takenId(p.events.map((e) => e.id));
    if (taken !== undefined) throw new Error(`event id ${taken} is already in the log`);
    // The chain hashed before the lock holds if the stream has not moved since (else hash again).
    const pre = p.prehashed;
    const { rows, result } =
      pre && pre.head?.revision === head?.revision && pre.head?.hash === head?.hash
        ? pre
        : this.prepare(p, head);
    this.place(rows, result, await this.positionsFor(client, p.events.length));
    const record = idem ? { ...idem, result: serializeResult(result) } : null;
    const newHead = { revision: result.nextRevision, hash: rows.hash[rows.hash.length - 1] };
    writes.add(p.streamId, rows, newHead, fresh, record);
    known.streams.set(p.streamId, newHead);
    for (const id of rows.id) known.ids.add(id);
    for (const c of fresh) known.claims.set(c, p.streamId);
    if (record) known.idempotency.set(record.key, record);
    this.head = result.position > this.head ? result.position : this.head;
    return result;
  }

  /**
   * Hashes (G6, the same canonical form as SQLite) and column arrays, positions left to `place`
   * (they are known only under the lock); throws before any write.
   */
  private prepare(p: PendingAppend, head: StreamHead | null) {
    const rows = {
      position: [] as string[],
      revision: [] as string[],
      id: [] as string[],
      type: [] as string[],
      schemaVersion: [] as number[],
      data: [] as string[],
      metadata: [] as string[],
      recordedAt: [] as string[],
      prevHash: [] as string[],
      hash: [] as string[],
    };
    const written: AppendResult['events'] = [];
    let revision = head ? head.revision + 1n : 0n;
    let prevHash = head ? head.hash : GENESIS_HASH;
    p.events.forEach((e) => {
      const hash = eventHash({
        streamId: p.streamId,
        revision,
        type: e.type,
        schemaVersion: e.schemaVersion,
        data: e.data,
        metadata: e.metadata,
        prevHash,
      });
      rows.revision.push(revision.toString());
      rows.id.push(e.id);
      rows.type.push(e.type);
      rows.schemaVersion.push(e.schemaVersion);
      rows.data.push(JSON.stringify(e.data));
      rows.metadata.push(JSON.stringify(e.metadata));
      rows.recordedAt.push(e.metadata.recordedAt);
      rows.prevHash.push(prevHash);
      rows.hash.push(hash);
      written.push({ id: e.id, type: e.type, revision, position: 0n });
      prevHash = hash;
      revision += 1n;
    });
    const last = written[written.length - 1];
    const result: AppendResult = {
      streamId: p.streamId,
      nextRevision: last.revision,
      position: 0n,
      events: written,
      created: !head,
      duplicate: false,
    };
    return { head, rows, result };
  }

  /** The append's positions into its rows and its result. */
  private place(rows: Prepared['rows'], result: AppendResult, positions: bigint[]): void {
    rows.position = positions.map(String);
    result.events.forEach((e, i) => (e.position = positions[i]));
    result.position = positions[positions.length - 1];
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<StoredEvent[]> {
    const read: StreamRead = [
      streamId,
      String(options.fromRevision ?? 0n),
      String(options.toRevision ?? 9223372036854775807n),
      options.asOf ?? '\uffff',
    ];
    return (await this.streamReads.read(read)).map(rowToEvent);
  }

  /** A lone read as READ_STREAM; several as one READ_STREAMS, its rows dealt back by read. */
  private async readStreams(reads: StreamRead[]): Promise<EventRow[][]> {
    if (reads.length === 1) return [await this.query<EventRow>(sql.READ_STREAM, reads[0])];
    const columns = [0, 1, 2, 3].map((c) => reads.map((r) => r[c]));
    const rows = await this.query<EventRow & { i: bigint }>(sql.READ_STREAMS, columns);
    const byRead: EventRow[][] = reads.map(() => []);
    for (const row of rows) byRead[Number(row.i) - 1].push(row);
    return byRead;
  }

  async readAll(after: bigint, limit: number): Promise<StoredEvent[]> {
    return (await this.query<EventRow>(sql.READ_ALL, [after, limit])).map(rowToEvent);
  }

  async readAllBodies(after: bigint, limit: number): Promise<EventBody[]> {
    const rows = await this.query<EventRow>(sql.READ_BODIES, [after, limit]);
    return rows.map((r) => ({
      position: r.position,
      streamId: r.stream_id,
      revision: r.revision,
      type: r.type,
      schemaVersion: Number(r.schema_version),
      data: JSON.parse(r.data),
    }));
  }

  /** A database that stops answering pauses the subscription (it polls again), it does not end it. */
  subscribeToAll(
    after: bigint,
    handler: SubscriptionHandler,
    options: { batchSize?: number } = {},
  ): Subscription {
    const read = async (from: bigint, limit: number) => {
      try {
        return await this.readAll(from, limit);
      } catch (error) {
        if (!isStoreUnavailable(error) || this.closed) throw error;
        await new Promise((r) => setTimeout(r, UNAVAILABLE_POLL_MS));
        return [];
      }
    };
    return pollSubscription({
      after,
      handler,
      batchSize: options.batchSize ?? 1000,
      read,
      changes: this.appended,
      idleMs: this.idlePollMs,
    });
  }

  async streamHead(streamId: string): Promise<StreamHead | null> {
    const [row] = await this.query<StreamHead>(sql.STREAM_HEAD, [streamId]);
    return row ? { revision: row.revision, hash: row.hash } : null;
  }

  async *listStreams(): AsyncIterable<{ streamId: string; head: StreamHead }> {
    let after = '';
    for (;;) {
      const page = await this.query<{ stream_id: string; revision: bigint; hash: string }>(sql.LIST_STREAMS, [
        after,
        1000,
      ]);
      for (const row of page)
        yield { streamId: row.stream_id, head: { revision: row.revision, hash: row.hash } };
      if (page.length < 1000) return;
      after = page[page.length - 1].stream_id;
    }
  }

  async headPosition(): Promise<bigint> {
    return (await this.query<{ p: bigint }>(sql.HEAD_POSITION, []))[0].p;
  }

  async findIdempotency(key: string): Promise<StoredIdempotency | null> {
    const row = await this.idempotencyReads.read(key);
    return row ? { fingerprint: row.fingerprint, result: deserializeResult(row.result) } : null;
  }

  private async findIdempotencies(keys: string[]): Promise<(IdempotencyRow | undefined)[]> {
    if (keys.length === 1) return [(await this.query<IdempotencyRow>(sql.FIND_IDEMPOTENCY, keys))[0]];
    const rows = await this.query<IdempotencyRow>(sql.FIND_IDEMPOTENCIES, [keys]);
    const byKey = new Map(rows.map((r) => [r.key, r]));
    return keys.map((k) => byKey.get(k));
  }

  private async query<R extends pg.QueryResultRow>(text: string, params: unknown[]): Promise<R[]> {
    await this.ready();
    // pool.query hands a client whose connection failed back as broken: the pool drops it.
    return (await this.pool.query<R>(text, params).catch(rethrowUnavailable)).rows;
  }

  private connect(): Promise<pg.PoolClient> {
    return this.pool.connect().catch(rethrowUnavailable);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.writing;
    this.appended.emit('appended');
    await this.opened?.catch(() => undefined);
    await this.pool.end();
  }
}

/** How long a subscriber waits before polling a database that did not answer. */
const UNAVAILABLE_POLL_MS = 250;

/**
 * A lost, refused or timed-out connection (no SQLSTATE: it is not the server's answer to the SQL),
 * or a server shutting down or starting up, as the typed StoreUnavailableError; anything else as is.
 */
function unavailableIfConnection(error: unknown): unknown {
  if (isStoreUnavailable(error)) return error;
  const fromServer = error instanceof pg.DatabaseError;
  if ((!fromServer && isDriverError(error)) || (fromServer && sqlStateMeansUnavailable(error)))
    return new StoreUnavailableError(error);
  return error;
}

function rethrowUnavailable(error: unknown): never {
  throw unavailableIfConnection(error);
}

/**
 * What the driver or the socket throws when the connection fails: a plain Error ("Connection
 * terminated unexpectedly", a connect timeout) or a system error (ECONNREFUSED, ECONNRESET…). This
 * library's own refusals are typed subclasses and stay as they are. By name, not `instanceof`: the
 * socket's errors are made in Node's own realm, which a test runner's sandbox does not share.
 */
function isDriverError(error: unknown): boolean {
  const e = error as { constructor?: { name?: unknown }; syscall?: unknown } | null;
  return (
    typeof e === 'object' && e !== null && (e.constructor?.name === 'Error' || typeof e.syscall === 'string')
  );
}

/** The pool settings (durability, idle-in-transaction timeout, int8 as bigint) for the read models too. */
export { openPool, checkDurability } from './open-pool.js';
export { quoteIdent } from './schema.js';
