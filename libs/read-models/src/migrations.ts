import type Database from 'better-sqlite3';

/**
 * The read-model schema, as numbered migrations (`schema_migrations` records which ran). Every row
 * a projection writes carries the log position that last changed it (`position`), so a projection
 * applied twice changes nothing and a test can check the checkpoint is never behind the data.
 */
const MIGRATIONS: string[] = [
  `CREATE TABLE checkpoints (
     projection TEXT PRIMARY KEY, position INTEGER NOT NULL, events_total INTEGER NOT NULL, updated_at TEXT NOT NULL
   ) WITHOUT ROWID;
   CREATE TABLE projection_status (
     projection TEXT PRIMARY KEY, state TEXT NOT NULL, position INTEGER, error TEXT, at TEXT NOT NULL
   ) WITHOUT ROWID;
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
   CREATE INDEX reminders_agency ON reminders (agency_id, cycle);
   CREATE TABLE officers (
     agency_id TEXT NOT NULL, officer_ref TEXT NOT NULL, sworn INTEGER NOT NULL, joined_on TEXT NOT NULL,
     separated_on TEXT, position INTEGER NOT NULL, PRIMARY KEY (agency_id, officer_ref)
   ) WITHOUT ROWID;
   CREATE TABLE trainings (
     position INTEGER PRIMARY KEY, agency_id TEXT NOT NULL, officer_ref TEXT NOT NULL, program_id TEXT NOT NULL,
     completed_on TEXT NOT NULL, expires_on TEXT, hours REAL, certificate_ref TEXT
   );
   CREATE INDEX trainings_agency ON trainings (agency_id, officer_ref);
   CREATE TABLE partnerships (
     agency_id TEXT NOT NULL, partnership_id TEXT NOT NULL, partner_name TEXT NOT NULL, partner_type TEXT NOT NULL,
     established_on TEXT NOT NULL, ended_on TEXT, position INTEGER NOT NULL, PRIMARY KEY (agency_id, partnership_id)
   ) WITHOUT ROWID;
   CREATE TABLE policies (
     agency_id TEXT NOT NULL, policy_id TEXT NOT NULL, title TEXT NOT NULL, version TEXT NOT NULL,
     adopted_on TEXT NOT NULL, effective_on TEXT NOT NULL, based_on_iacp_model INTEGER NOT NULL,
     position INTEGER NOT NULL, PRIMARY KEY (agency_id, policy_id)
   ) WITHOUT ROWID;
   CREATE TABLE programs (
     program_id TEXT PRIMARY KEY, name TEXT NOT NULL, provider TEXT NOT NULL, class TEXT NOT NULL, hours REAL,
     recognized_at TEXT, proposed_by TEXT, position INTEGER NOT NULL
   ) WITHOUT ROWID;
   CREATE TABLE certificates (
     number TEXT PRIMARY KEY, agency_id TEXT NOT NULL, code_sha256 TEXT NOT NULL, effective_on TEXT NOT NULL,
     approved_at TEXT NOT NULL, sha256 TEXT, issued_at TEXT, revoked INTEGER NOT NULL, revoked_on TEXT,
     position INTEGER NOT NULL
   ) WITHOUT ROWID;`,
  // G9 (issue 13): a certificate number belongs to one agency for good. Upper-cased numbers made
  // two agencies share one and the second approval's upsert took the genuine certificate over. The
  // upsert may still refresh its own agency's row (a replay), but a number arriving for another
  // agency aborts the write: the certificates projection stops there, visibly, and nothing is lost.
  `CREATE TRIGGER certificates_number_owned_by_one_agency BEFORE UPDATE OF agency_id ON certificates
   WHEN NEW.agency_id IS NOT OLD.agency_id
   BEGIN
     SELECT RAISE(ABORT, 'certificate number already belongs to another agency (duplicate certificate number)');
   END;`,
];

/** Tables each projection owns (a rebuild of one projection empties exactly these). */
export const PROJECTION_TABLES: Readonly<Record<string, readonly string[]>> = {
  agencies: ['agencies', 'reminders'],
  roster: ['officers', 'trainings', 'partnerships', 'policies'],
  catalogue: ['programs'],
  certificates: ['certificates'],
};
export const PROJECTION_NAMES = Object.keys(PROJECTION_TABLES);

export function migrateReadModels(db: Database.Database): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)');
  MIGRATIONS.forEach((sql, index) => {
    const version = index + 1;
    db.transaction(() => {
      // Checked under the write lock: the projector and the command app may open a fresh file at once.
      if (db.prepare('SELECT 1 FROM schema_migrations WHERE version = ?').get(version)) return;
      db.exec(sql);
      db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)').run(version, new Date().toISOString());
    }).immediate();
  });
}
