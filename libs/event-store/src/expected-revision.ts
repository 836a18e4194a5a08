import { WrongExpectedRevisionError, type ExpectedRevision } from './event-store.js';

/** Shared by every adapter so they agree on what a conflict is. */
export function checkExpectedRevision(
  streamId: string,
  expected: ExpectedRevision,
  current: bigint | null,
): void {
  const actual = current === null ? 'no-stream' : current;
  const ok =
    expected === 'no-stream'
      ? current === null
      : expected === 'exists'
        ? current !== null
        : current === expected;
  if (!ok) throw new WrongExpectedRevisionError(streamId, expected, actual);
}

export function parseExpectedRevision(value: string): ExpectedRevision {
  if (value === 'no-stream' || value === 'exists') return value;
  if (!/^\d{1,19}$/.test(value)) throw new RangeError(`not a revision: ${value}`);
  return BigInt(value);
}
