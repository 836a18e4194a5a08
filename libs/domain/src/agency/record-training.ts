import type { AgencyEvent } from '#events';
import type { RecordTraining } from './agency.commands.js';
import type { AgencyDecisionContext } from './agency.context.js';
import {
  compact,
  recordsNotInFuture,
  onRoster,
  rejectRecords,
  requireAgency,
  requireBatch,
  type FieldError,
} from './agency.guards.js';
import type { AgencyState } from './agency.state.js';
import type { Catalogue } from '../programs/catalogue.js';

/**
 * A record needs an officer on the roster and a programme the catalogue knows. A programme only
 * proposed (not yet recognised) is accepted: its records count from its recognition on, which
 * `evaluate` decides, so agencies need not wait for staff before entering what happened.
 */
export function recordTraining(
  command: RecordTraining,
  state: AgencyState,
  ctx: AgencyDecisionContext,
): AgencyEvent[] {
  requireAgency(state);
  const { records } = command.data;
  requireBatch(records.length, 'records');
  const absent: FieldError[] = [];
  const unknown: FieldError[] = [];
  let known: string | undefined;
  records.forEach(({ officerRef, programId }, i) => {
    if (!onRoster(state.officers.get(officerRef)))
      absent.push({ path: `records[${i}].officerRef`, message: `${officerRef} is not on the roster` });
    if (!ctx.catalogue.has(programId)) {
      known ??= knownPrograms(ctx.catalogue);
      unknown.push({
        path: `records[${i}].programId`,
        message: `unknown programme '${programId}'; ${known}`,
      });
    }
  });
  rejectRecords('officer-not-on-roster', 'officers not on the roster', absent);
  rejectRecords('unrecognized-program', 'unknown training programmes', unknown);
  recordsNotInFuture(
    ctx,
    records,
    (r) => r.completedOn,
    (i) => `records[${i}].completedOn`,
  );
  return records.map((r) => ({ type: 'OfficerTrained', data: compact(r) }));
}

/** Listed in the error so a typo ("cit-40hr") is fixed without asking staff which ids exist. */
const LISTED_PROGRAMS = 20;
function knownPrograms(catalogue: Catalogue): string {
  const recognized: string[] = [];
  const proposed: string[] = [];
  for (const p of catalogue.values()) (p.recognizedAt === null ? proposed : recognized).push(p.programId);
  const list = (ids: string[]) =>
    ids.length > LISTED_PROGRAMS
      ? `${ids.sort().slice(0, LISTED_PROGRAMS).join(', ')}, … (${ids.length} in all)`
      : ids.sort().join(', ');
  return `recognised: ${list(recognized)}${proposed.length ? `; proposed (also accepted): ${list(proposed)}` : ''}`;
}
