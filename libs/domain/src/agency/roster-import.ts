import type { TrainingRecord } from './agency.commands.js';

/** One spreadsheet row's parts, each tagged with the row it came from (for `row N: …` errors). */
export interface RosterImport {
  joins: { row: number; officerRef: string; sworn: boolean; joinedOn: string }[];
  separations: { row: number; officerRef: string; separatedOn: string }[];
  trainings: ({ row: number } & TrainingRecord)[];
  /**
   * Rows the CSV reader already refused (a bad cell): listed in the same answer as the business
   * errors of the other rows, so a file is fixed in one go.
   */
  refused?: RowError[];
  /** Officer refs named by refused rows: their other rows are not also reported as off the roster. */
  refusedRefs?: string[];
  /** Rows in the file, for the answer's "N of M rows". */
  rows?: number;
}

/** `code` says which rule refused the row (`invalid-cell`, `roster-conflict`, `unrecognized-program`, …). */
export interface RowError {
  path: string;
  message: string;
  code?: string;
}
