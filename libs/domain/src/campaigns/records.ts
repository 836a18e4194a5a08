import type { TrainingClass } from '#events';
import { recognizedOn, type Catalogue } from '../programs/catalogue.js';
import type {
  EvidenceRecord,
  OfficerRecord,
  PartnershipRecord,
  PolicyRecord,
} from '../agency/agency.state.js';

/** A practice of a practice-based campaign as the agency reported it (its latest PracticeImplemented). */
export interface PracticeRecord {
  implementedOn: string;
  evidenceIds: readonly string[];
  /** What the agency said of it (staff read it beside the evidence); absent when none. */
  note?: string;
}

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
