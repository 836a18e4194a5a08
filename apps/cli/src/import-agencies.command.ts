import { parse } from 'csv-parse';
import { createHash } from 'node:crypto';
import { createReadStream, readFileSync } from 'node:fs';
import { signDevelopmentToken } from '#auth';
import { loadConfig, parseWholeNumber } from '#config';
import { stringFlag, UsageError, type ParsedArgs } from './args.js';
import { Progress } from './progress.js';

export const AGENCY_CSV_COLUMNS = [
  'agencyId',
  'name',
  'ori',
  'country',
  'region',
  'agencyType',
  'signatoryName',
  'signatoryTitle',
  'contactName',
  'contactEmail',
  'commitmentMonths',
  'pledgedOn',
  'ruleSet',
] as const;
type AgencyRow = Partial<Record<(typeof AGENCY_CSV_COLUMNS)[number], string>>;
type Outcome = {
  agencyId: string;
  row: number;
  status: 'pledged' | 'already-pledged' | 'failed';
  detail?: string;
};

/**
 * `onemind import-agencies <file.csv> [--url U] [--token T] [--concurrency 8]`: staff migration.
 * Each agency is one pledge command through the public API (all or nothing per agency); the
 * Idempotency-Key is derived from the file and the row, so re-running after a crash or a
 * network error never pledges twice.
 */
export async function importAgenciesCommand(args: ParsedArgs): Promise<number> {
  const file = args.positional[0];
  if (!file) throw new UsageError('give the CSV file to import');
  const config = loadConfig();
  const url = (stringFlag(args, 'url') ?? `http://127.0.0.1:${config.port}`).replace(/\/$/, '');
  const token = stringFlag(args, 'token') ?? (await staffToken(config.jwtSecret));
  const concurrency = concurrencyFlag(stringFlag(args, 'concurrency'));
  const fileKey = createHash('sha256').update(readFileSync(file)).digest('hex').slice(0, 16);
  const rows = await readRows(file);
  const progress = new Progress('import-agencies', rows.length);
  const outcomes: Outcome[] = [];
  let next = 0;
  const worker = async () => {
    while (next < rows.length) {
      const { row, data } = rows[next++];
      outcomes.push(await pledge(url, token, fileKey, row, data));
      progress.tick();
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return summarize(outcomes);
}

function concurrencyFlag(text: string | undefined): number {
  if (text === undefined) return 8;
  const n = parseWholeNumber(text);
  if (n === null || n < 1 || n > 64)
    throw new UsageError(`--concurrency must be a whole number from 1 to 64, not "${text}"`);
  return n;
}

/** A plain decimal cell as a number; anything else (`0x10`, `1e1`) as text, for the API to refuse like JSON. */
function wholeOrText(cell: string | undefined): number | string | undefined {
  if (cell === undefined || cell === '') return undefined;
  return parseWholeNumber(cell) ?? cell;
}

async function staffToken(secret: string | undefined): Promise<string> {
  if (!secret) throw new UsageError('give --token (a staff token from your identity provider)');
  return signDevelopmentToken({ role: 'staff', sub: 'cli:import-agencies', ttl: '2h', secret });
}

async function readRows(file: string): Promise<{ row: number; data: AgencyRow }[]> {
  const parser = createReadStream(file).pipe(
    parse({ bom: true, columns: true, skip_empty_lines: true, trim: true }),
  );
  const rows: { row: number; data: AgencyRow }[] = [];
  for await (const data of parser as AsyncIterable<AgencyRow>) {
    const unknown = Object.keys(data).filter((k) => !(AGENCY_CSV_COLUMNS as readonly string[]).includes(k));
    if (unknown.length)
      throw new UsageError(
        `unknown column(s) ${unknown.join(', ')}; expected ${AGENCY_CSV_COLUMNS.join(',')}`,
      );
    rows.push({ row: rows.length + 2, data });
  }
  return rows;
}

function toBody(d: AgencyRow): Record<string, unknown> {
  const optional = (v: string | undefined) => (v === undefined || v === '' ? undefined : v);
  return {
    name: d.name,
    ori: optional(d.ori),
    country: optional(d.country) ?? 'US',
    region: optional(d.region),
    agencyType: optional(d.agencyType),
    signatory: { name: d.signatoryName, title: d.signatoryTitle },
    contact: { name: d.contactName, email: d.contactEmail },
    commitmentMonths: wholeOrText(d.commitmentMonths),
    pledgedOn: optional(d.pledgedOn),
    ruleSet: optional(d.ruleSet),
  };
}

async function pledge(
  url: string,
  token: string,
  fileKey: string,
  row: number,
  d: AgencyRow,
): Promise<Outcome> {
  const agencyId = d.agencyId ?? '';
  try {
    const res = await fetch(`${url}/v1/agencies/${encodeURIComponent(agencyId)}/pledge`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        'idempotency-key': `import-agencies:${fileKey}:row-${row}`,
      },
      body: JSON.stringify(toBody(d)),
    });
    if (res.ok) return { agencyId, row, status: 'pledged' };
    const problem = (await res.json().catch(() => ({}))) as {
      code?: string;
      detail?: string;
      errors?: { path: string; message: string }[];
    };
    if (problem.code === 'already-pledged') return { agencyId, row, status: 'already-pledged' };
    const fields = problem.errors?.map((e) => `${e.path}: ${e.message}`).join('; ');
    return {
      agencyId,
      row,
      status: 'failed',
      detail: `${res.status} ${fields || problem.detail || res.statusText}`,
    };
  } catch (err) {
    return { agencyId, row, status: 'failed', detail: `cannot reach ${url}: ${(err as Error).message}` };
  }
}

function summarize(outcomes: Outcome[]): number {
  const count = (s: Outcome['status']) => outcomes.filter((o) => o.status === s).length;
  const failed = outcomes.filter((o) => o.status === 'failed').sort((a, b) => a.row - b.row);
  process.stdout.write(
    `${outcomes.length} agencies: ${count('pledged')} pledged, ${count('already-pledged')} already pledged, ${failed.length} failed\n`,
  );
  for (const f of failed)
    process.stdout.write(`  row ${f.row} (${f.agencyId || 'no agencyId'}): ${f.detail}\n`);
  return failed.length ? 1 : 0;
}
