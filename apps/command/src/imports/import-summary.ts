import type { RosterImport } from '#domain';

export interface ImportSummary {
  rows: number;
  officers: { added: number; unchanged: number };
  separations: { added: number; unchanged: number };
  trainings: { added: number; unchanged: number };
}

/**
 * What an import did, part by part. Every part of an accepted import is either unchanged (the roster
 * already holds it: no event) or new (exactly one event of its kind), so the counts follow from the
 * appended events; a retried request (same Idempotency-Key, same file) gets the same counts.
 */
export function importSummary(
  parsed: Pick<RosterImport, 'joins' | 'separations' | 'trainings'>,
  rows: number,
  events: readonly { type: string }[],
): ImportSummary {
  const count = (type: string) => events.filter((e) => e.type === type).length;
  const part = (given: number, added: number) => ({ added, unchanged: given - added });
  return {
    rows,
    officers: part(parsed.joins.length, count('OfficerJoined')),
    separations: part(parsed.separations.length, count('OfficerSeparated')),
    trainings: part(parsed.trainings.length, count('OfficerTrained')),
  };
}
