/** Calendar arithmetic on `YYYY-MM-DD` strings, in UTC, without the host clock. */
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isCalendarDate(value: string): boolean {
  const m = DATE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

/** Dates people give us (JSON fields, CSV cells): real calendar dates in a plausible range. */
export const isInputDate = (value: string): boolean =>
  isCalendarDate(value) && value >= '1900-01-01' && value <= '2200-12-31';

const INSTANT = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](\d{2}):(\d{2}))$/;

/**
 * An ISO 8601 instant with its zone (`2025-02-28T10:00:00Z`, `…+02:00`) as a UTC ISO string, or
 * null. Stricter than Date.parse, which rolls 2025-02-30 over to March 2 and reads an instant
 * without a zone in the host's time zone: either would answer about another instant than asked.
 */
export function parseInstant(value: string): string | null {
  const m = INSTANT.exec(value);
  if (!m || !isCalendarDate(m[1])) return null;
  const [h, min, s, offH, offMin] = [m[2], m[3], m[4] ?? '0', m[5] ?? '0', m[6] ?? '0'].map(Number);
  if (h > 23 || min > 59 || s > 59 || offH > 23 || offMin > 59) return null;
  const t = Date.parse(value);
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}

/** Adds months, clamping to the month's last day (2025-01-31 + 1 month = 2025-02-28). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, lastDay));
  return target.toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  const t = new Date(`${date}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + days);
  return t.toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}
