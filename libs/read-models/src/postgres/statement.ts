import { createHash } from 'node:crypto';
import type pg from 'pg';
import { readModelTables } from './ddl.js';
import type { PgQueryable } from './pg-read-models.js';

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
    const bag = values as Record<string, unknown>;
    const args = this.params.map((p) => {
      if (!(p in bag)) throw new Error(`statement ${this.name}: no value for @${p}`);
      const v = bag[p];
      if (typeof v === 'bigint') return v.toString();
      // PostgreSQL text cannot hold NUL (SQLite's can): an old event's (G8 refuses new ones) is stored
      // as U+FFFD instead of stopping the projection; output turns control characters to spaces anyway.
      return typeof v === 'string' && v.includes('\0') ? v.replaceAll('\0', '\ufffd') : v;
    });
    return q.query<R>({ name: this.name, text: this.text, values: args });
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
