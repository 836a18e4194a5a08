import { decodeProgramEvent, type ProgramEvent } from '#events';
import { unhandledCommand, type Decider, type DecisionContext } from '../decider.js';
import { DomainError } from '../errors.js';
import { evolveCatalogue, initialCatalogue, type Program } from './catalogue.js';
import type {
  CatalogueCommand,
  ProposeTrainingProgram,
  RecognizeTrainingProgram,
} from './catalogue.commands.js';

export type CatalogueState = Map<string, Program>;

/**
 * An agency proposes an equivalent programme; staff recognise it. A staff proposal is a recognition
 * at once (the role is the variant here, not an access check: who may call is the route's concern).
 * Records against a programme count from its recognition on, so recognition is dated by `now`.
 */
export function proposeTrainingProgram(
  command: ProposeTrainingProgram,
  state: CatalogueState,
  ctx: DecisionContext,
): ProgramEvent[] {
  const { programId, hours, ...rest } = command.data;
  if (state.has(programId)) {
    throw new DomainError('program-exists', `training programme ${programId} already exists`, [
      { path: 'programId', message: 'already exists' },
    ]);
  }
  const common = hours === undefined ? { programId, ...rest } : { programId, ...rest, hours };
  if (ctx.actor.role === 'staff')
    return [{ type: 'TrainingProgramRecognized', data: { ...common, recognizedAt: ctx.now } }];
  return [
    {
      type: 'TrainingProgramProposed',
      data: { ...common, proposedBy: ctx.actor.agencyId ?? ctx.actor.sub, proposedAt: ctx.now },
    },
  ];
}

export function recognizeTrainingProgram(
  command: RecognizeTrainingProgram,
  state: CatalogueState,
  ctx: DecisionContext,
): ProgramEvent[] {
  const { programId, note } = command.data;
  const program = state.get(programId);
  if (!program)
    throw new DomainError('program-not-found', `no training programme ${programId}`, [
      { path: 'programId', message: 'unknown' },
    ]);
  if (program.recognizedAt !== null)
    throw new DomainError('already-recognized', `${programId} was recognised at ${program.recognizedAt}`);
  const { recognizedAt: _r, hours, ...rest } = program;
  const data = {
    ...rest,
    ...(hours === undefined ? {} : { hours }),
    recognizedAt: ctx.now,
    ...(note === undefined ? {} : { note }),
  };
  return [{ type: 'TrainingProgramRecognized', data }];
}

export function decideCatalogue(
  command: CatalogueCommand,
  state: CatalogueState,
  ctx: DecisionContext,
): ProgramEvent[] {
  switch (command.type) {
    case 'ProposeTrainingProgram':
      return proposeTrainingProgram(command, state, ctx);
    case 'RecognizeTrainingProgram':
      return recognizeTrainingProgram(command, state, ctx);
    default:
      return unhandledCommand(command);
  }
}

/** State is the catalogue itself, seeded with the built-in programmes; it is also what agency decisions read. */
export const catalogueDecider: Decider<CatalogueCommand, ProgramEvent, CatalogueState> = {
  decode: decodeProgramEvent,
  initialState: initialCatalogue,
  evolve: evolveCatalogue,
  decide: decideCatalogue,
};
