import { seededRandom } from '#testing';

/** The benchmark's data generator: the same seed gives the same agencies, officers and commands. */
export const rng = seededRandom;

export const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
