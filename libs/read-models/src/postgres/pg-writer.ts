import { atPosition, type EventStamp, type PgWriter } from '../projection.js';
import type { PgQueryable } from './pg-read-models.js';
import { PgStatement } from './statement.js';

/**
 * The PostgreSQL writer of a read model whose every op is one statement run with the op's own
 * fields (and the event's position): the SQLite writer's SQL, keyed by op, translated once
 * (lazily: a process on SQLite never builds them).
 */
export function pgStatementWriter<Op extends { op: string }>(
  sql: Record<Op['op'], string>,
): (tx: PgQueryable) => PgWriter<Op> {
  let statements: Record<string, PgStatement> | null = null;
  return (tx) => ({
    async apply(op: Op, at: EventStamp) {
      statements ??= Object.fromEntries(Object.entries<string>(sql).map(([k, v]) => [k, new PgStatement(v)]));
      await statements[op.op].send(tx, atPosition(op, at));
    },
  });
}

/** A statement built on first use (translation reads the schema; SQLite-only processes never pay it). */
export function lazyStatement(sql: string): Pick<PgStatement, 'run' | 'send'> {
  let statement: PgStatement | null = null;
  return {
    run: (q, values) => (statement ??= new PgStatement(sql)).run(q, values),
    send: (q, values) => (statement ??= new PgStatement(sql)).send(q, values),
  };
}

const reads = new Map<string, PgStatement>();
/** A reader's statement (its SQLite text), translated once per text and kept. */
export function pgRead(sql: string): PgStatement {
  let statement = reads.get(sql);
  if (!statement) reads.set(sql, (statement = new PgStatement(sql)));
  return statement;
}
