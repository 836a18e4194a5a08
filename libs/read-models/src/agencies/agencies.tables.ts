/** The `agencies` read model: one row per agency (status, profile, review, documents) and its reminders. */
export const AGENCIES_TABLES = ['agencies', 'reminders'] as const;

export const AGENCIES_DDL_V1 = `
   CREATE TABLE agencies (
     agency_id TEXT PRIMARY KEY, status TEXT NOT NULL, cycle INTEGER NOT NULL, name TEXT NOT NULL, ori TEXT,
     country TEXT NOT NULL, region TEXT, agency_type TEXT, signatory TEXT NOT NULL, contact TEXT NOT NULL,
     rule_set TEXT NOT NULL, commitment_months INTEGER NOT NULL, pledged_on TEXT NOT NULL, deadline TEXT NOT NULL,
     submitted_at TEXT, submission_evaluation TEXT,
     certificate_number TEXT, verification_code TEXT, certificate_effective_on TEXT, certificate_issued_at TEXT,
     certificate_sha256 TEXT, letter_issued_at TEXT, letter_sha256 TEXT, newsletter_queued INTEGER NOT NULL,
     revision INTEGER NOT NULL, position INTEGER NOT NULL
   ) WITHOUT ROWID;
   CREATE INDEX agencies_status ON agencies (status, submitted_at);
   CREATE INDEX agencies_region ON agencies (region, status);
   CREATE TABLE reminders (
     position INTEGER PRIMARY KEY, agency_id TEXT NOT NULL, cycle INTEGER NOT NULL, deadline TEXT NOT NULL,
     offset_days INTEGER NOT NULL, sent_at TEXT NOT NULL
   );
   CREATE INDEX reminders_agency ON reminders (agency_id, cycle);`;
