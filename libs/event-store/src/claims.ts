import { ClaimTakenError } from './event-store.js';

/**
 * The claims an append must record, checked before any of its writes (every adapter with a
 * transaction: SQLite, PostgreSQL). A claim held by another stream refuses the whole append; one
 * the stream already holds is no conflict (a retry, a later append) and is not written again.
 */
export function claimsToTake(
  streamId: string,
  claims: readonly string[],
  holderOf: (claim: string) => string | undefined,
): string[] {
  const fresh = new Set<string>();
  for (const claim of claims) {
    const heldBy = holderOf(claim);
    if (heldBy !== undefined && heldBy !== streamId) throw new ClaimTakenError(claim, streamId, heldBy);
    if (heldBy === undefined) fresh.add(claim);
  }
  return [...fresh];
}
