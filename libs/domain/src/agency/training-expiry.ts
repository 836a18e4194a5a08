import type { OfficerRecord } from './agency.state.js';
import type { AgencyRecords } from './agency.state.js';
import { recognizedOn, type Catalogue } from '../programs/catalogue.js';
import { swornOn } from '../campaigns/records.js';
import { addDays, daysBetween } from '../dates.js';
import type { TrainingClass } from '#events';

/**
 * When an officer's training in one programme runs out: the latest expiry of that officer's
 * records of it (a renewal moves it on), or null when one of them never expires. Shared by the
 * schedule (which keeps only this per officer and programme) and the mail (which re-checks it).
 */
export function latestExpiry(
  trainings: OfficerRecord['trainings'],
  programId: string,
): string | null | undefined {
  let latest: string | undefined;
  for (const t of trainings) {
    if (t.programId !== programId) continue;
    if (t.expiresOn === undefined) return null;
    if (latest === undefined || t.expiresOn > latest) latest = t.expiresOn;
  }
  return latest;
}

export interface ExpiringTraining {
  officerRef: string;
  programId: string;
  programName: string;
}

/**
 * The counting training records that run out on `expiresOn`, as of `today`: the officer is sworn and
 * on the roster today, the programme is recognised today (so the record counts toward the training
 * requirement), and no other record of the same programme carries the officer beyond that day.
 */
export function trainingsExpiringOn(
  records: Pick<AgencyRecords, 'officers'>,
  expiresOn: string,
  today: string,
  catalogue: Catalogue,
): ExpiringTraining[] {
  const out: ExpiringTraining[] = [];
  for (const [officerRef, officer] of records.officers) {
    if (!swornOn(officer, today)) continue;
    for (const programId of new Set(officer.trainings.map((t) => t.programId))) {
      const program = catalogue.get(programId);
      if (!program || !recognizedOn(program, today)) continue;
      if (latestExpiry(officer.trainings, programId) === expiresOn)
        out.push({ officerRef, programId, programName: program.name });
    }
  }
  return out.sort(
    (a, b) => a.officerRef.localeCompare(b.officerRef) || a.programId.localeCompare(b.programId),
  );
}

export interface WatchedTraining extends ExpiringTraining {
  class: TrainingClass;
  expiresOn: string;
  daysLeft: number;
}

/**
 * The training expiry watch (`?expiringWithinDays=N`): every counting record (as for
 * trainingsExpiringOn) whose latest expiry falls from `today` (valid through that day) to N days
 * on, soonest first, so an agency renews before its numbers drop.
 */
export function trainingsExpiringWithin(
  records: { officers: Iterable<readonly [string, OfficerRecord]> },
  today: string,
  days: number,
  catalogue: Catalogue,
): WatchedTraining[] {
  const until = addDays(today, days);
  const out: WatchedTraining[] = [];
  for (const [officerRef, officer] of records.officers) {
    if (!swornOn(officer, today)) continue;
    for (const programId of new Set(officer.trainings.map((t) => t.programId))) {
      const program = catalogue.get(programId);
      const expiresOn = latestExpiry(officer.trainings, programId);
      if (!program || !recognizedOn(program, today) || !expiresOn) continue;
      if (expiresOn < today || expiresOn > until) continue;
      const daysLeft = daysBetween(today, expiresOn);
      out.push({
        officerRef,
        programId,
        programName: program.name,
        class: program.class,
        expiresOn,
        daysLeft,
      });
    }
  }
  return out.sort(
    (a, b) =>
      a.expiresOn.localeCompare(b.expiresOn) ||
      a.officerRef.localeCompare(b.officerRef) ||
      a.programId.localeCompare(b.programId),
  );
}
