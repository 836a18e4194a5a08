/** Who caused an event. `system` is the engine itself (timers, document jobs). */
export type Role = 'agency' | 'staff' | 'auditor' | 'system';

export interface Actor {
  sub: string;
  role: Role;
  agencyId?: string;
}

/** Metadata every stored event carries (DOMAIN.md, "Every event carries metadata"). */
export interface EventMetadata {
  actor: Actor;
  commandId: string;
  correlationId: string;
  causationId: string;
  recordedAt: string;
  schemaVersion: number;
}

/** An event as the domain produces it: no position, no hash yet. */
export interface DomainEvent<T extends string = string, D = unknown> {
  type: T;
  data: D;
}

/** An event ready to append: the store assigns revision, position and the hash chain. */
export interface NewEvent {
  id: string;
  type: string;
  schemaVersion: number;
  data: unknown;
  metadata: EventMetadata;
}

/** An event as read back from the log. Revisions and positions are bigint: they may exceed 2^53. */
export interface StoredEvent extends NewEvent {
  streamId: string;
  revision: bigint;
  position: bigint;
  recordedAt: string;
  prevHash: string;
  hash: string;
}

/**
 * What projections and the timer reconcile read of an event: no metadata, id or hashes. Reading
 * only these columns roughly halves the bytes a rebuild turns into JavaScript strings (P3).
 */
export type EventBody = Pick<
  StoredEvent,
  'position' | 'streamId' | 'revision' | 'type' | 'schemaVersion' | 'data'
>;
