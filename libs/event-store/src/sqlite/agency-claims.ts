import type Database from 'better-sqlite3';
import {
  AGENCY_CLAIM_PREFIX,
  AGENCY_STREAM_PREFIX,
  agencyClaimOf,
  planAgencyClaims,
  type ClaimCollision,
} from '../agency-claims.js';

/**
 * The back-fill of agency-id claims at open (planAgencyClaims), in one write transaction so that
 * no append of another process interleaves between reading the holders and taking the claims.
 */
export function backfillAgencyClaims(db: Database.Database, now: string): ClaimCollision[] {
  const unclaimed = db
    .prepare(
      `SELECT s.stream_id FROM streams s
       WHERE s.stream_id GLOB ? AND NOT EXISTS (SELECT 1 FROM claims c WHERE c.stream_id = s.stream_id AND c.claim GLOB ?)
       ORDER BY (SELECT e.position FROM events e WHERE e.stream_id = s.stream_id AND e.revision = 0)`,
    )
    .pluck();
  const holders = db
    .prepare('SELECT claim, stream_id FROM claims WHERE claim IN (SELECT value FROM json_each(?))')
    .raw(true);
  const insert = db.prepare('INSERT INTO claims (claim, stream_id, created_at) VALUES (?, ?, ?)');
  return db
    .transaction(() => {
      const streams = unclaimed.all(`${AGENCY_STREAM_PREFIX}*`, `${AGENCY_CLAIM_PREFIX}*`) as string[];
      if (streams.length === 0) return [];
      const held = holders.all(JSON.stringify(streams.map(agencyClaimOf))) as [string, string][];
      const plan = planAgencyClaims(streams, new Map(held));
      for (const { claim, streamId } of plan.take) insert.run(claim, streamId, now);
      return plan.collisions;
    })
    .immediate();
}
