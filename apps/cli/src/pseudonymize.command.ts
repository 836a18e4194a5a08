import { parse } from 'csv-parse';
import { stringify } from 'csv-stringify';
import { createHmac } from 'node:crypto';
import { createReadStream, createWriteStream, readFileSync, realpathSync, rmSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { Transform, type Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringFlag, UsageError, type ParsedArgs } from './args.js';

export const MIN_KEY_BYTES = 32;
const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

/**
 * Officer privacy (DOMAIN.md: officerRef is pseudonymous). An agency runs this on its own machine
 * before uploading a roster, so no badge number ever reaches the service: each officerRef becomes
 * `om-` + the first 20 base32 characters (100 bits) of HMAC-SHA256(key, badge). The same key always
 * gives the same reference, so later uploads (trainings, separations) still match; without the key
 * the references cannot be turned back into badge numbers, not even by trying every badge number.
 */
export function pseudonymousRef(key: Buffer, value: string): string {
  const mac = createHmac('sha256', key).update(value.trim(), 'utf8').digest();
  let bits = 0;
  let acc = 0;
  let out = '';
  for (const byte of mac) {
    acc = (acc << 8) | byte;
    bits += 8;
    while (bits >= 5 && out.length < 20) {
      out += BASE32[(acc >>> (bits - 5)) & 31];
      bits -= 5;
    }
    acc &= (1 << bits) - 1;
    if (out.length === 20) break;
  }
  return `om-${out}`;
}

/** The key file: at least 32 bytes (one trailing newline ignored), readable by its owner (and group) only. */
export function readKeyFile(path: string): Buffer {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat)
    throw new UsageError(
      `--key-file ${path} does not exist; create one with: openssl rand -base64 48 > ${path} && chmod 600 ${path}`,
    );
  if (!stat.isFile()) throw new UsageError(`--key-file ${path} is not a file`);
  if (process.platform !== 'win32' && (stat.mode & 0o007) !== 0) {
    throw new UsageError(
      `--key-file ${path} is readable by other users (mode ${(stat.mode & 0o777).toString(8)}); run: chmod 600 ${path}`,
    );
  }
  const raw = readFileSync(path);
  const key = raw.subarray(0, raw.length - (raw.at(-1) === 0x0a ? (raw.at(-2) === 0x0d ? 2 : 1) : 0));
  if (key.length < MIN_KEY_BYTES)
    throw new UsageError(
      `--key-file must hold at least ${MIN_KEY_BYTES} bytes (it has ${key.length}); e.g. openssl rand -base64 48 > ${path}`,
    );
  return key;
}

/** Streams CSV → CSV, rewriting one column; every other cell and the header pass through unchanged. */
export async function pseudonymizeCsv(
  input: Readable,
  output: Writable,
  key: Buffer,
  column = 'officerRef',
): Promise<{ rows: number; rewritten: number }> {
  let index = -1;
  let rows = 0;
  let rewritten = 0;
  const rewrite = new Transform({
    objectMode: true,
    transform(record: string[], _enc, next) {
      if (index < 0) {
        index = record.indexOf(column);
        if (index < 0)
          return next(
            new UsageError(`the CSV has no "${column}" column (header: ${record.join(',').slice(0, 200)})`),
          );
        return next(null, record);
      }
      rows += 1;
      if (record[index] !== undefined && record[index].trim() !== '') {
        record[index] = pseudonymousRef(key, record[index]);
        rewritten += 1;
      }
      next(null, record);
    },
  });
  await pipeline(
    input,
    parse({ bom: true, relax_column_count: true, skip_empty_lines: true }),
    rewrite,
    stringify({ record_delimiter: 'unix' }),
    output,
  );
  return { rows, rewritten };
}

/** `onemind pseudonymize <roster.csv> --key-file <file> [--column officerRef] [--out out.csv]` */
export async function pseudonymizeCommand(args: ParsedArgs): Promise<number> {
  const [file] = args.positional;
  if (!file) throw new UsageError('the roster CSV file is required');
  const keyFile = stringFlag(args, 'key-file', true);
  const out = stringFlag(args, 'out');
  const key = readKeyFile(keyFile);
  if (out && resolve(out) === realpathSync(resolve(file)))
    throw new UsageError('--out must not be the input file');
  const output = out ? createWriteStream(out, { mode: 0o600 }) : process.stdout;
  const { rows, rewritten } = await pseudonymizeCsv(
    createReadStream(file),
    output,
    key,
    stringFlag(args, 'column') ?? 'officerRef',
  ).catch((err) => {
    if (out) rmSync(out, { force: true }); // no half-written roster left behind
    throw err;
  });
  process.stderr.write(`pseudonymized ${rewritten} of ${rows} rows${out ? ` into ${out}` : ''}\n`);
  return 0;
}
