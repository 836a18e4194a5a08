/** The `certificates` read model: the public registry (only a hash of the verification code). */
export const CERTIFICATES_TABLES = ['certificates', 'certificate_agencies'] as const;

export const CERTIFICATES_DDL_V1 = `
   CREATE TABLE certificates (
     number TEXT PRIMARY KEY, agency_id TEXT NOT NULL, code_sha256 TEXT NOT NULL, effective_on TEXT NOT NULL,
     approved_at TEXT NOT NULL, sha256 TEXT, issued_at TEXT, revoked INTEGER NOT NULL, revoked_on TEXT,
     position INTEGER NOT NULL
   ) WITHOUT ROWID;`;

/**
 * G9 (issue 13): a certificate number belongs to one agency for good. Upper-cased numbers made
 * two agencies share one and the second approval's upsert took the genuine certificate over. The
 * upsert may still refresh its own agency's row (a replay), but a number arriving for another
 * agency aborts the write: the certificates projection stops there, visibly, and nothing is lost.
 */
export const CERTIFICATES_DDL_V2 = `CREATE TRIGGER certificates_number_owned_by_one_agency BEFORE UPDATE OF agency_id ON certificates
   WHEN NEW.agency_id IS NOT OLD.agency_id
   BEGIN
     SELECT RAISE(ABORT, 'certificate number already belongs to another agency (duplicate certificate number)');
   END;`;

/**
 * Issue 18: a certification may expire (CertificationExpired); the public check must say so, and the
 * public list asks for an agency's valid certificate (hence the index).
 */
export const CERTIFICATES_DDL_V3 = `ALTER TABLE certificates ADD COLUMN expired_on TEXT;
   CREATE INDEX certificates_by_agency ON certificates (agency_id, position);`;

/**
 * Issue 18 item 3 (ADR 0008): a certificate names its campaign. An approval without `campaignId` is
 * of the agency's primary campaign (its first pledge's), which this read model keeps per agency in
 * `certificate_agencies` (its own table, so a rebuild of this projection alone needs no other).
 * Back-filled from the agencies read model's `primary_campaign` (migrated just before this one), at
 * position 0: the first pledge's position is not known there, and 0 is never ahead of a checkpoint.
 */
export const CERTIFICATES_DDL_V4 = `
   ALTER TABLE certificates ADD COLUMN campaign_id TEXT;
   CREATE TABLE certificate_agencies (
     agency_id TEXT PRIMARY KEY, primary_campaign TEXT NOT NULL, position INTEGER NOT NULL
   ) WITHOUT ROWID;
   INSERT INTO certificate_agencies (agency_id, primary_campaign, position)
     SELECT agency_id, primary_campaign, 0 FROM agencies WHERE primary_campaign IS NOT NULL;
   UPDATE certificates SET campaign_id = (SELECT primary_campaign FROM certificate_agencies p WHERE p.agency_id = certificates.agency_id);`;

/** CERTIFICATES_DDL_V2's trigger on PostgreSQL (the tables themselves are derived: postgres/ddl.ts). */
export const CERTIFICATES_PG_DDL = `
   CREATE FUNCTION certificates_number_owned_by_one_agency() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN
     RAISE EXCEPTION 'certificate number already belongs to another agency (duplicate certificate number)'
       USING ERRCODE = 'integrity_constraint_violation';
   END $$;
   CREATE TRIGGER certificates_number_owned_by_one_agency BEFORE UPDATE OF agency_id ON certificates
     FOR EACH ROW WHEN (NEW.agency_id IS DISTINCT FROM OLD.agency_id)
     EXECUTE FUNCTION certificates_number_owned_by_one_agency();`;
