import type Database from 'better-sqlite3';
import { AGENCY_STREAM_PREFIX, agencyIdClaim, agencyIdOf } from '../../../events/src/index.js';

export interface ClaimCollision {
  claim: string;
  /** The stream that keeps the claim (the one created first). */
  heldBy: string;
  /** An older stream that should not exist beside it; it keeps working, it just holds no claim. */
  streamId: string;
}

/**
 * Agency streams written before claims existed (or by an older process on the same file) get
 * their `agency-id:` claim at open, in the order they were created, so the first keeps it. Two
 * existing streams whose ids differ only in case cannot both have it: those are returned for the
 * caller to report loudly, and the store still opens (their events are valid history).
 */
export function backfillAgencyClaims(db: Database.Database, now: string): ClaimCollision[] {
  const unclaimed = db.prepare(
    `SELECT s.stream_id FROM streams s
     WHERE s.stream_id GLOB ? AND NOT EXISTS (SELECT 1 FROM claims c WHERE c.stream_id = s.stream_id AND c.claim GLOB 'agency-id:*')
     ORDER BY (SELECT e.position FROM events e WHERE e.stream_id = s.stream_id AND e.revision = 0)`,
  );
  const insert = db.prepare('INSERT INTO claims (claim, stream_id, created_at) VALUES (?, ?, ?) ON CONFLICT (claim) DO NOTHING');
  const holder = db.prepare('SELECT stream_id FROM claims WHERE claim = ?').pluck();
  return db
    .transaction(() => {
      const collisions: ClaimCollision[] = [];
      for (const streamId of unclaimed.pluck().all(`${AGENCY_STREAM_PREFIX}*`) as string[]) {
        const claim = agencyIdClaim(agencyIdOf(streamId)!);
        insert.run(claim, streamId, now);
        const heldBy = holder.get(claim) as string;
        if (heldBy !== streamId) collisions.push({ claim, heldBy, streamId });
      }
      return collisions;
    })
    .immediate();
}
