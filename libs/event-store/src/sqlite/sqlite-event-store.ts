import type Database from 'better-sqlite3';
import { EventEmitter } from 'node:events';
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
import { openDatabase, type OpenOptions } from './open-database.js';
import { migrate } from './schema.js';
import { backfillAgencyClaims } from './agency-claims.js';
import { reportCollisions, type ClaimCollision } from '../agency-claims.js';
import { claimsToTake } from '../claims.js';
import { deserializeResult, rowToEvent, serializeResult, type EventRow } from './rows.js';
import { pollSubscription } from './poll-subscription.js';
import { probeStorage } from './storage-probe.js';
import { StorageFullError, asStorageError, isStorageFull } from '../storage-full.js';

interface PendingAppend {
  streamId: string;
  events: NewEvent[];
  expected: ExpectedRevision;
  options: AppendOptions;
  resolve: (r: AppendResult) => void;
  reject: (e: unknown) => void;
}

/**
 * The embedded default store: one SQLite file in WAL mode with synchronous=FULL.
 *
 * Group commit (P1): appends that arrive while the event loop is busy are queued and written in one
 * BEGIN IMMEDIATE transaction — one fsync for all of them. Each append runs in its own savepoint
 * and is checked against its own expected revision, so a conflicting one fails alone.
 */
export class SqliteEventStore implements EventStore {
  private readonly db: Database.Database;
  private readonly appended = new EventEmitter();
  private pending: PendingAppend[] = [];
  private flushScheduled = false;
  private readonly stmts;
  private readonly appendInSavepoint: (p: PendingAppend) => AppendResult;
  private closed = false;
  /** The log's head position inside the open write transaction (read once per batch, not per append). */
  private head = 0n;
  /** Set when a write failed for lack of space, cleared by the next write that commits (G13). */
  private storageFailure: { at: string; error: StorageFullError } | null = null;
  /** Agency streams found at open whose ids differ only in case from an older one (logged as errors). */
  readonly claimCollisions: ClaimCollision[] = [];

  constructor(
    readonly file: string,
    options: OpenOptions = {},
  ) {
    this.db = openDatabase(file, options);
    if (!options.readonly) {
      migrate(this.db);
      this.claimCollisions = backfillAgencyClaims(this.db, new Date().toISOString());
      reportCollisions({ file }, this.claimCollisions);
    }
    this.appended.setMaxListeners(0);
    const db = this.db;
    this.stmts = {
      head: db.prepare('SELECT revision, hash FROM streams WHERE stream_id = ?').safeIntegers(true),
      maxPosition: db.prepare('SELECT COALESCE(MAX(position), 0) AS p FROM events').safeIntegers(true),
      insertEvent: db.prepare(
        `INSERT INTO events (position, stream_id, revision, id, type, schema_version, data, metadata, recorded_at, prev_hash, hash)
         VALUES (@position, @streamId, @revision, @id, @type, @schemaVersion, @data, @metadata, @recordedAt, @prevHash, @hash)`,
      ),
      upsertHead: db.prepare(
        `INSERT INTO streams (stream_id, revision, hash) VALUES (?, ?, ?)
         ON CONFLICT (stream_id) DO UPDATE SET revision = excluded.revision, hash = excluded.hash`,
      ),
      findIdem: db.prepare('SELECT fingerprint, result FROM idempotency WHERE key = ?'),
      claimHolder: db.prepare('SELECT stream_id FROM claims WHERE claim = ?').pluck(),
      insertClaim: db.prepare(
        'INSERT INTO claims (claim, stream_id, created_at) VALUES (?, ?, ?) ON CONFLICT (claim) DO NOTHING',
      ),
      insertIdem: db.prepare(
        'INSERT INTO idempotency (key, fingerprint, result, created_at) VALUES (?, ?, ?, ?)',
      ),
      readAll: db
        .prepare('SELECT * FROM events WHERE position > ? ORDER BY position LIMIT ?')
        .safeIntegers(true),
      // Rows as arrays (raw) of only the columns a projection reads: fewer strings and objects to make.
      readBodies: db
        .prepare(
          'SELECT position, stream_id, revision, type, schema_version, data FROM events WHERE position > ? ORDER BY position LIMIT ?',
        )
        .safeIntegers(true)
        .raw(true),
      readStream: db
        .prepare(
          `SELECT * FROM events WHERE stream_id = @streamId AND revision >= @from AND revision <= @to
             AND recorded_at <= @asOf ORDER BY revision`,
        )
        .safeIntegers(true),
      streams: db
        .prepare('SELECT stream_id, revision, hash FROM streams ORDER BY stream_id')
        .safeIntegers(true),
    };
    this.appendInSavepoint = db.transaction((p: PendingAppend) => this.appendOne(p));
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
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.flushScheduled = false;
    const batch = this.pending;
    this.pending = [];
    const outcomes: ({ ok: true; result: AppendResult } | { ok: false; error: unknown })[] = [];
    try {
      this.db
        .transaction(() => {
          outcomes.length = 0;
          // Read under the write lock (BEGIN IMMEDIATE): no other process can move it until COMMIT.
          this.head = (this.stmts.maxPosition.get() as { p: bigint }).p;
          for (const p of batch) {
            try {
              outcomes.push({ ok: true, result: this.appendInSavepoint(p) });
            } catch (error) {
              // Any failure of one append (a conflict, but also an event that cannot be stored:
              // unserialisable data, a duplicate event id) was rolled back to its savepoint, so it
              // fails alone; before, anything but a conflict rejected every caller in the batch.
              // Only when SQLite itself aborted the transaction is the whole batch lost.
              if (!this.db.inTransaction) throw error;
              outcomes.push({ ok: false, error });
            }
          }
        })
        .immediate();
    } catch (error) {
      // The whole transaction rolled back: nothing of this batch is durable, so every caller fails.
      const failure = this.noteFailure(error);
      for (const p of batch) p.reject(failure);
      return;
    }
    this.storageFailure = null;
    batch.forEach((p, i) => {
      const o = outcomes[i];
      if (o.ok) p.resolve(o.result);
      else p.reject(this.noteFailure(o.error));
    });
    this.appended.emit('appended');
  }

