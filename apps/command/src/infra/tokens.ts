/** Nest injection tokens for the ports this app uses. */
export const EVENT_STORE = Symbol('EVENT_STORE');
export const CONFIG = Symbol('CONFIG');
export const CLOCK = Symbol('CLOCK');
export const TOKEN_VERIFIER = Symbol('TOKEN_VERIFIER');
export const REDIS = Symbol('REDIS');

export interface Clock {
  /** The current instant, ISO 8601 UTC. The only place the command app reads the time. */
  now(): string;
}
