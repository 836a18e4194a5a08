import { stringify } from 'csv-stringify/sync';
import { withoutControlChars } from '../infra/control-chars.js';

/** Every value as the text it shows (`true`, `-5`), so the formula guard sees numbers too: `-5` becomes `'-5`. */
const text = (v: unknown): string => withoutControlChars(v === null || v === undefined ? '' : String(v));

/**
 * RFC 4180 CSV (CRLF). Cells a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR and
 * their full-width forms) are prefixed with a quote by csv-stringify's `escape_formulas`; control
 * characters (in names stored before they were refused, issue 13) become spaces first.
 */
export function toCsv(columns: string[], rows: Record<string, unknown>[]): string {
  return stringify(
    rows.map((r) => columns.map((c) => text(r[c]))),
    { header: true, columns, record_delimiter: 'windows', escape_formulas: true },
  );
}
