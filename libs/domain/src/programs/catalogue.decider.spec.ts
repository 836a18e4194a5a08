import { catalogueDecider } from './catalogue.decider.js';
import { deciderSpec } from '../testing/decider-spec.js';
import type { DecisionContext } from '../decider.js';
import type { ProgramEvent, Role } from '#events';
import type { ProposeTrainingProgram } from './catalogue.commands.js';

const spec = deciderSpec(catalogueDecider);
const ctx = (role: Role): DecisionContext => ({
  now: '2025-04-01T09:00:00.000Z',
  actor: { sub: 'u7', role, agencyId: role === 'agency' ? 'tx-temple-pd' : undefined },
  random: { id: () => 'id-1', verificationCode: () => 'CODE' },
});
const program = {
  programId: 'tcole-cit',
  name: 'TCOLE Crisis Intervention Training',
  provider: 'TCOLE',
  class: 'crisis' as const,
  hours: 40,
};
const propose = (data = program): ProposeTrainingProgram => ({ type: 'ProposeTrainingProgram', data });
const proposed: ProgramEvent = {
  type: 'TrainingProgramProposed',
  data: { ...program, proposedBy: 'tx-temple-pd', proposedAt: '2025-03-01T00:00:00.000Z' },
};

describe('ProposeTrainingProgram', () => {
  it('an agency proposes an equivalent programme', () => {
    spec
      .given([])
      .when(propose(), ctx('agency'))
      .then([
        {
          type: 'TrainingProgramProposed',
          data: { ...program, proposedBy: 'tx-temple-pd', proposedAt: '2025-04-01T09:00:00.000Z' },
        },
      ]);
  });
  it('staff proposing recognise it at once', () => {
    spec
      .given([])
      .when(propose(), ctx('staff'))
      .then([
        { type: 'TrainingProgramRecognized', data: { ...program, recognizedAt: '2025-04-01T09:00:00.000Z' } },
      ]);
  });
  it('refuses an id that exists, proposed or built in', () => {
    spec.given([proposed]).when(propose(), ctx('agency')).thenThrows('program-exists');
    spec
      .given([])
      .when(propose({ ...program, programId: 'cit' }), ctx('staff'))
      .thenThrows('program-exists');
  });
});

describe('RecognizeTrainingProgram', () => {
  it('recognises a proposed programme from now on', () => {
    spec
      .given([proposed])
      .when(
        { type: 'RecognizeTrainingProgram', data: { programId: 'tcole-cit', note: 'TCOLE 40 h course' } },
        ctx('staff'),
      )
      .then([
        {
          type: 'TrainingProgramRecognized',
          data: { ...program, recognizedAt: '2025-04-01T09:00:00.000Z', note: 'TCOLE 40 h course' },
        },
      ]);
  });
  it('answers 404 for an unknown programme and 422 for one already recognised', () => {
    spec
      .given([])
      .when({ type: 'RecognizeTrainingProgram', data: { programId: 'nope' } }, ctx('staff'))
      .thenThrows('program-not-found');
    spec
      .given([])
      .when({ type: 'RecognizeTrainingProgram', data: { programId: 'mhfa' } }, ctx('staff'))
      .thenThrows('already-recognized');
  });
});
