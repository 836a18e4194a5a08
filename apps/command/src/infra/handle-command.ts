import { randomUUID } from 'node:crypto';
import { foldStored, type Decider } from '#domain';
import type { EventStore, ExpectedRevision } from '#event-store';
import { ClaimTakenError, WrongExpectedRevisionError } from '#event-store';
import { CURRENT_SCHEMA_VERSIONS, type EventMetadata } from '#events';
import { legacyIdempotency } from './legacy-idempotency.js';
import { CommandRefused } from './command-refused.js';
import type { StateCache } from './state-cache.js';
import { countConflict, withCommandTiming } from './metrics.js';

export interface CommandOutcome {
  streamId: string;
  /** Revision of the stream after the command; null when the stream still does not exist. */
  revision: bigint | null;
  position: bigint;
  events: { type: string; revision: bigint }[];
  created: boolean;
}

export interface CommandRequest<C, E, S, Ctx> {
  streamId: string;
  decider: Decider<C, E, S, Ctx>;
  command: C;
  /** Built afresh for every attempt (it may read other streams, e.g. the programme catalogue). */
  context: () => Promise<Ctx>;
  metadata: Omit<EventMetadata, 'schemaVersion' | 'recordedAt'>;
  recordedAt: () => string;
  ifMatch?: bigint;
  idempotency?: { key: string; fingerprint: string; legacyKey?: string };
  /** Unique claims the append that creates the stream takes (store-enforced, race-free). */
  claimsOnCreate?: readonly string[];
  /** Folded states kept between commands; the key must identify the stream AND the decider. */
  cache?: { store: StateCache; key: string };
}

const MAX_ATTEMPTS = 5;

/**
 * The one command path: read → fold → decide → append with the revision it read. A conflict
 * means someone appended meanwhile: re-read and re-decide (bounded), unless the client pinned a
 * revision with If-Match, which then answers 409. Idempotency keys are checked before deciding
 * (a retry must get the first answer even if the state has moved on) and recorded atomically
 * with the append (G3). Copies of one keyed request that arrive together are decided once: see
 * `onceForKey` and the re-check in `decideAndAppend`.
 */
async function handleCommandUntimed<C, E extends { type: string; data: unknown }, S, Ctx>(
  store: EventStore,
  req: CommandRequest<C, E, S, Ctx>,
): Promise<CommandOutcome> {
  const decide = () =>
    req.cache
      ? req.cache.store.exclusive(req.cache.key, () => decideAndAppend(store, req))
      : decideAndAppend(store, req);
  const idempotency = req.idempotency;
  if (!idempotency) return decide();
  // Both look-ups at once (one wait; on PostgreSQL they travel beside other requests' reads): the
  // legacy record only counts when the key has none of its own, as when it was asked second.
  const legacyRead = legacyIdempotency(store, idempotency, req.metadata.actor);
  legacyRead.catch(() => undefined); // awaited below unless the key's own record answers first
  const prior = await priorAnswer(store, idempotency);
  if (prior) return prior;
  const legacy = await legacyRead;
  return legacy ? toOutcome(legacy) : onceForKey(store, req, idempotency, decide);
}

/**
 * Copies of one keyed request in this process run one after another, each after the previous one
 * has settled — its append may still be waiting in the store's group commit, unseen by a lookup —
 * so every later copy finds the first one's record and answers with it instead of deciding again
 * on the state that copy already changed (issue 13: `422 already-pledged` to a retry).
 */
async function onceForKey<C, E, S, Ctx>(
  store: EventStore,
  req: CommandRequest<C, E, S, Ctx>,
  idempotency: { key: string; fingerprint: string },
  decide: () => Promise<CommandOutcome>,
): Promise<CommandOutcome> {
  if (!req.cache) return decide();
  return req.cache.store.exclusive(
    `idempotency:${idempotency.key}`,
    async () => (await priorAnswer(store, idempotency)) ?? decide(),
  );
}

/** The first answer to this key, or null if it has none; the key with another request is refused. */
async function priorAnswer(
  store: EventStore,
  idempotency: { key: string; fingerprint: string },
): Promise<CommandOutcome | null> {
  const prior = await store.findIdempotency(idempotency.key);
  if (!prior) return null;
  if (prior.fingerprint !== idempotency.fingerprint) {
    throw new CommandRefused(
      'idempotency-key-reused',
      'this Idempotency-Key was already used with a different request',
    );
  }
  return toOutcome(prior.result);
}

