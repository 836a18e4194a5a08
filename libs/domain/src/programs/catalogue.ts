import type { ProgramEvent, TrainingClass } from '#events';

export interface Program {
  programId: string;
  name: string;
  provider: string;
  class: TrainingClass;
  hours?: number;
  /** Instant of recognition; null while only proposed. Records count from this moment on. */
  recognizedAt: string | null;
}

export type Catalogue = ReadonlyMap<string, Program>;

/** Recognised since before the campaign began, so every record against them counts. */
const ALWAYS = '1970-01-01T00:00:00.000Z';

export const BUILT_IN_PROGRAMS: readonly Program[] = [
  {
    programId: 'cit',
    name: 'Crisis Intervention Team training (Memphis model)',
    provider: 'CIT International',
    class: 'crisis',
    hours: 40,
    recognizedAt: ALWAYS,
  },
  {
    programId: 'crit',
    name: 'Crisis Response and Intervention Training',
    provider: 'Informed Police Responses',
    class: 'crisis',
    hours: 40,
    recognizedAt: ALWAYS,
  },
  {
    programId: 'mhfa-public-safety',
    name: 'Mental Health First Aid for Public Safety',
    provider: 'National Council for Mental Wellbeing',
    class: 'awareness',
    hours: 8,
    recognizedAt: ALWAYS,
  },
  {
    programId: 'mhfa',
    name: 'Mental Health First Aid',
    provider: 'National Council for Mental Wellbeing',
    class: 'awareness',
    hours: 8,
    recognizedAt: ALWAYS,
  },
];

export function initialCatalogue(): Map<string, Program> {
  return new Map(BUILT_IN_PROGRAMS.map((p) => [p.programId, { ...p }]));
}

export function evolveCatalogue(state: Map<string, Program>, event: ProgramEvent): Map<string, Program> {
  const next = new Map(state);
  switch (event.type) {
    case 'TrainingProgramProposed': {
      const { programId, name, provider, hours } = event.data;
      next.set(programId, { programId, name, provider, class: event.data.class, hours, recognizedAt: null });
      return next;
    }
    case 'TrainingProgramRecognized': {
      const { programId, name, provider, hours, recognizedAt } = event.data;
      next.set(programId, { programId, name, provider, class: event.data.class, hours, recognizedAt });
      return next;
    }
  }
}

/** A programme counts on `date` if it was recognised on or before that calendar date. */
export function recognizedOn(program: Program | undefined, date: string): boolean {
  return !!program && program.recognizedAt !== null && program.recognizedAt.slice(0, 10) <= date;
}
