import { parse } from 'csv-parse';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { signDevelopmentToken } from '#auth';
import { loadConfig, parseWholeNumber } from '#config';
import { stringFlag, UsageError, type ParsedArgs } from './args.js';
import { printImportSummary, type RowOutcome } from './import-summary.js';
import { patientPost, WaitBudget } from './patient-fetch.js';
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
interface Row {
  /** Line in the file (the header is line 1). */
  row: number;
  agencyId: string;
  body: Record<string, unknown>;
  key: string;
}

/** The server's limit per request (MAX_BULK_PLEDGES in apps/command). */
const MAX_BATCH = 100;

/**
 * `onemind import-agencies <file.csv>`: staff migration through `POST /v1/pledges/bulk`, up to 100
 * rows a request (one write against the budget each), every row its own pledge command. A row's
 * Idempotency-Key is a hash of the row itself, so a re-run — after a crash, a network error, or
 * with bad rows fixed — never pledges twice, and the server answers rows of agencies that already
 * exist without a command. When the server says to wait (429, 503, 507 with Retry-After) the run
 * waits, up to `--max-wait` seconds in all.
 */
export async function importAgenciesCommand(args: ParsedArgs): Promise<number> {
  const file = args.positional[0];
  if (!file) throw new UsageError('give the CSV file to import');
  const config = loadConfig();
  const url = (stringFlag(args, 'url') ?? `http://127.0.0.1:${config.port}`).replace(/\/$/, '');
  const concurrency = wholeFlag(args, 'concurrency', 2, 1, 16);
  const batchSize = wholeFlag(args, 'batch', MAX_BATCH, 1, MAX_BATCH);
  const maxWaitSeconds = wholeFlag(args, 'max-wait', 600, 0, 86_400);
  const token = stringFlag(args, 'token') ?? (await staffToken(config.jwtSecret));
  const started = Date.now();
  const rows = await readRows(file);
  const progress = new Progress('import-agencies', rows.length);
  const budget = new WaitBudget(maxWaitSeconds * 1000, (s, why) =>
    progress.note(`waiting ${s} s: ${why.split(':')[0]}`),
  );
  const batches: Row[][] = [];
  for (let i = 0; i < rows.length; i += batchSize) batches.push(rows.slice(i, i + batchSize));
  const outcomes: RowOutcome[] = [];
  const worker = async () => {
    for (let batch = batches.shift(); batch; batch = batches.shift()) {
      const done = await pledgeBatch(url, token, batch, budget);
      outcomes.push(...done);
      progress.tick(done.length, counts(outcomes));
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return printImportSummary(outcomes, {
    seconds: (Date.now() - started) / 1000,
    waitedSeconds: budget.spentSeconds,
  });
}

async function pledgeBatch(
  url: string,
  token: string,
  batch: Row[],
  budget: WaitBudget,
): Promise<RowOutcome[]> {
  const answer = await patientPost(
    `${url}/v1/pledges/bulk`,
    {
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        rows: batch.map((r) => ({ ...r.body, agencyId: r.agencyId, idempotencyKey: r.key })),
      }),
    },
    budget,
  );
  if (!answer.ok) {
    // A row that is not a valid pledge fails the whole request (400 naming `rows[i].field`):
    // those rows fail with their reasons, and the others go again.
    const invalid = answer.status === 400 ? invalidRows(answer.body, batch.length) : null;
    if (invalid) {
      const failed = batch.flatMap((r, i) =>
        invalid.has(i)
          ? [{ row: r.row, agencyId: r.agencyId, status: 'failed' as const, reason: invalid.get(i)! }]
          : [],
      );
      const rest = batch.filter((_, i) => !invalid.has(i));
      return [...failed, ...(rest.length ? await pledgeBatch(url, token, rest, budget) : [])];
    }
    const reason =
      answer.status === 404
        ? `${url} has no POST /v1/pledges/bulk (a server older than this CLI?)`
        : answer.reason;
    return batch.map((r) => ({ row: r.row, agencyId: r.agencyId, status: 'failed', reason }));
  }
  const results = (answer.body as { results?: ServerResult[] } | null)?.results;
  if (!Array.isArray(results) || results.length !== batch.length) {
    const reason = 'the server answered without a result per row';
    return batch.map((r) => ({ row: r.row, agencyId: r.agencyId, status: 'failed', reason }));
  }
  // After an attempt that may have reached the handler (a 5xx, a dropped connection), a row
  // answered "same key" was pledged by this run's own earlier attempt.
  return batch.map((r, i) => toOutcome(r, results[i], answer.retriedAfterTrying));
}

