/** The `certificates` read model: the public registry (only a hash of the verification code). */
export const CERTIFICATES_TABLES = ['certificates'] as const;

export const CERTIFICATES_DDL_V1 = `
   CREATE TABLE certificates (
     number TEXT PRIMARY KEY, agency_id TEXT NOT NULL, code_sha256 TEXT NOT NULL, effective_on TEXT NOT NULL,
     approved_at TEXT NOT NULL, sha256 TEXT, issued_at TEXT, revoked INTEGER NOT NULL, revoked_on TEXT,
     position INTEGER NOT NULL
   ) WITHOUT ROWID;`;
