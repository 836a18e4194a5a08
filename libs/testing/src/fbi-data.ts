import { readFileSync } from 'node:fs';

// The real headcounts, read from the published FBI files as they are (quoted fields contain commas).
const DATA = new URL('../../../test-data/public/', import.meta.url);
const splitCsvLine = (line: string): string[] =>
  [...line.matchAll(/(?:^|,)("(?:[^"]|"")*"|[^,]*)/g)].map((m) =>
    m[1].replace(/^"|"$/g, '').replace(/""/g, '"'),
  );

/** One number of the first row of `file` (in test-data/public/) that `match` accepts. */
export function fbiColumn(
  file: string,
  match: (row: Record<string, string>) => boolean,
  name: string,
): number {
  const [header, ...lines] = readFileSync(new URL(file, DATA), 'utf8').trim().split('\n');
  const keys = splitCsvLine(header);
  const row = lines.map((l) => Object.fromEntries(splitCsvLine(l).map((v, i) => [keys[i], v]))).find(match);
  if (!row) throw new Error(`no matching row in ${file}`);
  return Number(row[name]);
}

/** Sworn officers of an agency in 2018 (by ORI) and 2020 (the city of that name), as published. */
export function swornHeadcounts(ori: string, city: string): [number, number] {
  return [
    fbiColumn('fbi_ucr_police_employees_texas_2018.csv', (r) => r.ori === ori, 'officer_ct'),
    fbiColumn(
      'fbi_ucr_officers_texas_2020.csv',
      (r) => r.type === 'City' && r.agency === city,
      'total_officers',
    ),
  ];
}
