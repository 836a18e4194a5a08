import type { AgencyState, OfficerRecord } from './agency.state.js';
import type { RosterImport, RowError } from './roster-import.js';

type Join = RosterImport['joins'][number];
type Separation = RosterImport['separations'][number];
type Training = RosterImport['trainings'][number];

/** What a diff leaves to decide: the rows that say something new, and the rows in conflict. */
export interface Diff<T> {
  fresh: T[];
  conflicts: RowError[];
}

/**
 * An agency uploads its whole roster every month, so most rows repeat what the log already holds.
 * A row part is UNCHANGED when everything it states is already recorded: it becomes nothing. It is
 * NEW when it states what an event can add (an officer never seen, a re-joining after a recorded
 * separation, a separation, a training record): it goes through the usual rules. It is a CONFLICT
 * when it contradicts what is recorded and no event could reconcile the two (a moved joining or
 * separation date, a changed sworn flag, other hours for the same class): correcting history is a
 * decision for a person, not for a monthly file, so the row is named and nothing is imported.
 * The same part given twice in one file is unchanged the second time; given twice differently, the
 * second one is a conflict.
 */
export function diffJoins(joins: Join[], state: AgencyState, separating: ReadonlySet<string>): Diff<Join> {
  const fresh: Join[] = [];
  const conflicts: RowError[] = [];
  const seen = new Map<string, Join>();
  for (const join of joins) {
    const earlier = seen.get(join.officerRef);
    const clash = earlier
      ? sameJoin(earlier, join)
        ? null
        : {
            field: earlier.joinedOn === join.joinedOn ? 'sworn' : 'joinedOn',
            message: `row ${earlier.row} already gives ${describeJoin(earlier)}; this row gives ${describeJoin(join)} (a file gives one stint per officer, the latest)`,
          }
      : joinConflict(join, state.officers.get(join.officerRef), separating.has(join.officerRef));
    if (clash === undefined) fresh.push(join);
    else if (clash !== null)
      conflicts.push(conflict(join.row, clash.field, `${join.officerRef}: ${clash.message}`));
    if (!earlier) seen.set(join.officerRef, join);
  }
  return { fresh, conflicts };
}

/** undefined: new (an OfficerJoined); null: unchanged; otherwise the conflict, in words. */
function joinConflict(
  join: Join,
  officer: OfficerRecord | undefined,
  fileSeparates: boolean,
): { field: string; message: string } | null | undefined {
  if (!officer) return undefined;
  const { joinedOn, separatedOn } = officer;
  if (join.joinedOn === joinedOn) {
    if (join.sworn !== officer.sworn)
      return {
        field: 'sworn',
        message: `the roster holds this officer as ${officer.sworn ? 'sworn' : 'not sworn'} since ${joinedOn}; an import cannot change it`,
      };
    // The same stint, already ended: the file must say so too (in this row or another); an import
    // does not undo a separation.
    if (separatedOn !== undefined && !fileSeparates)
      return {
        field: 'separatedOn',
        message: `the roster records a separation on ${separatedOn} for the stint from ${joinedOn}, which the file does not give; an import cannot undo a separation`,
      };
    return null;
  }
  if (separatedOn === undefined)
    return {
      field: 'joinedOn',
      message: `on the roster since ${joinedOn}, not ${join.joinedOn}; an import cannot move a joining date (a new stint needs the separation first)`,
    };
  // Joining again after the recorded separation is a new stint; before it, it rewrites the old one.
  if (join.joinedOn >= separatedOn) return undefined;
  return {
    field: 'joinedOn',
    message: `the roster records a stint from ${joinedOn} to ${separatedOn}; joining again needs a date on or after ${separatedOn}, not ${join.joinedOn}`,
  };
}

