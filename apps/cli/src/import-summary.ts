export type RowOutcome = { row: number; agencyId: string } & (
  | { status: 'pledged' }
  /** `sameKey`: this very row was imported before (its key answered), not just the agency. */
  | { status: 'already-pledged'; sameKey: boolean }
  | { status: 'failed'; reason: string }
);

const ROWS_NAMED_PER_REASON = 10;

/** What the rows are and what became of them, in the summary's words (import-certifications has its own). */
export interface SummaryWords {
  rows: string;
  verb: string;
  done: string;
  already: string;
}
const PLEDGE_WORDS: SummaryWords = {
  rows: 'agencies',
  verb: 'pledge',
  done: 'pledged',
  already: 'already pledged',
};

/**
 * What `import-agencies` prints on stdout: the counts (they add up to the rows), why rows were
 * already pledged, and the failures grouped by reason with the rows of each. Exit code 1 when a
 * row failed.
 */
export function printImportSummary(
  outcomes: RowOutcome[],
  timing: { seconds: number; waitedSeconds: number },
  out: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
  words: SummaryWords = PLEDGE_WORDS,
): number {
  const sorted = [...outcomes].sort((a, b) => a.row - b.row);
  const of = <S extends RowOutcome['status']>(s: S) =>
    sorted.filter((o): o is Extract<RowOutcome, { status: S }> => o.status === s);
  const [pledged, already, failed] = [of('pledged'), of('already-pledged'), of('failed')];
  out(
    `${sorted.length} ${words.rows}: ${pledged.length} ${words.done}, ${already.length} ${words.already}, ${failed.length} failed`,
  );
  if (already.length) out(`  ${words.already}: ${whyAlready(sorted, already)}`);
  if (pledged.length === 0 && failed.length === 0 && already.length)
    out(`  nothing new to ${words.verb}: every agency in the file already exists`);
  if (failed.length) {
    out(`failed (${failed.length}), by reason:`);
    const byReason = new Map<string, typeof failed>();
    for (const f of failed) byReason.set(f.reason, [...(byReason.get(f.reason) ?? []), f]);
    for (const [reason, rows] of [...byReason].sort((a, b) => b[1].length - a[1].length)) {
      const named = rows
        .slice(0, ROWS_NAMED_PER_REASON)
        .map((f) => `${f.row} (${f.agencyId || 'no agencyId'})`);
      const more = rows.length > named.length ? ` and ${rows.length - named.length} more` : '';
      out(`  ${reason} — ${rows.length} row${rows.length === 1 ? '' : 's'}: ${named.join(', ')}${more}`);
    }
  }
  out(`took ${timing.seconds.toFixed(1)} s, of which ${timing.waitedSeconds} s waiting as the server asked`);
  return failed.length ? 1 : 0;
}

function whyAlready(
  all: RowOutcome[],
  already: Extract<RowOutcome, { status: 'already-pledged' }>[],
): string {
  const firstRow = new Map<string, number>();
  for (const o of all) {
    const k = o.agencyId.toLowerCase();
    if (o.status !== 'failed' && !firstRow.has(k)) firstRow.set(k, o.row);
  }
  let repeats = 0;
  let sameRows = 0;
  let existed = 0;
  for (const a of already) {
    if ((firstRow.get(a.agencyId.toLowerCase()) ?? a.row) < a.row) repeats++;
    else if (a.sameKey) sameRows++;
    else existed++;
  }
  return [
    sameRows && `${sameRows} imported before (the same rows)`,
    existed && `${existed} existed before`,
    repeats && `${repeats} repeat an agency of an earlier row`,
  ]
    .filter(Boolean)
    .join(', ');
}
