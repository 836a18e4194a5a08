import { PROGRAM_EVENT_TYPES, type ProgramEvent } from '#events';
import { onCatalogueStream, unhandled, type Projection } from '../projection.js';
import { CATALOGUE_TABLES } from './catalogue.tables.js';
import { CatalogueWriter, type CatalogueOp, cataloguePgWriter } from './catalogue.sql.js';

/** programs: proposed and recognised training programmes (the built-in ones are seeded in code). */
export function evolveCatalogue(e: ProgramEvent): CatalogueOp[] {
  const d = e.data;
  const common = {
    programId: d.programId,
    name: d.name,
    provider: d.provider,
    class: d.class,
    hours: d.hours ?? null,
  };
  switch (e.type) {
    case 'TrainingProgramProposed':
      return [
        {
          op: 'program',
          ...common,
          recognizedAt: null,
          proposedBy: e.data.proposedBy,
          proposedAt: e.data.proposedAt,
        },
      ];
    case 'TrainingProgramRecognized':
      return [
        { op: 'program', ...common, recognizedAt: e.data.recognizedAt, proposedBy: null, proposedAt: null },
      ];
    default:
      return unhandled(e);
  }
}

export const catalogueProjection: Projection<CatalogueOp> = {
  name: 'catalogue',
  tables: CATALOGUE_TABLES,
  ...onCatalogueStream(PROGRAM_EVENT_TYPES, evolveCatalogue),
  writer: (db) => new CatalogueWriter(db),
  pgWriter: cataloguePgWriter,
};
