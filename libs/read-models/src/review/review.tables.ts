/**
 * The `review` read model: per agency, the current cycle's latest submission round (when, the
 * agency's note) and staff's decision on each requirement in that round. A pledge leaves round 0
 * of its cycle (no submission yet) rather than no row, so that a replayed submission of an earlier
 * cycle meets a newer row and changes nothing.
 */
export const REVIEW_TABLES = ['review_rounds', 'review_decisions'] as const;

export const REVIEW_DDL_V1 = `
   CREATE TABLE review_rounds (
     agency_id TEXT PRIMARY KEY, cycle INTEGER NOT NULL, round INTEGER NOT NULL, submitted_at TEXT,
     note TEXT, position INTEGER NOT NULL
   ) WITHOUT ROWID;
   CREATE TABLE review_decisions (
     agency_id TEXT NOT NULL, requirement TEXT NOT NULL, cycle INTEGER NOT NULL, round INTEGER NOT NULL,
     decision TEXT NOT NULL, message TEXT, decided_by TEXT NOT NULL, decided_at TEXT NOT NULL,
     position INTEGER NOT NULL, PRIMARY KEY (agency_id, requirement)
   ) WITHOUT ROWID;`;