export function diffSeparations(separations: Separation[], state: AgencyState): Diff<Separation> {
  const fresh: Separation[] = [];
  const conflicts: RowError[] = [];
  const seen = new Map<string, Separation>();
  for (const s of separations) {
    const earlier = seen.get(s.officerRef);
    const recorded = state.officers.get(s.officerRef)?.separatedOn;
    if (earlier) {
      if (earlier.separatedOn !== s.separatedOn)
        conflicts.push(
          conflict(
            s.row,
            'separatedOn',
            `${s.officerRef}: row ${earlier.row} already gives separatedOn ${earlier.separatedOn}; this row gives ${s.separatedOn}`,
          ),
        );
      continue;
    }
    seen.set(s.officerRef, s);
    // Not on file, or on the roster now: a separation to decide (the rules name who is not on the roster).
    if (recorded === undefined) fresh.push(s);
    else if (recorded !== s.separatedOn)
      conflicts.push(
        conflict(
          s.row,
          'separatedOn',
          `${s.officerRef}: the roster records a separation on ${recorded}, not ${s.separatedOn}; an import cannot move a separation date`,
        ),
      );
  }
  return { fresh, conflicts };
}

/**
 * A training record is one officer's class of one programme on one date. Hours are part of what a
 * row states only when it gives them: an export without an hours column repeats the same records.
 * A new record given twice in one file is recorded once, with the hours either row gives.
 */
export function diffTrainings(trainings: Training[], state: AgencyState): Diff<Training> {
  const fresh: Training[] = [];
  const conflicts: RowError[] = [];
  // The new records of each ref as a chain through `fresh` (first index per ref, then `next`), and
  // the row that gave each one's hours: numbers only, no key strings or objects per row — the diff of
  // a 32,300-officer file stays a small part of its import.
  const firstOf = new Map<string, number>();
  const next: number[] = [];
  const hoursRow: number[] = [];
  for (const t of trainings) {
    const recorded = state.officers.get(t.officerRef)?.trainings.find((r) => sameClass(r, t));
    if (recorded) {
      if (t.hours !== undefined && recorded.hours !== t.hours)
        conflicts.push(
          conflict(
            t.row,
            'hours',
            `${t.officerRef}: the roster records this ${t.programId} class of ${t.completedOn} with ${hoursText(recorded.hours)}, not ${t.hours}; an import cannot change a training record`,
          ),
        );
      continue;
    }
    let i = firstOf.get(t.officerRef) ?? -1;
    let last = -1;
    while (i !== -1 && !sameClass(fresh[i], t)) {
      last = i;
      i = next[i];
    }
    if (i === -1) {
      if (last === -1) firstOf.set(t.officerRef, fresh.length);
      else next[last] = fresh.length;
      fresh.push(t);
      next.push(-1);
      hoursRow.push(t.row);
      continue;
    }
    const first = fresh[i];
    if (t.hours === undefined || first.hours === t.hours) continue;
    if (first.hours === undefined) {
      fresh[i] = { ...first, hours: t.hours };
      hoursRow[i] = t.row;
    } else
      conflicts.push(
        conflict(
          t.row,
          'hours',
          `${t.officerRef}: row ${hoursRow[i]} already gives this ${t.programId} class of ${t.completedOn} with ${hoursText(first.hours)}; this row gives ${hoursText(t.hours)}`,
        ),
      );
  }
  return { fresh, conflicts };
}

const sameClass = (
  a: { programId: string; completedOn: string },
  b: { programId: string; completedOn: string },
) => a.programId === b.programId && a.completedOn === b.completedOn;
const sameJoin = (a: Join, b: Join) => a.joinedOn === b.joinedOn && a.sworn === b.sworn;
const describeJoin = (j: Join) => `joinedOn ${j.joinedOn}, ${j.sworn ? 'sworn' : 'not sworn'}`;
const hoursText = (h: number | undefined) => (h === undefined ? 'no hours' : `${h} hours`);

const conflict = (row: number, field: string, message: string): RowError => ({
  path: `row ${row}`,
  message: `${field}: ${message}`,
  code: 'roster-conflict',
});
