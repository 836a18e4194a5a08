import type Database from 'better-sqlite3';
import type pg from 'pg';
import type { Program } from '#domain';
import { atPosition, type EventStamp } from '../projection.js';
import { pgRead, pgStatementWriter } from '../postgres/pg-writer.js';
import type { PgQueryable } from '../postgres/pg-read-models.js';

export type CatalogueOp = {
  op: 'program';
  programId: string;
  name: string;
  provider: string;
  class: string;
  hours: number | null;
  recognizedAt: string | null;
  proposedBy: string | null;
  proposedAt: string | null;
};

/** A programme on the log as the catalogue listing shows it (GET /v1/training-programs). */
export interface ListedProgram extends Program {
  /** The agency that proposed it; null when staff entered it (recognised at once). */
  proposedBy: string | null;
  proposedAt: string | null;
}

/** A recognition carries no proposer: the proposal's `proposed_by`/`proposed_at` stay. */
const CATALOGUE_SQL: Record<CatalogueOp['op'], string> = {
  program: `INSERT INTO programs (program_id, name, provider, class, hours, recognized_at, proposed_by, proposed_at, position)
       VALUES (@programId, @name, @provider, @class, @hours, @recognizedAt, @proposedBy, @proposedAt, @position)
       ON CONFLICT DO UPDATE SET name = excluded.name, provider = excluded.provider, class = excluded.class, hours = excluded.hours,
         recognized_at = excluded.recognized_at, proposed_by = COALESCE(excluded.proposed_by, programs.proposed_by),
         proposed_at = COALESCE(excluded.proposed_at, programs.proposed_at),
         position = excluded.position WHERE programs.position < excluded.position`,
};

/** The training-programme catalogue as projected from the `training-programs` stream. */
export class CatalogueWriter {
  private readonly upsert;

  constructor(db: Database.Database) {
    this.upsert = db.prepare(CATALOGUE_SQL.program);
  }

  apply(op: CatalogueOp, at: EventStamp): void {
    this.upsert.run(atPosition(op, at));
  }
}

/** CatalogueWriter on PostgreSQL. */
export const cataloguePgWriter = pgStatementWriter<CatalogueOp>(CATALOGUE_SQL);

interface ProgramRow {
  program_id: string;
  name: string;
  provider: string;
  class: Program['class'];
  hours: number | null;
  recognized_at: string | null;
  proposed_by: string | null;
  proposed_at: string | null;
}

const PROGRAMS_SQL = `SELECT program_id, name, provider, class, hours, recognized_at, proposed_by, proposed_at
       FROM programs ORDER BY position`;

const toListed = (r: ProgramRow): ListedProgram => ({
  ...toProgram(r),
  proposedBy: r.proposed_by,
  proposedAt: r.proposed_at,
});

/** CatalogueReader on PostgreSQL (a pool on the live generation). */
export const cataloguePgReader = {
  async programs(q: PgQueryable): Promise<Program[]> {
    return (await pgRead(PROGRAMS_SQL).run<ProgramRow & pg.QueryResultRow>(q)).rows.map(toProgram);
  },
  async listed(q: PgQueryable): Promise<ListedProgram[]> {
    return (await pgRead(PROGRAMS_SQL).run<ProgramRow & pg.QueryResultRow>(q)).rows.map(toListed);
  },
};

export class CatalogueReader {
  private readonly all;

  constructor(db: Database.Database) {
    this.all = db.prepare(PROGRAMS_SQL);
  }

  /** Programmes from the log, in log order, to be laid over the built-in ones (initialCatalogue). */
  programs(): Program[] {
    return this.rows().map(toProgram);
  }

  /** The same, with who proposed each and when (the listing). */
  listed(): ListedProgram[] {
    return this.rows().map(toListed);
  }

  private rows(): ProgramRow[] {
    return this.all.all() as ProgramRow[];
  }
}

function toProgram(r: ProgramRow): Program {
  return {
    programId: r.program_id,
    name: r.name,
    provider: r.provider,
    class: r.class,
    ...(r.hours === null ? {} : { hours: r.hours }),
    recognizedAt: r.recognized_at,
  };
}
