import { PROGRAM_CATALOGUE_STREAM } from '../../../../libs/events/src/index.js';
import { CatalogueWriter, type CatalogueOp } from '../../../../libs/read-models/src/index.js';
import type { DecodedEvent, Projection } from './projection.js';

/** programs: proposed and recognised training programmes (the built-in ones are seeded in code). */
export const catalogueProjection: Projection<CatalogueOp> = {
  name: 'catalogue',
  writer: (db) => new CatalogueWriter(db),
  project(e: DecodedEvent): CatalogueOp[] {
    if (e.streamId !== PROGRAM_CATALOGUE_STREAM) return [];
    const d = e.data;
    const common = { programId: d.programId, name: d.name, provider: d.provider, class: d.class, hours: d.hours ?? null };
    switch (e.type) {
      case 'TrainingProgramProposed': return [{ op: 'program', ...common, recognizedAt: null, proposedBy: d.proposedBy }];
      case 'TrainingProgramRecognized': return [{ op: 'program', ...common, recognizedAt: d.recognizedAt, proposedBy: null }];
      default: throw new Error(`catalogue projection: no handler for ${e.type}`);
    }
  },
};
