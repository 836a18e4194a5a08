import type { PgQueryable } from './pg-read-models.js';

/**
 * The fence on PostgreSQL (`<control>.lease_fence`, one row): records `token` unless a newer one is
 * stored, and returns that newer token (the caller is fenced out) or null. Run first in a batch
 * transaction, the UPDATE's row lock is held until COMMIT: a newer holder's claim waits for this
 * batch to end, and a batch that comes after the claim finds the newer token. So the check and the
 * commit cannot be separated, as on SQLite where they are one write transaction.
 */
export async function checkPgFence(
  tx: PgQueryable,
  table: string,
  token: bigint,
  owner: string,
): Promise<bigint | null> {
  const recorded = await tx.query(
    `UPDATE ${table} SET fence = $1, owner = $2, at = now() WHERE id = 1 AND fence <= $1 RETURNING fence`,
    [token.toString(), owner],
  );
  if (recorded.rowCount === 1) return null;
  const { rows } = await tx.query<{ fence: bigint }>(`SELECT fence FROM ${table} WHERE id = 1`);
  if (!rows[0]) throw new Error(`${table} has no row: the read models' control schema is not set up`);
  return BigInt(rows[0].fence);
}
