import type { AppendOptions, StreamHead } from '../event-store.js';
import type { NewEvent } from '#events';

/** What the batch lookup needs of an append. */
export interface LookupInput {
  streamId: string;
  events: NewEvent[];
  options: AppendOptions;
}

/** One row of `LOOKUP_BATCH`: `kind` says which table it comes from. */
export interface LookupRow {
  kind: 's' | 'i' | 'e' | 'c';
  k: string;
  a: string | null;
  b: string | null;
}

/**
 * What a group-commit batch's appends must know before they write — stream heads, earlier results
 * under their idempotency keys, which of their event ids are stored, who holds their claims — read
 * in one query under the append lock, then kept current in memory as each append is decided, so
 * that an append sees the ones before it in the batch exactly as if each had written in turn (the
 * second append to a stream sees the first's revision; a key, an id or a claim the first recorded
 * is taken for the second).
 */
export class BatchState {
  readonly streams = new Map<string, StreamHead>();
  readonly idempotency = new Map<string, { fingerprint: string; result: string }>();
  readonly ids = new Set<string>();
  readonly claims = new Map<string, string>();

  /** `LOOKUP_BATCH`'s parameters: every stream id, key, event id and claim of the batch. */
  static lookupParams(batch: readonly LookupInput[]): string[][] {
    const streams = new Set<string>();
    const keys = new Set<string>();
    const ids: string[] = [];
    const claims = new Set<string>();
    for (const p of batch) {
      streams.add(p.streamId);
      if (p.options.idempotency) keys.add(p.options.idempotency.key);
      for (const e of p.events) ids.push(e.id);
      for (const c of p.options.claims ?? []) claims.add(c);
    }
    return [[...streams], [...keys], ids, [...claims]];
  }

  static fromRows(rows: readonly LookupRow[]): BatchState {
    const state = new BatchState();
    for (const r of rows) {
      if (r.kind === 's') state.streams.set(r.k, { revision: BigInt(r.a!), hash: r.b! });
      else if (r.kind === 'i') state.idempotency.set(r.k, { fingerprint: r.a!, result: r.b! });
      else if (r.kind === 'e') state.ids.add(r.k);
      else state.claims.set(r.k, r.a!);
    }
    return state;
  }

  /** The first (in byte order) of these ids already stored or written earlier in the batch. */
  takenId(ids: readonly string[]): string | undefined {
    const taken = ids.filter((id) => this.ids.has(id));
    return taken.sort()[0];
  }
}

/** The column arrays of the event rows an append writes (positions filled in under the lock). */
export interface EventColumns {
  position: string[];
  revision: string[];
  id: string[];
  type: string[];
  schemaVersion: number[];
  data: string[];
  metadata: string[];
  recordedAt: string[];
  prevHash: string[];
  hash: string[];
}

/** Everything the batch's accepted appends write, gathered for `WRITE_BATCH`'s one statement. */
export class BatchRows {
  private readonly rows: EventColumns & { streamId: string[] } = {
    position: [],
    streamId: [],
    revision: [],
    id: [],
    type: [],
    schemaVersion: [],
    data: [],
    metadata: [],
    recordedAt: [],
    prevHash: [],
    hash: [],
  };
  /** The last head of each stream written (two appends to one stream: one upsert, the later head). */
  private readonly heads = new Map<string, StreamHead>();
  private readonly claims: { claim: string[]; streamId: string[] } = { claim: [], streamId: [] };
  private readonly idempotency: { key: string[]; fingerprint: string[]; result: string[] } = {
    key: [],
    fingerprint: [],
    result: [],
  };

  get empty(): boolean {
    return this.rows.id.length === 0;
  }

  /** How many event rows the batch writes. */
  get events(): number {
    return this.rows.id.length;
  }

  add(
    streamId: string,
    rows: EventColumns,
    head: StreamHead,
    claims: readonly string[],
    idempotency: { key: string; fingerprint: string; result: string } | null,
  ): void {
    const e = this.rows;
    for (const k of Object.keys(rows) as (keyof EventColumns)[])
      for (const v of rows[k]) (e[k] as unknown[]).push(v);
    for (let i = 0; i < rows.id.length; i++) e.streamId.push(streamId);
    this.heads.set(streamId, head);
    for (const c of claims) {
      this.claims.claim.push(c);
      this.claims.streamId.push(streamId);
    }
    if (idempotency) {
      this.idempotency.key.push(idempotency.key);
      this.idempotency.fingerprint.push(idempotency.fingerprint);
      this.idempotency.result.push(idempotency.result);
    }
  }

  /** `WRITE_BATCH`'s parameters, in its order. */
  params(): (string[] | number[])[] {
    const e = this.rows;
    const heads = [...this.heads];
    return [
      e.position,
      e.streamId,
      e.revision,
      e.id,
      e.type,
      e.schemaVersion,
      e.data,
      e.metadata,
      e.recordedAt,
      e.prevHash,
      e.hash,
      heads.map(([s]) => s),
      heads.map(([, h]) => h.revision.toString()),
      heads.map(([, h]) => h.hash),
      this.claims.claim,
      this.claims.streamId,
      this.idempotency.key,
      this.idempotency.fingerprint,
      this.idempotency.result,
    ];
  }
}
