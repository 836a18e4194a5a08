/** The `catalogue` read model: training programmes proposed and recognised on the log. */
export const CATALOGUE_TABLES = ['programs'] as const;

export const CATALOGUE_DDL_V1 = `
   CREATE TABLE programs (
     program_id TEXT PRIMARY KEY, name TEXT NOT NULL, provider TEXT NOT NULL, class TEXT NOT NULL, hours REAL,
     recognized_at TEXT, proposed_by TEXT, position INTEGER NOT NULL
   ) WITHOUT ROWID;`;
