import type Database from 'better-sqlite3';
import type { EventStamp } from '../../../../libs/read-models/src/index.js';

/** A stored event with its data upcast to the current schema version. */
export interface DecodedEvent {
  streamId: string;
  type: string;
  data: any;
  revision: bigint;
  position: bigint;
}

/**
 * A projection is a pure function from one event to row operations, plus the SQL that writes them
 * (in libs/read-models, one file per read model). The runner applies both inside the batch
 * transaction that also moves the checkpoint.
 */
export interface Projection<Op = unknown> {
  name: string;
  project(event: DecodedEvent): Op[];
  writer(db: Database.Database): { apply(op: Op, at: EventStamp): void; flush?(): void };
}
