import type { AgencyEvent } from '#events';
import { DomainError } from '../errors.js';
import {
  MAX_BATCH,
  type AddOfficers,
  type AgencyCommand,
  type RecordTraining,
  type SeparateOfficers,
  type TrainingRecord,
} from './agency.commands.js';
import type { AgencyDecisionContext } from './agency.context.js';
import { decideAgency } from './agency.decider.js';
import { evolveAgency } from './agency.evolve.js';
import type { AgencyState } from './agency.state.js';

/** One spreadsheet row's parts, each tagged with the row it came from (for `row N: …` errors). */
export interface RosterImport {
  joins: { row: number; officerRef: string; sworn: boolean; joinedOn: string }[];
  separations: { row: number; officerRef: string; separatedOn: string }[];
  trainings: ({ row: number } & TrainingRecord)[];
}

export interface RowError {
  path: string;
  message: string;
}

/**
 * A whole roster import decided as one: joins, then separations, then trainings, each through the
 * same bulk commands (and rules) as the JSON endpoints, in chunks of MAX_BATCH on the evolving
 * state. All rows or none: every bad row is reported (`row 17`), not only the first, so an import
 * is decided again without the rows already found bad to surface the errors that remain.
 */
export function decideRosterImport(
  input: RosterImport,
  state: AgencyState,
  ctx: AgencyDecisionContext,
): AgencyEvent[] {
  const errors: RowError[] = [];
  let current = state;
  const events: AgencyEvent[] = [];
  // Each step pairs one kind of row with the command it becomes; the pairs differ in item type.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a list of differently typed pairs
  const steps: [RosterImport[keyof RosterImport], (items: any[]) => AgencyCommand][] = [
    [
      input.joins,
      (items) =>
        ({
          type: 'AddOfficers',
          data: { officers: items.map(({ row: _r, ...o }) => o) },
        }) satisfies AddOfficers,
    ],
    [
      input.separations,
      (items) =>
        ({
          type: 'SeparateOfficers',
          data: { officers: items.map(({ row: _r, ...o }) => o) },
        }) satisfies SeparateOfficers,
    ],
    [
      input.trainings,
      (items) =>
        ({
          type: 'RecordTraining',
          data: { records: items.map(({ row: _r, ...o }) => o) },
        }) satisfies RecordTraining,
    ],
  ];
  for (const [items, toCommand] of steps) {
    for (let start = 0; start < items.length; start += MAX_BATCH) {
      const chunk = decideChunk(items.slice(start, start + MAX_BATCH), toCommand, current, ctx, errors);
      for (const e of chunk) current = evolveAgency(current, e);
      events.push(...chunk);
    }
  }
  if (errors.length) {
    errors.sort((a, b) => rowOf(a) - rowOf(b));
    throw new DomainError(
      'invalid-rows',
      `${new Set(errors.map((e) => e.path)).size} row(s) cannot be imported; nothing was imported`,
      errors,
    );
  }
  return events;
}

function decideChunk<T extends { row: number }>(
  items: T[],
  toCommand: (items: T[]) => AgencyCommand,
  state: AgencyState,
  ctx: AgencyDecisionContext,
  errors: RowError[],
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
      errors.push({ path: `row ${rows[i].row}`, message: `${m[2] || 'record'}: ${e.message}` });
    }
    return bad;
  }
}

const rowOf = (e: RowError) => Number(e.path.slice(4));
