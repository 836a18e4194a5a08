import { parse } from 'csv-parse';
import { createReadStream } from 'node:fs';
import { loadConfig } from '#config';
import { stringFlag, UsageError, type ParsedArgs } from './args.js';
import { staffToken, wholeFlag } from './import-agencies.command.js';
import { printImportSummary, type RowOutcome } from './import-summary.js';
import { patientPost, WaitBudget } from './patient-fetch.js';
import { Progress } from './progress.js';

export const CERTIFICATION_CSV_COLUMNS = [
  'agencyId',
  'name',
  'ori',
  'country',
  'region',
  'signatoryName',
  'signatoryTitle',
  'contactName',
  'contactEmail',
  'ruleSet',
  'pledgedOn',
  'submittedOn',
  'effectiveOn',
  'certificateNumber',
  'note',
] as const;
type CertificationRow = Partial<Record<(typeof CERTIFICATION_CSV_COLUMNS)[number], string>>;
interface Row {
  row: number;
  agencyId: string;
  body: Record<string, unknown>;
}

const WORDS = { rows: 'certifications', verb: 'migrate', done: 'migrated', already: 'already recorded' };

/**
 * `onemind import-certifications <file.csv>`: the campaign's past (issue 18 item 6), one
 * `POST /v1/agencies/{agencyId}/campaigns/one-mind/historic-certification` per row (the route is
 * per agency; each is one command), `--concurrency` at a time; 429/503/507 with Retry-After are
 * waited out within `--max-wait`, like import-agencies. No Idempotency-Key: the command itself
 * records only an agency the engine has never seen, so a re-run answers `agency-already-recorded`
 * row by row and records nothing twice (a key would replay the first 201 and hide that); after an
 * attempt that may have reached the server, that answer means this run's own attempt recorded it.
 */
export async function importCertificationsCommand(args: ParsedArgs): Promise<number> {
  const file = args.positional[0];
  if (!file) throw new UsageError('give the CSV file to import');
  const config = loadConfig();
  const url = (stringFlag(args, 'url') ?? `http://127.0.0.1:${config.port}`).replace(/\/$/, '');
  const concurrency = wholeFlag(args, 'concurrency', 2, 1, 16);
  const maxWaitSeconds = wholeFlag(args, 'max-wait', 600, 0, 86_400);
  const token =
    stringFlag(args, 'token') ?? (await staffToken(config.jwtSecret, 'cli:import-certifications'));
  const started = Date.now();
  const rows = await readRows(file);
  const progress = new Progress('import-certifications', rows.length);
  const budget = new WaitBudget(maxWaitSeconds * 1000, (s, why) =>
    progress.note(`waiting ${s} s: ${why.split(':')[0]}`),
  );
  const queue = [...rows];
  const outcomes: RowOutcome[] = [];
  const worker = async () => {
    for (let r = queue.shift(); r; r = queue.shift()) {
      outcomes.push(await migrate(url, token, r, budget));
      const n = (s: RowOutcome['status']) => outcomes.filter((o) => o.status === s).length;
      progress.tick(1, `${n('pledged')} migrated, ${n('already-pledged')} already, ${n('failed')} failed`);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const timing = { seconds: (Date.now() - started) / 1000, waitedSeconds: budget.spentSeconds };
  return printImportSummary(outcomes, timing, undefined, WORDS);
}

async function migrate(url: string, token: string, r: Row, budget: WaitBudget): Promise<RowOutcome> {
  const base = { row: r.row, agencyId: r.agencyId };
  const path = `/v1/agencies/${encodeURIComponent(r.agencyId)}/campaigns/one-mind/historic-certification`;
  const answer = await patientPost(
    `${url}${path}`,
    {
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify(r.body),
    },
    budget,
  );
  if (answer.ok) return { ...base, status: 'pledged' };
  const problem = (answer.body ?? {}) as { code?: unknown; errors?: { path: string; message: string }[] };
  if (problem.code === 'agency-already-recorded')
    return { ...base, status: 'already-pledged', sameKey: false };
  const fields = Array.isArray(problem.errors)
    ? problem.errors.map((e) => `${e.path}: ${e.message}`).join('; ')
    : '';
  return { ...base, status: 'failed', reason: fields ? `${answer.reason} (${fields})` : answer.reason };
}

async function readRows(file: string): Promise<Row[]> {
  const parser = createReadStream(file).pipe(
    parse({ bom: true, columns: true, skip_empty_lines: true, trim: true }),
  );
  const rows: Row[] = [];
  const known: readonly string[] = CERTIFICATION_CSV_COLUMNS;
  for await (const data of parser as AsyncIterable<CertificationRow>) {
    const unknown = Object.keys(data).filter((k) => !known.includes(k));
    if (unknown.length)
      throw new UsageError(`unknown column(s) ${unknown.join(', ')}; expected ${known.join(',')}`);
    rows.push({ row: rows.length + 2, agencyId: data.agencyId ?? '', body: toBody(data) });
  }
  return rows;
}

function toBody(d: CertificationRow): Record<string, unknown> {
  const optional = (v: string | undefined) => (v === undefined || v === '' ? undefined : v);
  const body = {
    name: d.name,
    ori: optional(d.ori),
    country: optional(d.country) ?? 'US',
    region: optional(d.region),
    signatory: { name: d.signatoryName, title: d.signatoryTitle },
    contact: { name: d.contactName, email: d.contactEmail },
    ruleSet: d.ruleSet,
    pledgedOn: d.pledgedOn,
    submittedOn: d.submittedOn,
    effectiveOn: d.effectiveOn,
    certificateNumber: optional(d.certificateNumber),
    note: d.note,
  };
  return body;
}
