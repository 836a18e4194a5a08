import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../src/main.js';
import { MIN_KEY_BYTES, pseudonymousRef } from '../src/pseudonymize.command.js';
import { OFFICER_REF } from '#domain';

/** `onemind pseudonymize`: badge numbers become keyed references before a roster leaves the agency. */
describe('onemind pseudonymize (int: real files)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'onemind-pseudo-'));
  const key = join(dir, 'roster.key');
  const roster = join(dir, 'roster.csv');
  const out = join(dir, 'out.csv');
  const csv =
    '\ufeffofficerRef,sworn,joinedOn,separatedOn,programId,completedOn,hours\r\n4711,true,2015-01-01,,,,\r\n"4711",,,,cit,2024-05-01,40\r\n 0815 ,false,2016-03-01,,,,\r\n,true,2017-01-01,,,,\r\n"Smith, J.",true,2018-01-01,,,,\r\n';
  let stderr: string[] = [];
  const write = process.stderr.write.bind(process.stderr);

  beforeAll(() => {
    writeFileSync(key, `${'k'.repeat(40)}\n`, { mode: 0o600 });
    writeFileSync(roster, csv);
    process.stderr.write = ((chunk: string) => (
      stderr.push(String(chunk)),
      true
    )) as typeof process.stderr.write;
  });
  beforeEach(() => (stderr = []));
  afterAll(() => {
    process.stderr.write = write;
    rmSync(dir, { recursive: true, force: true });
  });

  it('rewrites the officerRef column into om-… references, keeps every other cell, and never writes a badge number', async () => {
    expect(await runCli(['pseudonymize', roster, '--key-file', key, '--out', out])).toBe(0);
    const lines = readFileSync(out, 'utf8').trimEnd().split('\n');
    expect(lines[0]).toBe('officerRef,sworn,joinedOn,separatedOn,programId,completedOn,hours');
    const refs = lines.slice(1).map((l) => l.split(',')[0]);
    expect(refs[0]).toMatch(/^om-[a-z2-7]{20}$/);
    expect(refs[0]).toBe(refs[1]); // the same officer, the same reference
    expect(refs[2]).toBe(pseudonymousRef(Buffer.from('k'.repeat(40)), '0815')); // trimmed before hashing
    expect(refs[3]).toBe(''); // empty cells stay empty
    expect(refs.filter(Boolean).every((r) => OFFICER_REF.test(r))).toBe(true); // accepted by the API
    expect(lines[2]).toBe(`${refs[1]},,,,cit,2024-05-01,40`);
    const text = readFileSync(out, 'utf8');
    for (const badge of ['4711', '0815', 'Smith']) expect(text).not.toContain(badge);
    expect(stderr.join('')).toMatch(/pseudonymized 4 of 5 rows/);
    expect(stderr.join('')).not.toContain('k'.repeat(32));
  });

  it('is deterministic for one key and different for another', () => {
    const a = Buffer.alloc(MIN_KEY_BYTES, 1);
    const b = Buffer.alloc(MIN_KEY_BYTES, 2);
    expect(pseudonymousRef(a, '4711')).toBe(pseudonymousRef(a, '4711'));
    expect(pseudonymousRef(a, '4711')).not.toBe(pseudonymousRef(b, '4711'));
    expect(pseudonymousRef(a, '4711')).not.toBe(pseudonymousRef(a, '4712'));
  });

  it('rewrites another column with --column', async () => {
    const other = join(dir, 'badge.csv');
    writeFileSync(other, 'badge,joinedOn\n4711,2015-01-01\n');
    expect(await runCli(['pseudonymize', other, '--key-file', key, '--column', 'badge', '--out', out])).toBe(
      0,
    );
    expect(readFileSync(out, 'utf8')).toBe(
      `badge,joinedOn\n${pseudonymousRef(Buffer.from('k'.repeat(40)), '4711')},2015-01-01\n`,
    );
  });

  it('refuses a key shorter than 32 bytes', async () => {
    const short = join(dir, 'short.key');
    writeFileSync(short, 'k'.repeat(31), { mode: 0o600 });
    expect(await runCli(['pseudonymize', roster, '--key-file', short, '--out', out])).toBe(2);
    expect(stderr.join('')).toMatch(/at least 32 bytes/);
  });

  it('refuses a world-readable key file', async () => {
    const open = join(dir, 'open.key');
    writeFileSync(open, 'k'.repeat(64));
    chmodSync(open, 0o644);
    expect(await runCli(['pseudonymize', roster, '--key-file', open, '--out', out])).toBe(2);
    expect(stderr.join('')).toMatch(/readable by other users.*chmod 600/);
  });

  it('refuses a CSV without the column, and --out onto the input', async () => {
    expect(await runCli(['pseudonymize', roster, '--key-file', key, '--column', 'badge', '--out', out])).toBe(
      2,
    );
    expect(stderr.join('')).toMatch(/no "badge" column/);
    expect(existsSync(out)).toBe(false);
    expect(await runCli(['pseudonymize', roster, '--key-file', key, '--out', roster])).toBe(2);
    expect(readFileSync(roster, 'utf8')).toBe(csv);
  });
});
