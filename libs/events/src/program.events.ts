import type { TrainingClass } from './agency.events.js';

/** Events of the training-programme catalogue, one stream for the whole campaign. */
export interface TrainingProgramProposedData {
  programId: string;
  name: string;
  provider: string;
  class: TrainingClass;
  hours?: number;
  proposedBy: string;
  proposedAt: string;
}
export interface TrainingProgramRecognizedData {
  programId: string;
  name: string;
  provider: string;
  class: TrainingClass;
  hours?: number;
  recognizedAt: string;
  note?: string;
}
export interface ProgramEventMap {
  TrainingProgramProposed: TrainingProgramProposedData;
  TrainingProgramRecognized: TrainingProgramRecognizedData;
}
export type ProgramEventType = keyof ProgramEventMap;
export type ProgramEvent = {
  [K in ProgramEventType]: { type: K; data: ProgramEventMap[K] };
}[ProgramEventType];

/** The current schema version of each programme event type (see AGENCY_SCHEMA_VERSIONS). */
export const PROGRAM_SCHEMA_VERSIONS: Readonly<Record<ProgramEventType, number>> = {
  TrainingProgramProposed: 1,
  TrainingProgramRecognized: 1,
};

export const PROGRAM_EVENT_TYPES = Object.keys(PROGRAM_SCHEMA_VERSIONS) as ProgramEventType[];