async function decideAndAppend<C, E extends { type: string; data: unknown }, S, Ctx>(
  store: EventStore,
  req: CommandRequest<C, E, S, Ctx>,
): Promise<CommandOutcome> {
  for (let attempt = 1; ; attempt++) {
    // The context (the catalogue) is read beside the stream, not after it: on PostgreSQL both reads
    // then go in one statement (CoalescedReads), one wait instead of two. Nothing orders them: the
    // context is another stream, never checked at the append either way.
    const context = req.context();
    context.catch(() => undefined); // awaited below, or dropped when the answer comes from elsewhere
    const { state, head } = await loadState(store, req);
    // Looked up after the read, on every attempt: the store records a key in the transaction of its
    // events, so a key still missing now was missing when the state was read, and this decision
    // sees what the first copy saw. After a conflict, the append that won (maybe in another
    // process on the same store) may have been a copy of this very request: answer with it.
    const prior = req.idempotency ? await priorAnswer(store, req.idempotency) : null;
    if (prior) return prior;
    if (req.ifMatch !== undefined && (head?.revision ?? -1n) !== req.ifMatch)
      throw staleRevision(head?.revision ?? null);
    const decided = req.decider.decide(req.command, state, await context);
    if (decided.length === 0) {
      return {
        streamId: req.streamId,
        revision: head?.revision ?? null,
        position: head?.position ?? 0n,
        events: [],
        created: false,
      };
    }
    const expected: ExpectedRevision = head ? head.revision : 'no-stream';
    const metadata = metadataOf(req.metadata, req.recordedAt());
    const events = decided.map((e) => {
      const schemaVersion = CURRENT_SCHEMA_VERSIONS[e.type as keyof typeof CURRENT_SCHEMA_VERSIONS];
      return {
        id: randomUUID(),
        type: e.type,
        schemaVersion,
        data: e.data,
        metadata: metadata(schemaVersion),
      };
    });
    try {
      const idempotency = req.idempotency && {
        key: req.idempotency.key,
        fingerprint: req.idempotency.fingerprint,
      };
      const claims = head ? undefined : req.claimsOnCreate;
      const result = await store.append(req.streamId, events, expected, { idempotency, claims });
      if (req.cache && !result.duplicate) {
        // Evolve what the store will hand back (JSON drops undefined fields), not the raw decision.
        const next = decided.reduce(
          (s, e) => req.decider.evolve(s, { ...e, data: JSON.parse(JSON.stringify(e.data)) }),
          state,
        );
        req.cache.store.set(req.cache.key, {
          revision: result.nextRevision,
          position: result.position,
          state: next,
        });
      }
      return toOutcome(result);
    } catch (err) {
      if (err instanceof ClaimTakenError) throw claimTaken(err);
      if (!(err instanceof WrongExpectedRevisionError)) throw err;
      if (req.ifMatch !== undefined) throw staleRevision(err.actual === 'no-stream' ? null : err.actual);
      countConflict(req.command);
      if (attempt >= MAX_ATTEMPTS)
        throw new CommandRefused('contention', 'the agency is too busy right now; retry shortly');
      await new Promise((r) => setTimeout(r, Math.random() * 5 * attempt));
    }
  }
}

/**
 * The metadata of one decision's events: one object per schema version, shared by its events
 * (nothing mutates a stored event's metadata). Spreading the request's metadata afresh for every
 * event cost ~4 µs per event on Node 20 (a spread followed by more keys; docs/benchmarks.md,
 * issue 14), a quarter of a second of CPU for P2's 64,600-event import.
 */
function metadataOf(
  base: CommandRequest<unknown, unknown, unknown, unknown>['metadata'],
  recordedAt: string,
): (schemaVersion: number) => EventMetadata {
  const byVersion = new Map<number, EventMetadata>();
  return (schemaVersion) => {
    let m = byVersion.get(schemaVersion);
    if (!m) byVersion.set(schemaVersion, (m = { ...base, recordedAt, schemaVersion }));
    return m;
  };
}

/** The stream's state and head: from the cache plus what was appended since, or a full fold. */
export async function loadState<S>(
  store: EventStore,
  req: {
    streamId: string;
    // Loading a state needs neither the decider's commands nor its context: any decider of this state.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
    decider: Pick<Decider<any, any, S, any>, 'decode' | 'initialState' | 'evolve'>;
    cache?: { store: StateCache; key: string };
  },
): Promise<{ state: S; head: { revision: bigint; position: bigint } | null }> {
  const cached = req.cache?.store.get<S>(req.cache.key);
  const fresh = await store.readStream(req.streamId, cached ? { fromRevision: cached.revision + 1n } : {});
  const state = foldStored(req.decider, fresh, cached?.state);
  const last = fresh.length ? fresh[fresh.length - 1] : null;
  const head = last
    ? { revision: last.revision, position: last.position }
    : cached
      ? { revision: cached.revision, position: cached.position }
      : null;
  if (req.cache && last)
    req.cache.store.set(req.cache.key, { revision: last.revision, position: last.position, state });
  return { state, head };
}

export const handleCommand = withCommandTiming(handleCommandUntimed);

/** API.md: the agency id and a given certificate number, case-folded; the answer does not name the holder. */
function claimTaken(err: ClaimTakenError): CommandRefused {
  if (err.claim.startsWith('certificate-number:'))
    return new CommandRefused(
      'certificate-number-taken',
      'another agency already holds this certificate number',
    );
  if (!err.claim.startsWith('agency-id:'))
    return new CommandRefused('claim-taken', 'this name is already taken');
  return new CommandRefused(
    'agency-id-taken',
    'an agency whose id differs from this one only in letter case already exists',
  );
}

function staleRevision(actual: bigint | null): CommandRefused {
  return new CommandRefused(
    'stale-revision',
    `the agency is at revision ${actual ?? 'none'}, not the one in If-Match`,
  );
}

function toOutcome(r: {
  streamId: string;
  nextRevision: bigint;
  position: bigint;
  events: { type: string; revision: bigint }[];
  created: boolean;
}): CommandOutcome {
  return {
    streamId: r.streamId,
    revision: r.nextRevision,
    position: r.position,
    events: r.events.map((e) => ({ type: e.type, revision: e.revision })),
    created: r.created,
  };
}
