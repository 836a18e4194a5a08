import type Database from 'better-sqlite3';
import {
  PROGRAM_CATALOGUE_STREAM,
  agencyIdOf,
  isAgencyEvent,
  isProgramEvent,
  type AgencyEvent,
  type EngineEvent,
  type ProgramEvent,
} from '#events';

/** Where an event sits in the log: every row a projection writes is guarded by its position. */
export interface EventStamp {
  revision: bigint;
  position: bigint;
}

/** A stored event decoded to the current schema version (decodeEvent), with where it sits in the log. */
export type DecodedEvent = EngineEvent & EventStamp & { streamId: string };

/**
 * One read model, Emmett's `sqliteProjection` shape: `project` is pure (event → row operations),
 * `writer` holds the SQL that applies them, `tables` are the tables it owns (a rebuild of this
 * projection empties exactly these; their DDL is in the module's *.tables.ts). The projector
 * applies both inside the batch transaction that also moves the checkpoint (G4).
 */
export interface Projection<Op = unknown> {
  name: string;
  tables: readonly string[];
  project(event: DecodedEvent): Op[];
  writer(db: Database.Database): { apply(op: Op, at: EventStamp): void; flush?(): void };
}

export { unhandledEvent as unhandled } from '#events';

/**
 * For read models of agency streams: other streams are skipped; anything but an agency event on an
 * agency stream is corruption and stops the projection (it is never skipped silently).
 */
export function onAgencyStreams<Op>(
  evolve: (event: AgencyEvent, agencyId: string) => Op[],
): (event: DecodedEvent) => Op[] {
  return (event) => {
    const agencyId = agencyIdOf(event.streamId);
    if (agencyId === null) return [];
    if (!isAgencyEvent(event)) throw new Error(`${event.type} on ${event.streamId} is not an agency event`);
    return evolve(event, agencyId);
  };
}

/** For read models of the training-programme catalogue stream, which holds programme events only. */
export function onCatalogueStream<Op>(evolve: (event: ProgramEvent) => Op[]): (event: DecodedEvent) => Op[] {
  return (event) => {
    if (event.streamId !== PROGRAM_CATALOGUE_STREAM) return [];
    if (!isProgramEvent(event)) throw new Error(`catalogue projection: no handler for ${event.type}`);
    return evolve(event);
  };
}
