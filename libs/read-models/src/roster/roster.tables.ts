/** The `roster` read model: the agency's records that the requirement evaluation reads. */
export const ROSTER_TABLES = ['officers', 'trainings', 'partnerships', 'policies', 'practices'] as const;

export const ROSTER_DDL_V1 = `
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
   ) WITHOUT ROWID;`;

/**
 * The practices of a practice-based campaign (Trust Building), each its latest record: a later
 * PracticeImplemented of the same practice replaces the row (the log keeps both). `evidence_ids` is
 * a JSON array of evidence ids.
 */
export const ROSTER_DDL_V2 = `
   CREATE TABLE practices (
     agency_id TEXT NOT NULL, practice_id TEXT NOT NULL, implemented_on TEXT NOT NULL,
     evidence_ids TEXT NOT NULL, note TEXT, position INTEGER NOT NULL, PRIMARY KEY (agency_id, practice_id)
   ) WITHOUT ROWID;`;