  /** SQLITE_FULL / SQLITE_IOERR become StorageFullError (HTTP 507) and mark the store not writable. */
  private noteFailure(error: unknown): unknown {
    const failure = asStorageError(error);
    if (failure instanceof StorageFullError)
      this.storageFailure = { at: new Date().toISOString(), error: failure };
    return failure;
  }

  /** Readiness (G13): probes the disk only after a write failed for lack of space. */
  async checkWritable(): Promise<string> {
    const failed = this.storageFailure;
    if (!failed) return 'writable';
    await probeStorage(this.file).catch((err) => {
      throw isStorageFull(err)
        ? new StorageFullError(
            err,
            `a write failed for lack of space at ${failed.at} and the data folder still has no room (${failed.error.message})`,
          )
        : err;
    });
    return `space is back since a write failed for lack of space at ${failed.at}`;
  }

  private appendOne(p: PendingAppend): AppendResult {
    const idem = p.options.idempotency;
    if (idem) {
      const prior = this.stmts.findIdem.get(idem.key) as { fingerprint: string; result: string } | undefined;
      if (prior) {
        if (prior.fingerprint !== idem.fingerprint) throw new IdempotencyKeyReusedError(idem.key);
        return deserializeResult(prior.result);
      }
    }
    const head = this.stmts.head.get(p.streamId) as { revision: bigint; hash: string } | undefined;
    checkExpectedRevision(p.streamId, p.expected, head ? head.revision : null);
    this.takeClaims(p);
    let revision = head ? head.revision + 1n : 0n;
    let prevHash = head ? head.hash : GENESIS_HASH;
    let position = this.head + 1n;
    const written: AppendResult['events'] = [];
    for (const e of p.events) {
      const hash = eventHash({
        streamId: p.streamId,
        revision,
        type: e.type,
        schemaVersion: e.schemaVersion,
        data: e.data,
        metadata: e.metadata,
        prevHash,
      });
      this.stmts.insertEvent.run({
        position,
        streamId: p.streamId,
        revision,
        id: e.id,
        type: e.type,
        schemaVersion: e.schemaVersion,
        data: JSON.stringify(e.data),
        metadata: JSON.stringify(e.metadata),
        recordedAt: e.metadata.recordedAt,
        prevHash,
        hash,
      });
      written.push({ id: e.id, type: e.type, revision, position });
      prevHash = hash;
      revision += 1n;
      position += 1n;
    }
    const last = written[written.length - 1];
    this.stmts.upsertHead.run(p.streamId, last.revision, prevHash);
    const result: AppendResult = {
      streamId: p.streamId,
      nextRevision: last.revision,
      position: last.position,
      events: written,
      created: !head,
      duplicate: false,
    };
    if (idem)
      this.stmts.insertIdem.run(
        idem.key,
        idem.fingerprint,
        serializeResult(result),
        new Date().toISOString(),
      );
    // Only now: an append that threw was rolled back to its savepoint and took no positions.
    this.head = last.position;
    return result;
  }

