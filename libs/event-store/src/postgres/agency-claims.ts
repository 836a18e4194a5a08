import type pg from 'pg';
import {
  AGENCY_CLAIM_PREFIX,
  AGENCY_STREAM_PREFIX,
  agencyClaimOf,
  planAgencyClaims,
  type ClaimCollision,
} from '../agency-claims.js';
import { APPEND_LOCK } from './schema.js';
import * as sql from './statements.js';

/**
 * The back-fill of agency-id claims at open (planAgencyClaims), under the log's append lock so
 * that no append of another process interleaves between reading the holders and taking the claims.
 */
export async function backfillAgencyClaims(client: pg.ClientBase): Promise<ClaimCollision[]> {
  await client.query('BEGIN');
  try {
    await client.query(`SELECT pg_advisory_xact_lock(${APPEND_LOCK}, hashtext(current_schema()))`);
    const { rows } = await client.query<{ stream_id: string }>(sql.UNCLAIMED_AGENCY_STREAMS, [
      AGENCY_STREAM_PREFIX,
      AGENCY_CLAIM_PREFIX,
    ]);
    const streams = rows.map((r) => r.stream_id);
    const held = await client.query<{ claim: string; stream_id: string }>(sql.CLAIM_HOLDERS, [
      streams.map(agencyClaimOf),
    ]);
    const plan = planAgencyClaims(streams, new Map(held.rows.map((r) => [r.claim, r.stream_id])));
    await client.query(sql.INSERT_CLAIMS, [plan.take.map((t) => t.claim), plan.take.map((t) => t.streamId)]);
    await client.query('COMMIT');
    return plan.collisions;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
}
