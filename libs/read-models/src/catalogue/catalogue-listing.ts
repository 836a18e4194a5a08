import type Database from 'better-sqlite3';
import { BUILT_IN_PROGRAMS } from '#domain';
import type { TrainingClass } from '#events';
import { CatalogueReader, cataloguePgReader, type ListedProgram } from './catalogue.sql.js';
import type { PgQueryable } from '../postgres/pg-read-models.js';

export const PROGRAM_STATUSES = ['recognized', 'proposed'] as const;
export type ProgramStatus = (typeof PROGRAM_STATUSES)[number];

/** One programme as GET /v1/training-programs lists it. */
export interface CatalogueEntry {
  programId: string;
  name: string;
  provider: string;
  class: TrainingClass;
  hours?: number;
  status: ProgramStatus;
  /** Shipped with the engine (recognised since before the campaign); never on the log. */
  builtIn: boolean;
  /** Null while proposed, and for the built-in programmes (they count whatever the date). */
  recognizedAt: string | null;
  /** The agency that proposed it; null for the built-in ones and those staff entered themselves. */
  proposedBy: string | null;
  proposedAt: string | null;
}

/**
 * The catalogue agencies pick programme ids from: the built-in programmes first, then the log's in
 * the order they last changed, filtered by status when one is given.
 */
export function listCatalogue(db: Database.Database, status?: ProgramStatus): CatalogueEntry[] {
  return catalogueOf(new CatalogueReader(db).listed(), status);
}

/** listCatalogue on PostgreSQL. */
export async function listCataloguePg(q: PgQueryable, status?: ProgramStatus): Promise<CatalogueEntry[]> {
  return catalogueOf(await cataloguePgReader.listed(q), status);
}

function catalogueOf(listed: ListedProgram[], status?: ProgramStatus): CatalogueEntry[] {
  const builtIn: CatalogueEntry[] = BUILT_IN_PROGRAMS.map((p) => ({
    programId: p.programId,
    name: p.name,
    provider: p.provider,
    class: p.class,
    ...(p.hours === undefined ? {} : { hours: p.hours }),
    status: 'recognized',
    builtIn: true,
    recognizedAt: null,
    proposedBy: null,
    proposedAt: null,
  }));
  const logged: CatalogueEntry[] = listed.map((p) => ({
    programId: p.programId,
    name: p.name,
    provider: p.provider,
    class: p.class,
    ...(p.hours === undefined ? {} : { hours: p.hours }),
    status: p.recognizedAt === null ? 'proposed' : 'recognized',
    builtIn: false,
    recognizedAt: p.recognizedAt,
    proposedBy: p.proposedBy,
    proposedAt: p.proposedAt,
  }));
  const all = [...builtIn, ...logged];
  return status === undefined ? all : all.filter((p) => p.status === status);
}
