import type { AgencyEvent } from '#events';
import { DomainError } from '../errors.js';
import {
  MAX_BATCH,
  type AddOfficers,
  type AgencyCommand,
  type RecordTraining,
  type SeparateOfficers,
} from './agency.commands.js';
import type { AgencyDecisionContext } from './agency.context.js';
import { decideAgency } from './agency.decider.js';
import { evolveAgency } from './agency.evolve.js';
import type { AgencyState } from './agency.state.js';
import { diffJoins, diffSeparations, diffTrainings, type Diff } from './roster-diff.js';
import type { RosterImport, RowError } from './roster-import.js';

export type { RosterImport, RowError } from './roster-import.js';

/**
 * A whole roster import decided as one: joins, then trainings, then separations (a full export
 * lists a departed officer with the classes taken while serving, which need the officer on the
 * roster; a file may hold both the joining and the leaving of one person). Each kind is
 * first diffed against what the roster already holds (roster-diff.ts: a re-uploaded full export
 * is mostly unchanged rows, which become nothing), then what is new goes through the same bulk
 * commands (and rules) as the JSON endpoints, in chunks of MAX_BATCH on the evolving state. All
 * rows or none: every bad row is reported (`row 17`) — the reader's refusals, the conflicts and
 * the rules' refusals together — so an import is decided again without the rows already found bad
 * to surface the errors that remain.
 */
export function decideRosterImport(
  input: RosterImport,
  state: AgencyState,
  ctx: AgencyDecisionContext,
): AgencyEvent[] {
  const refused = input.refused ?? [];
  // Without a pledge nothing about the rows can be decided; the cells' own errors can still be named.
  if (state.status === 'none' && refused.length) throw invalidRows(refused, input.rows);
  const errors: RowError[] = [...refused];
  const excused = new Set(input.refusedRefs);
  const separating = new Set(input.separations.map((s) => s.officerRef));
  let current = state;
  const events: AgencyEvent[] = [];
  // Each step pairs one kind of row with its diff and the command it becomes; the pairs differ in item type.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a list of differently typed pairs
  const steps: [(s: AgencyState) => Diff<any>, (items: any[]) => AgencyCommand][] = [
    [
      (s) => diffJoins(input.joins, s, separating),
      (items) =>
        ({
          type: 'AddOfficers',
          data: { officers: items.map(({ row: _r, ...o }) => o) },
        }) satisfies AddOfficers,
    ],
    [
      (s) => diffTrainings(input.trainings, s),
      (items) =>
        ({
          type: 'RecordTraining',
          data: { records: items.map(({ row: _r, ...o }) => o) },
        }) satisfies RecordTraining,
    ],
    [
      (s) => diffSeparations(input.separations, s),
      (items) =>
        ({
          type: 'SeparateOfficers',
          data: { officers: items.map(({ row: _r, ...o }) => o) },
        }) satisfies SeparateOfficers,
    ],
  ];
  for (const [diff, toCommand] of steps) {
    const { fresh, conflicts } = diff(current);
    errors.push(...conflicts);
    for (let start = 0; start < fresh.length; start += MAX_BATCH) {
      const chunk = fresh.slice(start, start + MAX_BATCH);
      const decided = decideChunk(chunk, toCommand, current, ctx, errors, excused);
      for (const e of decided) current = evolveAgency(current, e);
      events.push(...decided);
    }
  }
  if (errors.length) throw invalidRows(errors, input.rows);
  return events;
}

function invalidRows(errors: RowError[], rows: number | undefined): DomainError {
  // Stable: within a row, the reader's errors come before the rules'.
  errors.sort((a, b) => rowOf(a) - rowOf(b));
  const bad = new Set(errors.map((e) => e.path)).size;
  return new DomainError(
    'invalid-rows',
    `${bad}${rows === undefined ? '' : ` of ${rows}`} rows cannot be imported; nothing was imported`,
    errors,
  );
}

function decideChunk<T extends { row: number; officerRef: string }>(
  items: T[],
  toCommand: (items: T[]) => AgencyCommand,
  state: AgencyState,
  ctx: AgencyDecisionContext,
  errors: RowError[],
  excused: ReadonlySet<string>,
): AgencyEvent[] {
  let remaining = items;
  // Each pass removes the rows the rules refused; a rule reports all its bad records at once, so
  // this ends after at most one pass per rule.
  for (let pass = 0; remaining.length > 0 && pass < 10; pass++) {
    try {
      return decideAgency(toCommand(remaining), state, ctx);
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      const bad = badIndexes(err, remaining);
      // Not about particular rows (no pledge, agency unknown): the import as a whole is refused.
      if (bad.size === 0) throw err;
      remaining = remaining.filter((_, i) => !bad.has(i));
    }
  }
  return [];

  function badIndexes(err: DomainError, rows: T[]): Set<number> {
    const bad = new Set<number>();
    for (const e of err.errors) {
      const m = /^\w+\[(\d+)\]\.?(.*)$/.exec(e.path);
      if (!m) continue;
      const i = Number(m[1]);
      bad.add(i);
      // The officer's own row was refused by the reader: that error already says what to fix.
      if (err.code === 'officer-not-on-roster' && excused.has(rows[i].officerRef)) continue;
      errors.push({
        path: `row ${rows[i].row}`,
        message: `${m[2] || 'record'}: ${e.message}`,
        code: err.code,
      });
    }
    return bad;
  }
}

const rowOf = (e: RowError) => Number(e.path.slice(4));
