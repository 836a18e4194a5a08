import { parse } from 'csv-parse';
import type { Readable } from 'node:stream';
import { isInputDate, type RosterImport, type RowError } from '#domain';
import { OFFICER_REF, PROGRAM_ID } from '../agency/roster.requests.js';
import { strictUtf8 } from '../infra/strict-utf8.js';
import { hasControlChars } from '../infra/control-chars.js';

export const CSV_COLUMNS = [
  'officerRef',
  'sworn',
  'joinedOn',
  'separatedOn',
  'programId',
  'completedOn',
  'hours',
] as const;
export const MAX_ROWS = 50_000;
type Row = Record<(typeof CSV_COLUMNS)[number], string>;

export class CsvTooLargeError extends Error {}
export class CsvHeaderError extends Error {}

// A Map, not an object literal: a cell `__proto__` found Object.prototype there (stored as `sworn: {}`,
// counted as sworn) and `constructor` the Object function (a 500). Cell text is looked up as own keys only.
const SWORN = new Map<string, boolean>([
  ['', true],
  ['true', true],
  ['yes', true],
  ['y', true],
  ['1', true],
  ['false', false],
  ['no', false],
  ['n', false],
  ['0', false],
]);

/**
 * Streams a roster CSV (header `officerRef,sworn,joinedOn,separatedOn,programId,completedOn,hours`)
 * through csv-parse — quoted fields, CRLF and a UTF-8 BOM accepted — and checks every row,
 * collecting every bad one. Row numbers are the spreadsheet's: the header is row 1.
 */
export async function parseRosterCsv(
  input: Readable,
  maxBytes: number,
): Promise<{ parsed: RosterImport; errors: RowError[]; rows: number }> {
  const parser = parse({
    bom: true,
    columns: (header: string[]) => checkHeader(header),
    skip_empty_lines: true,
    trim: true,
    max_record_size: 4096,
  });
  let bytes = 0;
  input.on('data', (chunk: Buffer) => {
    bytes += chunk.length;
    if (bytes > maxBytes) parser.destroy(new CsvTooLargeError(`the CSV is larger than ${maxBytes} bytes`));
  });
  const utf8 = strictUtf8();
  utf8.on('error', (err) => parser.destroy(err));
  input.pipe(utf8).pipe(parser);
  const parsed: RosterImport = { joins: [], separations: [], trainings: [] };
  const errors: RowError[] = [];
  let rows = 0;
  for await (const record of parser as AsyncIterable<Row>) {
    rows += 1;
    if (rows > MAX_ROWS) {
      input.unpipe(utf8);
      throw new CsvTooLargeError(`an import holds at most ${MAX_ROWS} rows`);
    }
    checkRow(record, rows + 1, parsed, errors);
  }
  return { parsed, errors, rows };
}

/** Every column named once: with a name given twice, csv-parse keeps the last cell and drops the other silently. */
function checkHeader(header: string[]): string[] {
  const twice = header.filter((h, i) => header.indexOf(h) !== i);
  if (twice.length)
    throw new CsvHeaderError(`the header names the column ${[...new Set(twice)].join(', ')} more than once`);
  const unknown = header.filter((h) => !(CSV_COLUMNS as readonly string[]).includes(h));
  if (unknown.length || !header.includes('officerRef')) {
    throw new CsvHeaderError(
      `the header must name the columns ${CSV_COLUMNS.join(',')} (unknown: ${unknown.join(', ') || 'none'}; officerRef is required)`,
    );
  }
  return header;
}

function checkRow(r: Row, row: number, out: RosterImport, errors: RowError[]): void {
  const bad = (field: string, message: string) =>
    errors.push({ path: `row ${row}`, message: `${field}: ${message}`, code: 'invalid-cell' });
  const before = errors.length;
  const controls = CSV_COLUMNS.filter((c) => hasControlChars(r[c] ?? ''));
  for (const c of controls) bad(c, 'must not contain control characters (U+0000–U+001F, U+007F–U+009F)');
  if (controls.length) return;
  const officerRef = r.officerRef ?? '';
  if (!OFFICER_REF.test(officerRef)) bad('officerRef', 'required, 1–64 characters of [A-Za-z0-9._:-]');
  const date = (field: 'joinedOn' | 'separatedOn' | 'completedOn') => {
    const v = r[field] ?? '';
    if (v !== '' && !isInputDate(v))
      bad(field, `"${v.slice(0, 20)}" is not a calendar date YYYY-MM-DD from 1900 to 2200`);
    return v;
  };
  const [joinedOn, separatedOn, completedOn] = [date('joinedOn'), date('separatedOn'), date('completedOn')];
  const sworn = SWORN.get((r.sworn ?? '').toLowerCase());
  if (sworn === undefined) bad('sworn', 'must be true or false (or yes/no, 1/0, empty for true)');
  const programId = r.programId ?? '';
  if (programId !== '' && !PROGRAM_ID.test(programId))
    bad('programId', 'must be 2–48 characters of [a-z0-9-]');
  if ((programId === '') !== (completedOn === ''))
    bad(programId ? 'completedOn' : 'programId', 'a training needs both programId and completedOn');
  const hours = hoursCell(r.hours ?? '');
  if (hours === null) bad('hours', 'must be a decimal number from 0 to 1000 with at most 2 decimal places');
  if (!joinedOn && !separatedOn && !programId)
    bad('row', 'nothing to import: give joinedOn, separatedOn or programId + completedOn');
  if (errors.length > before) {
    if (OFFICER_REF.test(officerRef)) (out.refusedRefs ??= []).push(officerRef);
    return;
  }
  if (joinedOn) out.joins.push({ row, officerRef, sworn: sworn!, joinedOn });
  if (separatedOn) out.separations.push({ row, officerRef, separatedOn });
  if (programId)
    out.trainings.push({
      row,
      officerRef,
      programId,
      completedOn,
      ...(typeof hours === 'number' ? { hours } : {}),
    });
}

/**
 * The JSON rule (0–1000, at most 2 decimal places) on plain decimal text only: Number() would also
 * read `0x10`, `0b11`, `1e2` or `  ` as numbers nobody typed into a spreadsheet.
 */
function hoursCell(text: string): number | undefined | null {
  if (text === '') return undefined;
  if (!/^\d{1,4}(\.\d{1,2})?$/.test(text)) return null;
  const hours = Number(text);
  return hours <= 1000 ? hours : null;
}
