import type Database from 'better-sqlite3';
import { runMigrations } from '#event-store';
import { AGENCIES_DDL_V1, AGENCIES_DDL_V2, AGENCIES_TABLES } from './agencies/agencies.tables.js';
import { CATALOGUE_DDL_V1, CATALOGUE_DDL_V2, CATALOGUE_TABLES } from './catalogue/catalogue.tables.js';
import {
  CERTIFICATES_DDL_V1,
  CERTIFICATES_DDL_V2,
  CERTIFICATES_DDL_V3,
  CERTIFICATES_DDL_V4,
  CERTIFICATES_TABLES,
} from './certificates/certificates.tables.js';
import { REVIEW_DDL_V1, REVIEW_DDL_V2, REVIEW_TABLES } from './review/review.tables.js';
import { EVIDENCE_DDL_V1, EVIDENCE_TABLES } from './evidence/evidence.tables.js';
import { ROSTER_DDL_V1, ROSTER_DDL_V2, ROSTER_TABLES } from './roster/roster.tables.js';

/** The runner's own tables: each projection's checkpoint and whether it has stopped on an error. */
const CHECKPOINTS_DDL_V1 = `CREATE TABLE checkpoints (
     projection TEXT PRIMARY KEY, position INTEGER NOT NULL, events_total INTEGER NOT NULL, updated_at TEXT NOT NULL
   ) WITHOUT ROWID;
   CREATE TABLE projection_status (
     projection TEXT PRIMARY KEY, state TEXT NOT NULL, position INTEGER, error TEXT, at TEXT NOT NULL
   ) WITHOUT ROWID;`;

/**
 * The read-model schema, as numbered migrations (`schema_migrations` records which ran). Each read
 * model owns its DDL (its *.tables.ts); this list only orders them, and a later change to one
 * read model appends a version here. Every row a projection writes carries the log position that
 * last changed it (`position`), so a projection applied twice changes nothing and a test can check
 * the checkpoint is never behind the data.
 */
export const READ_MODEL_MIGRATIONS: readonly string[] = [
  [CHECKPOINTS_DDL_V1, AGENCIES_DDL_V1, ROSTER_DDL_V1, CATALOGUE_DDL_V1, CERTIFICATES_DDL_V1].join(''),
  CERTIFICATES_DDL_V2,
  CATALOGUE_DDL_V2,
  REVIEW_DDL_V1,
  EVIDENCE_DDL_V1,
  CERTIFICATES_DDL_V3,
  ROSTER_DDL_V2,
  // Issue 18 item 3: one agency in several campaigns (agency_campaigns, certificates.campaign_id);
  // one migration, as the certificates' back-fill reads the agencies' primary campaign.
  AGENCIES_DDL_V2 + CERTIFICATES_DDL_V4,
  REVIEW_DDL_V2,
];

/** Tables each projection owns (a rebuild of one projection empties exactly these). */
export const PROJECTION_TABLES: Readonly<Record<string, readonly string[]>> = {
  agencies: AGENCIES_TABLES,
  roster: ROSTER_TABLES,
  catalogue: CATALOGUE_TABLES,
  certificates: CERTIFICATES_TABLES,
  review: REVIEW_TABLES,
  evidence: EVIDENCE_TABLES,
};
export const PROJECTION_NAMES = Object.keys(PROJECTION_TABLES);

export function migrateReadModels(db: Database.Database): void {
  runMigrations(db, READ_MODEL_MIGRATIONS);
}
