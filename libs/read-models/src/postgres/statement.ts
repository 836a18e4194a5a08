import { createHash, randomBytes } from 'node:crypto';
import type pg from 'pg';
import { readModelTables } from './ddl.js';
import type { PgQueryable } from './pg-read-models.js';
import { PgWriteQueue } from './write-queue.js';

/**
 * An SQL statement written for SQLite with `@name` parameters (the writers' own text), sent to
 * PostgreSQL as a named prepared statement with `$n` parameters: parsed and planned once per
 * connection. bigint values go as text (exact). The few SQLite forms the writers use are
 * translated (translateForPostgres), so each read model's SQL is written once.
 */
export class PgStatement {
  private readonly name: string;
  readonly text: string;
  private readonly params: string[] = [];

  constructor(sql: string) {
    const translated = /^\s*SELECT\b/i.test(sql) ? translateReadForPostgres(sql) : translateForPostgres(sql);
    let positional = 0;
    this.text = translated.replace(/@([A-Za-z_][A-Za-z0-9_]*)|\?/g, (match, param: string | undefined) => {
      // `?` parameters are taken in order from an array of values; `@name` ones from an object.
      const key = param ?? String(positional++);
      let i = this.params.indexOf(key);
      if (i < 0) i = this.params.push(key) - 1;
      return `$${i + 1}`;
    });
    this.name = `rm_${createHash('sha256').update(this.text).digest('hex').slice(0, 24)}`;
  }

  run<R extends pg.QueryResultRow = pg.QueryResultRow>(
    q: PgQueryable,
    values: object | unknown[] = {},
  ): Promise<pg.QueryResult<R>> {
    return this.runArgs<R>(q, this.args(values));
  }

  /**
   * A write whose result the writer does not read: held by a PgWriteQueue (sent with the batch's
   * other writes in one round trip), run at once on anything else.
   */
  async send(q: PgQueryable, values: object | unknown[] = {}): Promise<void> {
    if (q instanceof PgWriteQueue) await q.send(this, this.args(values));
    else await this.runArgs(q, this.args(values));
  }

  runArgs<R extends pg.QueryResultRow = pg.QueryResultRow>(
    q: PgQueryable,
    args: unknown[],
  ): Promise<pg.QueryResult<R>> {
    return q.query<R>({ name: this.name, text: this.text, values: args });
  }

  /**
   * The types the server gives the `$n` parameters (what a PgWriteQueue declares its arrays as),
   * asked once per process: every generation schema has the same tables.
   */
  async parameterTypes(q: PgQueryable): Promise<string[]> {
    if (this.types) return this.types;
    // A name of its own: a session that lost a DEALLOCATE (an error between the two) can still ask.
    const name = `${this.name}_t${randomBytes(4).toString('hex')}`;
    const results = (await q.query(
      `PREPARE ${name} AS ${this.text}; SELECT parameter_types::text[] AS types FROM pg_prepared_statements
       WHERE name = '${name}'; DEALLOCATE ${name}`,
    )) as unknown as pg.QueryResult<{ types: string[] }>[];
    return (this.types = results[1].rows[0].types);
  }

  private types: string[] | null = null;

  private args(values: object | unknown[]): unknown[] {
    const bag = values as Record<string, unknown>;
    return this.params.map((p) => {
      if (!(p in bag)) throw new Error(`statement ${this.name}: no value for @${p}`);
      const v = bag[p];
      if (typeof v === 'bigint') return v.toString();
      // PostgreSQL text cannot hold NUL (SQLite's can): an old event's (G8 refuses new ones) is stored
      // as U+FFFD instead of stopping the projection; output turns control characters to spaces anyway.
      return typeof v === 'string' && v.includes('\0') ? v.replaceAll('\0', '\ufffd') : v;
    });
  }
}

/**
 * SQLite's forms in the writers, as PostgreSQL has them:
 * - `INSERT OR IGNORE INTO t …` is `INSERT INTO t … ON CONFLICT DO NOTHING`;
 * - `ON CONFLICT DO UPDATE` without a target names the table's primary key (PostgreSQL needs one);
 * - in `INSERT INTO t (columns) SELECT @a, …` a bare parameter is cast to its column's type
 *   (PostgreSQL types an untyped parameter in a select list as text, and text is not assigned to
 *   an integer column; in VALUES the column gives the type).
 */
export function translateForPostgres(sql: string): string {
  const insert =
    /INSERT\s+(OR\s+IGNORE\s+)?INTO\s+(\w+)\s*\(([^)]*)\)(\s*SELECT\s+([\s\S]*?)\s+(?:FROM|WHERE)\b)?/i.exec(
      sql,
    );
  if (!insert) return sql;
  const [whole, orIgnore, table, columnList, selectClause, selectList] = insert;
  const shape = readModelTables().get(table);
  if (!shape) throw new Error(`no read-model table ${table}`);
  let head = `INSERT INTO ${table} (${columnList})`;
  if (selectClause) {
    const columns = columnList.split(',').map((c) => c.trim());
    const items = selectList.split(',').map((item, i) => {
      const param = /^\s*@(\w+)\s*$/.exec(item);
      const type = shape.types.get(columns[i]);
      return param && type ? item.replace(`@${param[1]}`, `CAST(@${param[1]} AS ${type})`) : item;
    });
    head += selectClause.replace(selectList, items.join(','));
  }
  let text = sql.replace(whole, head);
  if (orIgnore && !/ON\s+CONFLICT/i.test(text)) text = `${text.trimEnd()} ON CONFLICT DO NOTHING`;
  return text.replace(
    /ON\s+CONFLICT\s+DO\s+UPDATE/i,
    `ON CONFLICT (${shape.primaryKey.join(', ')}) DO UPDATE`,
  );
}

/**
 * A reader's SQLite SELECT as PostgreSQL runs it with the same answer: camelCase aliases quoted
 * (PostgreSQL folds unquoted names to lower case; `agency_id AS agencyId` must stay `agencyId`),
 * wherever the statement names them; `LIKE` as `ILIKE` (SQLite's LIKE ignores ASCII case);
 * `COUNT(*)` as an integer (int8 would come back as a bigint, SQLite's count is a number).
 */
export function translateReadForPostgres(sql: string): string {
  const aliases = new Set(
    [...sql.matchAll(/\bAS\s+([A-Za-z_]\w*)/gi)]
      .map((m) => m[1])
      .filter((a) => /[a-z]/.test(a) && /[A-Z]/.test(a)),
  );
  let text = sql;
  for (const alias of aliases)
    text = text.replace(new RegExp(`(?<![@"\\w.$])${alias}(?!["\\w])`, 'g'), `"${alias}"`);
  return text.replace(/\bLIKE\b/g, 'ILIKE').replace(/COUNT\(\*\)/gi, 'CAST(COUNT(*) AS integer)');
}
