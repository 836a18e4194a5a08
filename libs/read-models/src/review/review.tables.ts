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

/**
 * Issue 18 item 3 (ADR 0008): each campaign of an agency has its own review. `campaign_id` is the
 * campaign as the events name it: '' for the agency's primary campaign (events without
 * `campaignId`), else that campaign's id, so a second campaign's submission no longer replaces the
 * first's round. SQLite cannot change a primary key in place: the tables are copied.
 */
export const REVIEW_DDL_V2 = `
   CREATE TABLE review_rounds_v2 (
     agency_id TEXT NOT NULL, campaign_id TEXT NOT NULL, cycle INTEGER NOT NULL, round INTEGER NOT NULL,
     submitted_at TEXT, note TEXT, position INTEGER NOT NULL, PRIMARY KEY (agency_id, campaign_id)
   ) WITHOUT ROWID;
   INSERT INTO review_rounds_v2 SELECT agency_id, '', cycle, round, submitted_at, note, position FROM review_rounds;
   DROP TABLE review_rounds;
   ALTER TABLE review_rounds_v2 RENAME TO review_rounds;
   CREATE TABLE review_decisions_v2 (
     agency_id TEXT NOT NULL, campaign_id TEXT NOT NULL, requirement TEXT NOT NULL, cycle INTEGER NOT NULL,
     round INTEGER NOT NULL, decision TEXT NOT NULL, message TEXT, decided_by TEXT NOT NULL, decided_at TEXT NOT NULL,
     position INTEGER NOT NULL, PRIMARY KEY (agency_id, campaign_id, requirement)
   ) WITHOUT ROWID;
   INSERT INTO review_decisions_v2 SELECT agency_id, '', requirement, cycle, round, decision, message, decided_by,
     decided_at, position FROM review_decisions;
   DROP TABLE review_decisions;
   ALTER TABLE review_decisions_v2 RENAME TO review_decisions;`;
