import { printImportSummary, type RowOutcome } from '../src/import-summary.js';

const summary = (outcomes: RowOutcome[]) => {
  const lines: string[] = [];
  const code = printImportSummary(outcomes, { seconds: 1.2, waitedSeconds: 0 }, (l) => lines.push(l));
  return { code, lines };
};

describe("import-agencies' summary", () => {
  it('counts add up to the rows; already pledged says why; failures are grouped by reason, largest first', () => {
    const outcomes: RowOutcome[] = [
      { row: 2, agencyId: 'tx-a', status: 'pledged' },
      { row: 3, agencyId: 'TX-A', status: 'already-pledged', sameKey: false },
      { row: 4, agencyId: 'tx-b', status: 'already-pledged', sameKey: true },
      { row: 5, agencyId: 'tx-c', status: 'already-pledged', sameKey: false },
      ...Array.from({ length: 12 }, (_, i): RowOutcome => ({
        row: 6 + i,
        agencyId: `tx-d${i}`,
        status: 'failed',
        reason: '429 rate-limited: wait',
      })),
      { row: 18, agencyId: '', status: 'failed', reason: '400: agencyId: invalid' },
    ];
    const { code, lines } = summary(outcomes.reverse());
    expect(code).toBe(1);
    expect(lines).toEqual([
      '17 agencies: 1 pledged, 3 already pledged, 13 failed',
      '  already pledged: 1 imported before (the same rows), 1 existed before, 1 repeat an agency of an earlier row',
      'failed (13), by reason:',
      '  429 rate-limited: wait — 12 rows: 6 (tx-d0), 7 (tx-d1), 8 (tx-d2), 9 (tx-d3), 10 (tx-d4), 11 (tx-d5), 12 (tx-d6), 13 (tx-d7), 14 (tx-d8), 15 (tx-d9) and 2 more',
      '  400: agencyId: invalid — 1 row: 18 (no agencyId)',
      'took 1.2 s, of which 0 s waiting as the server asked',
    ]);
  });

  it('a run with nothing new says so and exits 0', () => {
    const { code, lines } = summary([
      { row: 2, agencyId: 'tx-a', status: 'already-pledged', sameKey: true },
      { row: 3, agencyId: 'tx-a', status: 'already-pledged', sameKey: false },
    ]);
    expect(code).toBe(0);
    expect(lines.slice(0, 3)).toEqual([
      '2 agencies: 0 pledged, 2 already pledged, 0 failed',
      '  already pledged: 1 imported before (the same rows), 1 repeat an agency of an earlier row',
      '  nothing new to pledge: every agency in the file already exists',
    ]);
  });
});
