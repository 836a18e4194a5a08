import type { AgencyEvent, AgencyEventType } from './agency.events.js';
import { CAMPAIGN_SCHEMA_VERSIONS, type CampaignEvent } from './campaign.events.js';
import type { EventBody } from './event.js';
import { OFFICE_SCHEMA_VERSIONS, type OfficeEvent } from './office.events.js';
import { PROGRAM_SCHEMA_VERSIONS, type ProgramEvent } from './program.events.js';
import type { EventType } from './registry.js';
import { upcast } from './upcast.js';

/** Every event the engine writes, discriminated by `type`: a `switch` over it is checked by the compiler. */
export type EngineEvent = AgencyEvent | ProgramEvent | OfficeEvent | CampaignEvent;

const has = (versions: object, type: string) => Object.prototype.hasOwnProperty.call(versions, type);
// Each non-agency version record names every event type of its stream (and only those).
export const isProgramEvent = (e: EngineEvent): e is ProgramEvent => has(PROGRAM_SCHEMA_VERSIONS, e.type);
export const isOfficeEvent = (e: EngineEvent): e is OfficeEvent => has(OFFICE_SCHEMA_VERSIONS, e.type);
export const isCampaignEvent = (e: EngineEvent): e is CampaignEvent => has(CAMPAIGN_SCHEMA_VERSIONS, e.type);
export const isAgencyEventType = (type: string): type is AgencyEventType =>
  !has(PROGRAM_SCHEMA_VERSIONS, type) &&
  !has(OFFICE_SCHEMA_VERSIONS, type) &&
  !has(CAMPAIGN_SCHEMA_VERSIONS, type);
export const isAgencyEvent = (e: EngineEvent): e is AgencyEvent => isAgencyEventType(e.type);

/**
 * The one place where stored data becomes a typed event, so no reader casts. `upcast` refuses a
 * type the registry does not know and brings the data to the current schema version; the shape at
 * that version is what the writer of that version produced, which the hash chain vouches for. The
 * stored bytes are never changed: only this in-memory copy is upcast.
 */
export function decodeEvent(stored: Pick<EventBody, 'type' | 'schemaVersion' | 'data'>): EngineEvent {
  const { data } = upcast(stored.type, stored.schemaVersion, stored.data);
  return { type: stored.type, data } as EngineEvent;
}

/** For readers of the training-programme catalogue stream, which holds programme events only. */
export function decodeProgramEvent(stored: Pick<EventBody, 'type' | 'schemaVersion' | 'data'>): ProgramEvent {
  const event = decodeEvent(stored);
  if (!isProgramEvent(event))
    throw new Error(`"${stored.type}" is not a training-programme event: the catalogue stream is corrupt`);
  return event;
}

/** For readers of the office-holders stream, which holds office events only. */
export function decodeOfficeEvent(stored: Pick<EventBody, 'type' | 'schemaVersion' | 'data'>): OfficeEvent {
  const event = decodeEvent(stored);
  if (!isOfficeEvent(event))
    throw new Error(`"${stored.type}" is not an office event: the office-holders stream is corrupt`);
  return event;
}

/** For readers of the campaigns stream, which holds campaign events only. */
export function decodeCampaignEvent(
  stored: Pick<EventBody, 'type' | 'schemaVersion' | 'data'>,
): CampaignEvent {
  const event = decodeEvent(stored);
  if (!isCampaignEvent(event))
    throw new Error(`"${stored.type}" is not a campaign event: the campaigns stream is corrupt`);
  return event;
}

/** For readers of an agency stream, which holds agency events only; anything else is corruption. */
export function decodeAgencyEvent(stored: Pick<EventBody, 'type' | 'schemaVersion' | 'data'>): AgencyEvent {
  const event = decodeEvent(stored);
  if (!isAgencyEvent(event))
    throw new Error(`"${stored.type}" is not an agency event: the agency stream is corrupt`);
  return event;
}

/** The events of some of the union's types: what a handler that cares about those switches over. */
export type EventOf<T extends readonly EventType[]> = Extract<EngineEvent, { type: T[number] }>;

/** A guard for "the event is one of these types", narrowing the union to them. */
export function isOneOf<const T extends readonly EventType[]>(types: T): (e: EngineEvent) => e is EventOf<T> {
  const set = new Set<string>(types);
  return (e): e is EventOf<T> => set.has(e.type);
}

/**
 * The `never` default of an exhaustive `switch` over an event union: a switch that does not name
 * every event type fails to compile here; at run time (a type no union knows) it throws.
 */
export function unhandledEvent(event: never): never {
  throw new Error(`no handler for ${(event as { type: string }).type}`);
}
