import { withoutControlChars } from '../infra/control-chars.js';

/**
 * RFC 4180 CSV; cells that a spreadsheet would run as a formula are prefixed with a quote, and
 * control characters (in names stored before they were refused, issue 13) become spaces.
 */
export function toCsv(columns: string[], rows: Record<string, unknown>[]): string {
  const cell = (v: unknown) => {
    let s = withoutControlChars(v === null || v === undefined ? '' : String(v));
    if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [columns.join(','), ...rows.map((r) => columns.map((c) => cell(r[c])).join(','))].join('\r\n') + '\r\n';
}
