/** The adapter's SQL, unqualified: the connection's search_path names the log's schema. */

/**
 * Everything a batch's appends must know before they write, in one round trip under the append
 * lock: the heads of their streams (`s`: revision, hash), earlier results under their idempotency
 * keys (`i`: fingerprint, result), which of their event ids are already stored (`e`) and who holds
 * their claims (`c`: holder). The batch decides in memory (BatchState), so a conflict, a reused
 * key, a duplicate id or a taken claim fails its own append without aborting the transaction.
 */
export const LOOKUP_BATCH = `
  SELECT 's' AS kind, stream_id AS k, revision::text AS a, hash AS b FROM streams WHERE stream_id = ANY($1::text[])
  UNION ALL SELECT 'i', key, fingerprint, result FROM idempotency WHERE key = ANY($2::text[])
  UNION ALL SELECT 'e', id, NULL, NULL FROM events WHERE id = ANY($3::text[])
  UNION ALL SELECT 'c', claim, stream_id, NULL FROM claims WHERE claim = ANY($4::text[])`;

/**
 * The batch's only write, one statement: the accepted appends' events, their streams' last heads
 * (one row per stream: an upsert may not touch a row twice), their new claims and idempotency
 * records. It fails whole (a constraint, a byte the server refuses): the batch is then retried one
 * append at a time, so only the bad append fails.
 */
export const WRITE_BATCH = `
  WITH ev AS (
    INSERT INTO events (position, stream_id, revision, id, type, schema_version, data, metadata, recorded_at, prev_hash, hash)
    SELECT * FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::text[], $5::text[], $6::integer[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[])
  ), st AS (
    INSERT INTO streams (stream_id, revision, hash) SELECT * FROM unnest($12::text[], $13::bigint[], $14::text[])
    ON CONFLICT (stream_id) DO UPDATE SET revision = excluded.revision, hash = excluded.hash
  ), cl AS (
    INSERT INTO claims (claim, stream_id) SELECT * FROM unnest($15::text[], $16::text[])
  )
  INSERT INTO idempotency (key, fingerprint, result) SELECT * FROM unnest($17::text[], $18::text[], $19::text[])`;

export const HEAD_POSITION = 'SELECT COALESCE(MAX(position), 0) AS p FROM events';
export const STREAM_HEAD = 'SELECT revision, hash FROM streams WHERE stream_id = $1';
export const READ_ALL = 'SELECT * FROM events WHERE position > $1 ORDER BY position LIMIT $2';
export const READ_BODIES = `SELECT position, stream_id, revision, type, schema_version, data
  FROM events WHERE position > $1 ORDER BY position LIMIT $2`;
export const READ_STREAM = `SELECT * FROM events
  WHERE stream_id = $1 AND revision >= $2 AND revision <= $3 AND recorded_at <= $4 ORDER BY revision`;
/**
 * Several stream reads in one statement (CoalescedReads): each read `i` (1-based, in the order of
 * the arrays) with READ_STREAM's bounds, its events tagged with `i`. LATERAL: one index range scan
 * per read, as READ_STREAM does.
 */
export const READ_STREAMS = `SELECT r.i, e.* FROM unnest($1::text[], $2::bigint[], $3::bigint[], $4::text[])
    WITH ORDINALITY AS r(stream_id, from_revision, to_revision, as_of, i)
  CROSS JOIN LATERAL (SELECT * FROM events
    WHERE stream_id = r.stream_id AND revision >= r.from_revision AND revision <= r.to_revision
      AND recorded_at <= r.as_of) e
  ORDER BY r.i, e.revision`;
export const LIST_STREAMS =
  'SELECT stream_id, revision, hash FROM streams WHERE stream_id > $1 ORDER BY stream_id LIMIT $2';
/** Agency streams holding no agency-id claim, oldest first (the back-fill at open). */
export const UNCLAIMED_AGENCY_STREAMS = `
  SELECT s.stream_id FROM streams s
   WHERE starts_with(s.stream_id, $1)
     AND NOT EXISTS (SELECT 1 FROM claims c WHERE c.stream_id = s.stream_id AND starts_with(c.claim, $2))
   ORDER BY (SELECT e.position FROM events e WHERE e.stream_id = s.stream_id AND e.revision = 0)`;
export const CLAIM_HOLDERS = 'SELECT claim, stream_id FROM claims WHERE claim = ANY($1::text[])';
export const INSERT_CLAIMS =
  'INSERT INTO claims (claim, stream_id) SELECT * FROM unnest($1::text[], $2::text[])';
export const FIND_IDEMPOTENCY = 'SELECT fingerprint, result FROM idempotency WHERE key = $1';
/** Several idempotency look-ups in one statement (CoalescedReads), by key. */
export const FIND_IDEMPOTENCIES =
  'SELECT key, fingerprint, result FROM idempotency WHERE key = ANY($1::text[])';
