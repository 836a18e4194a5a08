import { createLogger } from '#config';
import { AGENCY_STREAM_PREFIX, agencyIdClaim, agencyIdOf } from '#events';

export { AGENCY_STREAM_PREFIX };
/** Every agency-id claim starts with this, whatever the id (`agency-id:`). */
export const AGENCY_CLAIM_PREFIX = agencyIdClaim('');

export interface ClaimCollision {
  claim: string;
  /** The stream that keeps the claim (the one created first). */
  heldBy: string;
  /** An older stream that should not exist beside it; it keeps working, it just holds no claim. */
  streamId: string;
}

export interface AgencyClaimPlan {
  take: { claim: string; streamId: string }[];
  collisions: ClaimCollision[];
}

/** The claim an existing agency stream would have taken when it was created. */
export const agencyClaimOf = (streamId: string): string => agencyIdClaim(agencyIdOf(streamId)!);

/**
 * The back-fill at open, shared by the stores that run it (SQLite, PostgreSQL): agency streams
 * written before claims existed (or by an older process on the same log) get their `agency-id:`
 * claim, in the order they were created, so the first keeps it. Two existing streams whose ids
 * differ only in case cannot both have it: those are collisions for the caller to report loudly,
 * and the store still opens (their events are valid history).
 *
 * `unclaimed`: agency streams holding no agency-id claim, oldest first; `holders`: the current
 * holder of each of their claims (agencyClaimOf), read in the same transaction.
 */
export function planAgencyClaims(
  unclaimed: readonly string[],
  holders: ReadonlyMap<string, string>,
): AgencyClaimPlan {
  const held = new Map(holders);
  const plan: AgencyClaimPlan = { take: [], collisions: [] };
  for (const streamId of unclaimed) {
    const claim = agencyClaimOf(streamId);
    const heldBy = held.get(claim);
    if (heldBy === undefined) {
      held.set(claim, streamId);
      plan.take.push({ claim, streamId });
    } else if (heldBy !== streamId) plan.collisions.push({ claim, heldBy, streamId });
  }
  return plan;
}

/** Loud, but not fatal: the log is valid history, and new pledges of such ids are refused from now on. */
export function reportCollisions(where: Record<string, string>, collisions: readonly ClaimCollision[]): void {
  if (collisions.length === 0) return;
  // Errors are written at every log level ('silent' included): this one must not go unseen.
  const logger = createLogger('event-store', 'error');
  for (const c of collisions) {
    logger.error(
      { ...where, claim: c.claim, keptBy: c.heldBy, stream: c.streamId },
      'two agency streams have ids that differ only in letter case; the older keeps the id, resolve the other by hand',
    );
  }
}
