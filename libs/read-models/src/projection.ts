import type Database from 'better-sqlite3';
import type { PgQueryable } from './postgres/pg-read-models.js';
import {
  PROGRAM_CATALOGUE_STREAM,
  agencyIdOf,
  isAgencyEvent,
  isOneOf,
  isProgramEvent,
  type AgencyEventType,
  type EngineEvent,
  type EventOf,
  type EventType,
  type ProgramEventType,
} from '#events';

/** Where an event sits in the log: every row a projection writes is guarded by its position. */
export interface EventStamp {
  revision: bigint;
  position: bigint;
}

/**
 * The op itself as its statement's named parameters, with the event's position set on it.
 * better-sqlite3 ignores keys a statement does not name, so no copy is needed; the copy it replaces
 * (`const { op, ...params } = op` then `{ ...params, position }`) cost 2.8 × the insert itself in a
 * 2,000,000-row microbenchmark on Node 20. Safe because every op is made fresh for one event and
 * applied once.
 */
export function atPosition<T extends object>(op: T, at: EventStamp): T & { position: bigint } {
  const bound = op as T & { position: bigint };
  bound.position = at.position;
  return bound;
}

/** A stored event decoded to the current schema version (decodeEvent), with where it sits in the log. */
export type DecodedEvent = EngineEvent & EventStamp & { streamId: string };

/** The events of the types a read model lists in its `canHandle`: what its evolve switches over. */
export type Handled<T extends readonly EventType[]> = EventOf<T>;

/**
 * One read model, Emmett's `sqliteProjection` shape: `canHandle` lists the event types it reads
 * (a subset of the union; the others never reach its evolve, so a new event type touches only the
 * read models that list it), `project` is pure (event → row operations),
 * `writer` holds the SQL that applies them, `tables` are the tables it owns (a rebuild of this
 * projection empties exactly these; their DDL is in the module's *.tables.ts). The projector
 * applies both inside the batch transaction that also moves the checkpoint (G4).
 */
export interface Projection<Op = unknown> {
  name: string;
  tables: readonly string[];
  canHandle: readonly EventType[];
  project(event: DecodedEvent): Op[];
  writer(db: Database.Database): { apply(op: Op, at: EventStamp): void; flush?(): void };
  /**
   * The same writes on PostgreSQL (READ_MODELS=postgres), made in the batch transaction `tx`:
   * asynchronous, as every statement is a round trip. A read model without one is not run there.
   */
  pgWriter?(tx: PgQueryable): PgWriter<Op>;
}

/** A projection's writes on PostgreSQL, for one batch transaction. */
export interface PgWriter<Op> {
  apply(op: Op, at: EventStamp): Promise<void>;
  flush?(): Promise<void>;
}

export { unhandledEvent as unhandled, isOneOf } from '#events';

/**
 * For read models of agency streams: other streams are skipped, and so are agency events outside
 * `canHandle`; anything but an agency event on an agency stream is corruption and stops the
 * projection (it is never skipped silently).
 */
export function onAgencyStreams<const T extends readonly AgencyEventType[], Op>(
  canHandle: T,
  evolve: (event: Handled<T>, agencyId: string) => Op[],
): Pick<Projection<Op>, 'canHandle' | 'project'> {
  const handles = isOneOf(canHandle);
  return {
    canHandle,
    project: (event) => {
      const agencyId = agencyIdOf(event.streamId);
      if (agencyId === null) return [];
      if (!isAgencyEvent(event)) throw new Error(`${event.type} on ${event.streamId} is not an agency event`);
      return handles(event) ? evolve(event, agencyId) : [];
    },
  };
}

/** For read models of the training-programme catalogue stream, which holds programme events only. */
export function onCatalogueStream<const T extends readonly ProgramEventType[], Op>(
  canHandle: T,
  evolve: (event: Handled<T>) => Op[],
): Pick<Projection<Op>, 'canHandle' | 'project'> {
  const handles = isOneOf(canHandle);
  return {
    canHandle,
    project: (event) => {
      if (event.streamId !== PROGRAM_CATALOGUE_STREAM) return [];
      if (!isProgramEvent(event)) throw new Error(`catalogue projection: no handler for ${event.type}`);
      return handles(event) ? evolve(event) : [];
    },
  };
}
