/** The `catalogue` read model: training programmes proposed and recognised on the log. */
export const CATALOGUE_TABLES = ['programs'] as const;

export const CATALOGUE_DDL_V1 = `
   CREATE TABLE programs (
     program_id TEXT PRIMARY KEY, name TEXT NOT NULL, provider TEXT NOT NULL, class TEXT NOT NULL, hours REAL,
     recognized_at TEXT, proposed_by TEXT, position INTEGER NOT NULL
   ) WITHOUT ROWID;`;

/**
 * When an agency proposed a programme (issue 16: the catalogue listing says who proposed it and
 * when). Rows projected before this column existed keep NULL until `onemind rebuild` replays them.
 */
export const CATALOGUE_DDL_V2 = `ALTER TABLE programs ADD COLUMN proposed_at TEXT;`;
