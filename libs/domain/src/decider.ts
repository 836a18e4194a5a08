import type { Actor, EventBody, StoredEvent } from '#events';

/**
 * Everything a decision may depend on besides the command and the state. Time and randomness come
 * in as data so that deciding stays a pure function (replayable, property-testable).
 */
export interface DecisionContext {
  /** The instant the command is decided at (ISO 8601 UTC). */
  now: string;
  actor: Actor;
  /** Fresh random values the decision may use (ids, verification codes), drawn by the caller. */
  random: { id(): string; verificationCode(): string };
}

/** Emmett's shape: state is a left fold of events; decide turns a command into new events. */
export interface Decider<Command, Event, State, Context = DecisionContext> {
  /** Turns a stored event of this decider's stream into its typed event (upcast on the way). */
  decode(stored: Pick<EventBody, 'type' | 'schemaVersion' | 'data'>): Event;
  initialState(): State;
  evolve(state: State, event: Event): State;
  decide(command: Command, state: State, context: Context): Event[];
}

export function fold<E, S>(
  decider: Pick<Decider<unknown, E, S, unknown>, 'initialState' | 'evolve'>,
  events: Iterable<E>,
  from?: S,
): S {
  let state = from ?? decider.initialState();
  for (const e of events) state = decider.evolve(state, e);
  return state;
}

/**
 * The `never` default of an exhaustive `switch` over a command union: a switch that does not name
 * every command type fails to compile here; at run time (a type no union knows) it throws.
 */
export function unhandledCommand(command: never): never {
  throw new Error(`no decision for ${(command as { type: string }).type}`);
}

export const today = (now: string): string => now.slice(0, 10);

/** Folds stored events into state, upcasting old shapes on the way (stored bytes never change). */
export function foldStored<E, S>(
  decider: Pick<Decider<unknown, E, S, unknown>, 'decode' | 'initialState' | 'evolve'>,
  events: readonly Pick<StoredEvent, 'type' | 'schemaVersion' | 'data'>[],
  from?: S,
): S {
  let state = from ?? decider.initialState();
  for (const e of events) state = decider.evolve(state, decider.decode(e));
  return state;
}
