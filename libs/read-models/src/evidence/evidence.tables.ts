/** The `evidence` read model: the documents each agency attached (the bytes are in the document store). */
export const EVIDENCE_TABLES = ['evidence'] as const;

export const EVIDENCE_DDL_V1 = `
   CREATE TABLE evidence (
     agency_id TEXT NOT NULL, evidence_id TEXT NOT NULL, requirement TEXT NOT NULL, filename TEXT NOT NULL,
     media_type TEXT NOT NULL, size INTEGER NOT NULL, sha256 TEXT NOT NULL, description TEXT,
     attached_at TEXT NOT NULL, attached_by TEXT NOT NULL, position INTEGER NOT NULL,
     PRIMARY KEY (agency_id, evidence_id)
   ) WITHOUT ROWID;`;
