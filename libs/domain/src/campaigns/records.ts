import type { TrainingClass } from '#events';
import { recognizedOn, type Catalogue } from '../programs/catalogue.js';
import type {
  EvidenceRecord,
  OfficerRecord,
  PartnershipRecord,
  PolicyRecord,
  PracticeRecord,
} from '../agency/agency.state.js';
// The record shapes are the agency state's; the evaluator's modules take them from here too.
export type { PracticeRecord } from '../agency/agency.state.js';

/**
 * What the evaluator reads of an agency: its records, not its lifecycle. An AgencyState is one; the
 * query side builds one from the roster rows without rebuilding a whole state. Practices and
 * evidence are optional: an agency of a training-only campaign has none to show.
 */
export interface RequirementRecords {
  partnerships: { values(): Iterable<PartnershipRecord> };
  /** Iterated in order: of two policies in effect on the same day, the later one counts. */
  policies: Iterable<[string, PolicyRecord]>;
  officers: { values(): Iterable<OfficerRecord> };
  practices?: { get(practiceId: string): PracticeRecord | undefined };
  evidence?: { values(): Iterable<Pick<EvidenceRecord, 'requirement'>> };
}

/** Only sworn officers on the roster on `date` count; non-sworn staff are reported, never counted. */
export function swornOn(officer: OfficerRecord, date: string): boolean {
  return (
    officer.sworn &&
    officer.joinedOn <= date &&
    (officer.separatedOn === undefined || officer.separatedOn > date)
  );
}

/** Classes an officer holds on `date`, from records against programmes recognised by then. */
export function classesOn(officer: OfficerRecord, date: string, catalogue: Catalogue): Set<TrainingClass> {
  const classes = new Set<TrainingClass>();
  for (const t of officer.trainings) {
    if (t.completedOn > date || (t.expiresOn !== undefined && t.expiresOn < date)) continue;
    const program = catalogue.get(t.programId);
    if (program && recognizedOn(program, date)) classes.add(program.class);
  }
  return classes;
}
