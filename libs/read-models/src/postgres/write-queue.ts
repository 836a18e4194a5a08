import type pg from 'pg';
import type { PgQueryable } from './pg-read-models.js';

/** What the queue needs of a statement (PgStatement): its `$n` text, its parameters' types, a run on its own. */
export interface QueuedStatement {
  readonly text: string;
  parameterTypes(q: PgQueryable): Promise<string[]>;
  runArgs(q: PgQueryable, args: unknown[]): Promise<unknown>;
}

interface Entry {
  statement: QueuedStatement;
  args: unknown[];
}

/**
 * One projection's writes in a batch transaction, held and sent together: the `pg` driver sends a
 * query only after the previous one's answer, so a rebuild that awaited each row's statement was
 * bound by round trips (one per row: P10 at 0.036 × its baseline). A flush sends every held
 * statement, in order, as ONE anonymous PL/pgSQL block: each statement's values as typed arrays and
 * the statement itself in a loop over them. The server still runs the statements one by one, in
 * the order the writer sent them, each seeing the ones before (an officer's training after the
 * officer's insert, a later upsert of the same row after the earlier one), with a plan made once per
 * statement per flush — the same writes as one round trip each, not a rewrite into set operations
 * whose meaning could differ.
 *
 * Any read through the queue (`query`, i.e. a statement whose rows or row count the writer needs)
 * flushes first, so the writer reads its own writes. An error of a flush names no row: the
 * projection runner then replays the share without a queue to find the event (pg-projection-runner).
 * (Sending a block without waiting for the last one's answer, to overlap the two, is what the
 * driver deprecates, and measured no gain.)
 */
export class PgWriteQueue implements PgQueryable {
  private entries: Entry[] = [];

  constructor(
    private readonly tx: PgQueryable,
    /** Held statements that trigger a flush: bounds the block's size, whatever the batch. */
    private readonly limit = 10_000,
  ) {}

  async send(statement: QueuedStatement, args: unknown[]): Promise<void> {
    this.entries.push({ statement, args });
    if (this.entries.length >= this.limit) await this.flush();
  }

  async query<R extends pg.QueryResultRow = pg.QueryResultRow>(
    text: string | pg.QueryConfig,
    values?: unknown[],
  ): Promise<pg.QueryResult<R>> {
    await this.flush();
    return this.tx.query<R>(text, values);
  }

  async flush(): Promise<void> {
    const entries = this.entries;
    if (entries.length === 0) return;
    this.entries = [];
    const block = await plpgsqlBlock(this.tx, entries);
    if (block !== null) {
      await this.tx.query(block);
      return;
    }
    // A value no literal can carry (a non-scalar; a NUL byte, which PgStatement already writes as
    // U+FFFD): each statement on its own, as before.
    for (const { statement, args } of entries) await statement.runArgs(this.tx, args);
  }
}

/**
 * The entries as one `DO` block, or null when a value cannot be written as a literal. Each distinct
 * statement appears once (planned once, whatever the count), with its values as one typed array per
 * parameter; `_s` and `_k` say, entry by entry, which statement runs next and with which values, so
 * interleaved writes (an officer, their training, the next officer) keep their order.
 */
async function plpgsqlBlock(tx: PgQueryable, entries: Entry[]): Promise<string | null> {
  const statements = new Map<QueuedStatement, { id: number; rows: unknown[][] }>();
  const which: number[] = [];
  const index: number[] = [];
  for (const { statement, args } of entries) {
    let group = statements.get(statement);
    if (!group) statements.set(statement, (group = { id: statements.size, rows: [] }));
    group.rows.push(args);
    which.push(group.id);
    index.push(group.rows.length);
  }
  const declarations = [`_s integer[] := '{${which.join(',')}}';`, `_k integer[] := '{${index.join(',')}}';`];
  const branches: string[] = [];
  for (const [statement, { id: s, rows }] of statements) {
    const types = await statement.parameterTypes(tx);
    // An array parameter would need an array of arrays: such a statement runs on its own.
    if (types.some((t) => t.endsWith(']'))) return null;
    for (let p = 0; p < types.length; p++) {
      const literals: string[] = [];
      for (const args of rows) {
        const literal = sqlLiteral(args[p]);
        if (literal === null) return null;
        literals.push(literal);
      }
      declarations.push(`_v${s}_${p + 1} ${types[p]}[] := ARRAY[${literals.join(',')}]::${types[p]}[];`);
    }
    const body = statement.text.replace(/\$(\d+)\b/g, (_, n: string) => `_v${s}_${n}[_k[_i]]`);
    branches.push(`WHEN ${s} THEN ${body};`);
  }
  const text = `DECLARE ${declarations.join('\n')}
BEGIN FOR _i IN 1..${entries.length} LOOP CASE _s[_i] ${branches.join('\n')} END CASE; END LOOP; END`;
  // A dollar-quote tag that no value contains.
  let n = 0;
  while (text.includes(`$rm${n}$`)) n += 1;
  return `DO $rm${n}$ ${text} $rm${n}$`;
}

/**
 * A value as a quoted literal (NULL for null): cast to its parameter's type by the declaration, as
 * the server casts a parameter's text. null when it cannot be written: a NUL byte (no query string
 * carries one) or a value that is not a scalar.
 */
export function sqlLiteral(value: unknown): string | null {
  if (value === null || value === undefined) return 'NULL';
  if (
    typeof value !== 'string' &&
    typeof value !== 'number' &&
    typeof value !== 'bigint' &&
    typeof value !== 'boolean'
  )
    return null;
  const s = String(value);
  if (s.includes('\u0000')) return null;
  const quoted = `'${s.replace(/'/g, "''")}'`;
  // E'' reads the same whatever standard_conforming_strings says.
  return s.includes('\\') ? `E${quoted.replace(/\\/g, '\\\\')}` : quoted;
}
