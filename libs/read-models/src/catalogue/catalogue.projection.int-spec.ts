import type { ProgramEvent } from '#events';
import { pledged } from '#domain/testing';
import { projectionSpec } from '../testing/projection-spec.js';
import { catalogueProjection } from './catalogue.projection.js';

const spec = projectionSpec(catalogueProjection);
const proposed: ProgramEvent = {
  type: 'TrainingProgramProposed',
  data: {
    programId: 'ipr',
    name: 'IPR',
    provider: 'P',
    class: 'crisis',
    hours: 8,
    proposedBy: 'staff-1',
    proposedAt: '2025-04-01T00:00:00.000Z',
  },
};
const recognized: ProgramEvent = {
  type: 'TrainingProgramRecognized',
  data: {
    programId: 'ipr',
    name: 'IPR',
    provider: 'P',
    class: 'crisis',
    recognizedAt: '2025-05-01T00:00:00.000Z',
  },
};

describe('catalogue read model (programs)', () => {
  it('a proposal: who proposed it and when, not yet recognised', () => {
    spec
      .given([])
      .when([proposed])
      .then('programs', [
        {
          program_id: 'ipr',
          recognized_at: null,
          proposed_by: 'staff-1',
          proposed_at: '2025-04-01T00:00:00.000Z',
          position: 1,
        },
      ]);
  });

  it('a proposal, then its recognition: who proposed it and when is kept', () => {
    spec
      .given([proposed])
      .when([recognized])
      .then('programs', [
        {
          program_id: 'ipr',
          name: 'IPR',
          class: 'crisis',
          hours: null,
          recognized_at: '2025-05-01T00:00:00.000Z',
          proposed_by: 'staff-1',
          proposed_at: '2025-04-01T00:00:00.000Z',
          position: 2,
        },
      ]);
  });

  it('a programme staff entered (recognised at once) has no proposer', () => {
    spec
      .given([])
      .when([recognized])
      .then('programs', [{ program_id: 'ipr', proposed_by: null, proposed_at: null }]);
  });

  it('agency streams are not the catalogue', () => {
    spec.given([]).when([pledged()]).then('programs', []);
  });
});
