import type Database from 'better-sqlite3';
import type { Program } from '#domain';
import type { EventStamp } from '../projection.js';

export type CatalogueOp = {
  op: 'program';
  programId: string;
  name: string;
  provider: string;
  class: string;
  hours: number | null;
  recognizedAt: string | null;
  proposedBy: string | null;
};

/** The training-programme catalogue as projected from the `training-programs` stream. */
export class CatalogueWriter {
  private readonly upsert;

  constructor(db: Database.Database) {
    this.upsert = db.prepare(
      `INSERT INTO programs (program_id, name, provider, class, hours, recognized_at, proposed_by, position)
       VALUES (@programId, @name, @provider, @class, @hours, @recognizedAt, @proposedBy, @position)
       ON CONFLICT DO UPDATE SET name = excluded.name, provider = excluded.provider, class = excluded.class, hours = excluded.hours,
         recognized_at = excluded.recognized_at, proposed_by = COALESCE(excluded.proposed_by, programs.proposed_by),
         position = excluded.position WHERE programs.position < excluded.position`,
    );
  }

  apply(op: CatalogueOp, at: EventStamp): void {
    const { op: _op, ...params } = op;
    this.upsert.run({ ...params, position: at.position });
  }
}

export class CatalogueReader {
  private readonly all;

  constructor(db: Database.Database) {
    this.all = db.prepare(
      'SELECT program_id, name, provider, class, hours, recognized_at FROM programs ORDER BY position',
    );
  }

  /** Programmes from the log, in log order, to be laid over the built-in ones (initialCatalogue). */
  programs(): Program[] {
    return (
      this.all.all() as {
        program_id: string;
        name: string;
        provider: string;
        class: Program['class'];
        hours: number | null;
        recognized_at: string | null;
      }[]
    ).map((r) => ({
      programId: r.program_id,
      name: r.name,
      provider: r.provider,
      class: r.class,
      ...(r.hours === null ? {} : { hours: r.hours }),
      recognizedAt: r.recognized_at,
    }));
  }
}
