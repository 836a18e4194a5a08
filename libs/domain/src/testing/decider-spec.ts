import type { Decider } from '../decider.js';
import { DomainError } from '../errors.js';

/**
 * Given/When/Then for deciders:
 *   spec.given([events]).when(command, ctx).then([events])
 *   spec.given([events]).when(command, ctx).thenThrows('already-pledged')
 * Pure: no store, no clock.
 */
export function deciderSpec<C, E, S, Ctx>(decider: Decider<C, E, S, Ctx>) {
  return {
    given(events: E[]) {
      return {
        when(command: C, ctx: Ctx) {
          const run = () =>
            decider.decide(command, events.reduce(decider.evolve, decider.initialState()), ctx);
          return {
            then(expected: E[]) {
              expect(run()).toEqual(expected);
            },
            thenMatch(assert: (events: E[]) => void) {
              assert(run());
            },
            thenThrows(code: string) {
              let error: unknown;
              try {
                run();
              } catch (e) {
                error = e;
              }
              expect(error).toBeInstanceOf(DomainError);
              expect((error as DomainError).code).toBe(code);
              return error as DomainError;
            },
          };
        },
      };
    },
  };
}
