import { createHash } from 'node:crypto';
import type pg from 'pg';
import type { PgQueryable } from './pg-read-models.js';

/**
 * An SQL statement written with SQLite's `@name` parameters (as the SQLite writers are), sent to
 * PostgreSQL as a named prepared statement with `$n` parameters: parsed and planned once per
 * connection. bigint values go as text (exact); undefined as NULL, as better-sqlite3 would refuse
 * rather than guess (the ops name every parameter they use).
 */
export class PgStatement {
  private readonly name: string;
  private readonly text: string;
  private readonly params: string[] = [];

  constructor(sql: string) {
    this.text = sql.replace(/@([A-Za-z_][A-Za-z0-9_]*)/g, (_, param: string) => {
      let i = this.params.indexOf(param);
      if (i < 0) i = this.params.push(param) - 1;
      return `$${i + 1}`;
    });
    this.name = `rm_${createHash('sha256').update(this.text).digest('hex').slice(0, 24)}`;
  }

  run<R extends pg.QueryResultRow = pg.QueryResultRow>(
    q: PgQueryable,
    values: object,
  ): Promise<pg.QueryResult<R>> {
    const bag = values as Record<string, unknown>;
    const args = this.params.map((p) => {
      if (!(p in bag)) throw new Error(`statement ${this.name}: no value for @${p}`);
      const v = bag[p];
      return typeof v === 'bigint' ? v.toString() : v;
    });
    return q.query<R>({ name: this.name, text: this.text, values: args });
  }
}
