import Database from 'better-sqlite3';
import { PROJECTION_TABLES } from '#read-models';

/** Every table's rows in primary-key order, without the columns that record wall-clock time. */
export function dumpReadModels(file: string): Record<string, unknown[]> {
  const db = new Database(file, { readonly: true });
  try {
    const out: Record<string, unknown[]> = {};
    for (const table of Object.values(PROJECTION_TABLES).flat())
      out[table] = db.prepare(`SELECT * FROM ${table} ORDER BY 1, 2`).all();
    out.checkpoints = db
      .prepare('SELECT projection, position, events_total FROM checkpoints ORDER BY projection')
      .all();
    out.projection_status = db
      .prepare('SELECT projection, state, position FROM projection_status ORDER BY projection')
      .all();
    return out;
  } finally {
    db.close();
  }
}

export function checkpoints(db: Database.Database): Record<string, bigint> {
  const rows = db.prepare('SELECT projection, position FROM checkpoints').safeIntegers(true).all() as {
    projection: string;
    position: bigint;
  }[];
  return Object.fromEntries(rows.map((r) => [r.projection, r.position]));
}

/**
 * G4 after a crash: no row is ahead of its projection's checkpoint, and everything at or below the
 * checkpoint is there (agency revisions, officers and trainings match the log up to it).
 */
export function checkConsistent(readModels: string, eventLog: string): { agencies: bigint; roster: bigint } {
  const rm = new Database(readModels);
  const log = new Database(eventLog, { readonly: true });
  try {
    const cp = checkpoints(rm);
    for (const [projection, tables] of Object.entries(PROJECTION_TABLES)) {
      for (const table of tables) {
        const max = rm
          .prepare(`SELECT COALESCE(MAX(position), 0) FROM ${table}`)
          .pluck()
          .safeIntegers(true)
          .get() as bigint;
        if (max > (cp[projection] ?? 0n))
          throw new Error(
            `${table} has a row at ${max}, ahead of the ${projection} checkpoint ${cp[projection]}`,
          );
      }
    }
    const agencies = cp.agencies ?? 0n;
    const expected = log
      .prepare(
        `SELECT substr(stream_id, 8) AS id, MAX(revision) AS revision FROM events WHERE position <= ? AND stream_id LIKE 'agency-%' GROUP BY stream_id ORDER BY 1`,
      )
      .all(agencies);
    const actual = rm.prepare('SELECT agency_id AS id, revision FROM agencies ORDER BY 1').all();
    if (JSON.stringify(actual) !== JSON.stringify(expected))
      throw new Error(`agencies do not match the log up to checkpoint ${agencies}`);
    const roster = cp.roster ?? 0n;
    const count = (type: string) =>
      log.prepare('SELECT COUNT(*) FROM events WHERE position <= ? AND type = ?').pluck().get(roster, type);
    const trainings = rm.prepare('SELECT COUNT(*) FROM trainings').pluck().get();
    if (trainings !== count('OfficerTrained'))
      throw new Error(`trainings ${trainings} != ${count('OfficerTrained')} events up to ${roster}`);
    const officers = rm.prepare('SELECT COUNT(*) FROM officers').pluck().get();
    if (officers !== count('OfficerJoined'))
      throw new Error(`officers ${officers} != ${count('OfficerJoined')} events up to ${roster}`);
    return { agencies, roster };
  } finally {
    rm.close();
    log.close();
  }
}