/** `rows[3].contact.email: …` → row 3's reason `400: contact.email: …`; null if an error names no row. */
function invalidRows(body: unknown, size: number): Map<number, string> | null {
  const errors = (body as { errors?: { path?: unknown; message?: unknown }[] } | null)?.errors;
  if (!Array.isArray(errors) || errors.length === 0) return null;
  const byRow = new Map<number, string[]>();
  for (const e of errors) {
    const m = /^rows\[(\d+)\]\.?(.*)$/.exec(String(e.path));
    if (!m || Number(m[1]) >= size) return null;
    const i = Number(m[1]);
    byRow.set(i, [...(byRow.get(i) ?? []), `${m[2] || 'row'}: ${String(e.message)}`]);
  }
  return new Map([...byRow].map(([i, list]) => [i, `400: ${list.join('; ')}`]));
}

interface ServerResult {
  outcome: 'pledged' | 'already-pledged' | 'failed';
  reason?: 'same-key' | 'exists';
  status?: number;
  code?: string;
  detail?: string;
  errors?: { path: string; message: string }[];
}

function toOutcome(r: Row, result: ServerResult, retried: boolean): RowOutcome {
  const base = { row: r.row, agencyId: r.agencyId };
  if (result.outcome === 'pledged' || (retried && result.reason === 'same-key'))
    return { ...base, status: 'pledged' };
  if (result.outcome === 'already-pledged')
    return { ...base, status: 'already-pledged', sameKey: result.reason === 'same-key' };
  const fields = result.errors?.map((e) => `${e.path}: ${e.message}`).join('; ');
  const code = result.code ? ` ${result.code}` : '';
  return { ...base, status: 'failed', reason: `${result.status ?? '?'}${code}: ${fields || result.detail}` };
}

function counts(outcomes: RowOutcome[]): string {
  const n = (s: RowOutcome['status']) => outcomes.filter((o) => o.status === s).length;
  return `${n('pledged')} pledged, ${n('already-pledged')} already, ${n('failed')} failed`;
}

export function wholeFlag(
  args: ParsedArgs,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const text = stringFlag(args, name);
  if (text === undefined) return fallback;
  const n = parseWholeNumber(text);
  if (n === null || n < min || n > max)
    throw new UsageError(`--${name} must be a whole number from ${min} to ${max}, not "${text}"`);
  return n;
}

/** A plain decimal cell as a number; anything else (`0x10`, `1e1`) as text, for the API to refuse like JSON. */
function wholeOrText(cell: string | undefined): number | string | undefined {
  if (cell === undefined || cell === '') return undefined;
  return parseWholeNumber(cell) ?? cell;
}

export async function staffToken(secret: string | undefined, sub = 'cli:import-agencies'): Promise<string> {
  if (!secret) throw new UsageError('give --token (a staff token from your identity provider)');
  return signDevelopmentToken({ role: 'staff', sub, ttl: '2h', secret });
}

async function readRows(file: string): Promise<Row[]> {
  const parser = createReadStream(file).pipe(
    parse({ bom: true, columns: true, skip_empty_lines: true, trim: true }),
  );
  const rows: Row[] = [];
  for await (const data of parser as AsyncIterable<AgencyRow>) {
    const unknown = Object.keys(data).filter((k) => !(AGENCY_CSV_COLUMNS as readonly string[]).includes(k));
    if (unknown.length)
      throw new UsageError(
        `unknown column(s) ${unknown.join(', ')}; expected ${AGENCY_CSV_COLUMNS.join(',')}`,
      );
    const agencyId = data.agencyId ?? '';
    const body = toBody(data);
    rows.push({ row: rows.length + 2, agencyId, body, key: rowKey(agencyId, body) });
  }
  return rows;
}

/**
 * Derived from the row's content, not its line: the same row keeps its key when other rows are
 * fixed, added or re-ordered, and two identical rows are one pledge.
 */
function rowKey(agencyId: string, body: Record<string, unknown>): string {
  const digest = createHash('sha256')
    .update(JSON.stringify([agencyId, body]))
    .digest('hex');
  return `import-agencies:${digest.slice(0, 40)}`;
}

function toBody(d: AgencyRow): Record<string, unknown> {
  const optional = (v: string | undefined) => (v === undefined || v === '' ? undefined : v);
  const body = {
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
  // What JSON would carry: the key is computed over exactly what is sent.
  return JSON.parse(JSON.stringify(body)) as Record<string, unknown>;
}
