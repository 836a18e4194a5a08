import { CURRENT_SCHEMA_VERSIONS, type EventType } from './registry.js';

/** Turns the data of `type` at `fromVersion` into the data at `fromVersion + 1`. */
// An upcaster reads an old shape that no current type describes any more: `any` is the honest type.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
export type Upcaster = (data: any) => unknown;

export class UnknownEventTypeError extends Error {
  constructor(readonly eventType: string) {
    super(`unknown event type "${eventType}": written by a newer version, or the log is corrupt`);
  }
}
export class UnsupportedSchemaVersionError extends Error {
  constructor(
    readonly eventType: string,
    readonly version: number,
  ) {
    super(
      `event type "${eventType}" at schema version ${version} cannot be upcast to ${CURRENT_SCHEMA_VERSIONS[eventType as EventType]}`,
    );
  }
}

/** Upcasters keyed `Type@fromVersion`. Empty while every event is at version 1. */
export type UpcasterChain = Readonly<Record<string, Upcaster>>;
export const UPCASTERS: UpcasterChain = {};

/**
 * Brings stored data to the current schema version by applying each step in turn. Old events stay
 * as they were written (their hash covers the stored form); only the in-memory copy is upcast.
 */
export function upcast(
  type: string,
  schemaVersion: number,
  data: unknown,
  chain: UpcasterChain = UPCASTERS,
  current: Readonly<Record<string, number>> = CURRENT_SCHEMA_VERSIONS,
): { schemaVersion: number; data: unknown } {
  // Own keys only: "constructor" or "toString" must not pass as event types through the prototype.
  if (!Object.prototype.hasOwnProperty.call(current, type)) throw new UnknownEventTypeError(type);
  const target = current[type];
  let version = schemaVersion;
  let value = data;
  while (version < target) {
    const step = chain[`${type}@${version}`];
    if (!step) throw new UnsupportedSchemaVersionError(type, schemaVersion);
    value = step(value);
    version += 1;
  }
  if (version !== target) throw new UnsupportedSchemaVersionError(type, schemaVersion);
  return { schemaVersion: version, data: value };
}