  /** Inside the append's savepoint: a refused claim rolls its append back with it. */
  private takeClaims(p: PendingAppend): void {
    const holderOf = (claim: string) => this.stmts.claimHolder.get(claim) as string | undefined;
    for (const claim of claimsToTake(p.streamId, p.options.claims ?? [], holderOf)) {
      this.stmts.insertClaim.run(claim, p.streamId, new Date().toISOString());
    }
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<StoredEvent[]> {
    return this.readStreamSync(streamId, options);
  }

  /**
   * Rows are turned into events as SQLite steps through them (iterate), not collected first and
   * mapped after (all + map). What it bought: the whole stream of the largest agency (64,601 events)
   * was held twice, once as rows and once as events, and garbage collection was 39 % of P5's
   * profile; reading that stream got 6–8 % faster on a busy benchmark machine (up to ~30 % in a
   * quieter first measurement), with one 65,000-event array less at the peak (docs/benchmarks.md).
   * P5 folds it on every `state?asOf=`; P4's first command after a start folds it once.
   */
  readStreamSync(streamId: string, options: ReadStreamOptions = {}): StoredEvent[] {
    const rows = this.stmts.readStream.iterate({
      streamId,
      from: options.fromRevision ?? 0n,
      to: options.toRevision ?? 9223372036854775807n,
      asOf: options.asOf ?? '\uffff',
    }) as IterableIterator<EventRow>;
    const events: StoredEvent[] = [];
    for (const row of rows) events.push(rowToEvent(row));
    return events;
  }

  async readAll(after: bigint, limit: number): Promise<StoredEvent[]> {
    return this.readAllSync(after, limit);
  }

  readAllSync(after: bigint, limit: number): StoredEvent[] {
    // Same as readStreamSync: one array, filled while stepping (pages feed rebuilds, P3).
    const events: StoredEvent[] = [];
    for (const row of this.stmts.readAll.iterate(after, limit) as IterableIterator<EventRow>)
      events.push(rowToEvent(row));
    return events;
  }

  async readAllBodies(after: bigint, limit: number): Promise<EventBody[]> {
    const events: EventBody[] = [];
    for (const r of this.stmts.readBodies.iterate(after, limit) as IterableIterator<
      [bigint, string, bigint, string, bigint, string]
    >) {
      events.push({
        position: r[0],
        streamId: r[1],
        revision: r[2],
        type: r[3],
        schemaVersion: Number(r[4]),
        data: JSON.parse(r[5]),
      });
    }
    return events;
  }

  subscribeToAll(
    after: bigint,
    handler: SubscriptionHandler,
    options: { batchSize?: number } = {},
  ): Subscription {
    return pollSubscription({
      after,
      handler,
      batchSize: options.batchSize ?? 1000,
      read: (from, limit) => this.readAllSync(from, limit),
      changes: this.appended,
    });
  }

  async streamHead(streamId: string): Promise<StreamHead | null> {
    const head = this.stmts.head.get(streamId) as { revision: bigint; hash: string } | undefined;
    return head ? { revision: head.revision, hash: head.hash } : null;
  }

  async *listStreams(): AsyncIterable<{ streamId: string; head: StreamHead }> {
    for (const row of this.stmts.streams.iterate() as Iterable<{
      stream_id: string;
      revision: bigint;
      hash: string;
    }>) {
      yield { streamId: row.stream_id, head: { revision: row.revision, hash: row.hash } };
    }
  }

  async headPosition(): Promise<bigint> {
    return (this.stmts.maxPosition.get() as { p: bigint }).p;
  }

  async findIdempotency(key: string): Promise<StoredIdempotency | null> {
    const row = this.stmts.findIdem.get(key) as { fingerprint: string; result: string } | undefined;
    return row ? { fingerprint: row.fingerprint, result: deserializeResult(row.result) } : null;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.pending.length) this.flush();
    this.appended.emit('appended');
    this.db.close();
  }
}
