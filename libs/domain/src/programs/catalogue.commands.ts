import type { TrainingClass } from '#events';

/**
 * Commands on the training-programme catalogue (one stream, `training-programs`).
 * Stable error codes:
 *   program-exists (422)     ProposeTrainingProgram with a programId already proposed or recognised
 *   program-not-found (404)  RecognizeTrainingProgram of an id never proposed
 *   already-recognized (422) RecognizeTrainingProgram of a programme already recognised
 */
export interface ProposeTrainingProgram {
  type: 'ProposeTrainingProgram';
  data: { programId: string; name: string; provider: string; class: TrainingClass; hours?: number };
}
export interface RecognizeTrainingProgram {
  type: 'RecognizeTrainingProgram';
  data: { programId: string; note?: string };
}
export type CatalogueCommand = ProposeTrainingProgram | RecognizeTrainingProgram;
