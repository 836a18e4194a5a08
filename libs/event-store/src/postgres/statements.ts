/** The adapter's SQL, unqualified: the connection's search_path names the log's schema. */

/**
 * Everything one append must know before it writes, in one round trip: the stream's head, an
 * earlier result under the same idempotency key, whether one of its event ids is already stored,
 * and who holds its claims (checked here, under the append lock, so a duplicate id or a taken
 * claim fails its own append without aborting the batch's transaction).
 */
export const LOOKUP = `
  SELECT s.revision, s.hash, i.fingerprint AS idem_fingerprint, i.result AS idem_result,
         (SELECT min(e.id) FROM events e WHERE e.id = ANY($3::text[])) AS taken_id,
         (SELECT json_agg(json_build_array(c.claim, c.stream_id)) FROM claims c WHERE c.claim = ANY($4::text[]))
           AS claim_holders
    FROM (SELECT 1) AS one
    LEFT JOIN streams s ON s.stream_id = $1
    LEFT JOIN idempotency i ON i.key = $2`;

/** The append's only write: its events, the stream head, its new claims and the idempotency record, or none of them. */
export const WRITE = `
  WITH ev AS (
    INSERT INTO events (position, stream_id, revision, id, type, schema_version, data, metadata, recorded_at, prev_hash, hash)
    SELECT u.position, $1, u.revision, u.id, u.type, u.schema_version, u.data, u.metadata, u.recorded_at, u.prev_hash, u.hash
      FROM unnest($2::bigint[], $3::bigint[], $4::text[], $5::text[], $6::integer[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[])
        AS u(position, revision, id, type, schema_version, data, metadata, recorded_at, prev_hash, hash)
  ), st AS (
    INSERT INTO streams (stream_id, revision, hash) VALUES ($1, $12, $13)
    ON CONFLICT (stream_id) DO UPDATE SET revision = excluded.revision, hash = excluded.hash
  ), cl AS (
    INSERT INTO claims (claim, stream_id) SELECT unnest($17::text[]), $1
  )
  INSERT INTO idempotency (key, fingerprint, result)
  SELECT $14::text, $15::text, $16::text WHERE $14::text IS NOT NULL`;

export const HEAD_POSITION = 'SELECT COALESCE(MAX(position), 0) AS p FROM events';
export const STREAM_HEAD = 'SELECT revision, hash FROM streams WHERE stream_id = $1';
export const READ_ALL = 'SELECT * FROM events WHERE position > $1 ORDER BY position LIMIT $2';
export const READ_BODIES = `SELECT position, stream_id, revision, type, schema_version, data
  FROM events WHERE position > $1 ORDER BY position LIMIT $2`;
export const READ_STREAM = `SELECT * FROM events
  WHERE stream_id = $1 AND revision >= $2 AND revision <= $3 AND recorded_at <= $4 ORDER BY revision`;
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
