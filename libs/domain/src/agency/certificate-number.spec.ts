import fc from 'fast-check';
import { AGENCY_ID_PATTERN } from '#events';
import { certificateNumber } from './approve-certification.js';

const seed = Number(process.env.FC_SEED ?? Date.now());
console.log(`certificate numbers: FC_SEED=${seed}`);

/** Agency ids as API.md allows them: 3–64 of [A-Za-z0-9._-], biased towards dashes and digits. */
const agencyId = fc
  .array(fc.constantFrom(...'aAbB09-._-1-2'.split('')), { minLength: 3, maxLength: 64 })
  .map((chars) => chars.join(''))
  .filter((id) => AGENCY_ID_PATTERN.test(id));
const issue = fc.record({
  agencyId,
  year: fc.integer({ min: 2020, max: 2099 }),
  cycle: fc.integer({ min: 1, max: 20 }),
});
/** Half the pairs are the same id with some letters' case flipped: the collision issue 13 found. */
const caseTwin = issue.chain((a) =>
  fc.array(fc.boolean(), { minLength: a.agencyId.length, maxLength: a.agencyId.length }).map((flips) => {
    const id = [...a.agencyId]
      .map((c, i) => (flips[i] ? (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase()) : c))
      .join('');
    return [a, { ...a, agencyId: id }] as const;
  }),
);
const pairs = fc.oneof(fc.tuple(issue, issue), caseTwin);

/** G9 (issue 13): a certificate number names one agency's certification, never two. */
describe('certificate numbers', () => {
  it('ids that differ only in letter case get different numbers', () => {
    expect(certificateNumber('agency-bbb', '2026-03-01', 1)).not.toBe(
      certificateNumber('AGENCY-BBB', '2026-03-01', 1),
    );
    expect(certificateNumber('agency-bbb', '2026-03-01', 1)).toBe('OM-2026-agency-bbb-1');
  });

  it('distinct (agency, cycle) pairs never share a number, whatever the year of approval (1,000 runs)', () => {
    fc.assert(
      fc.property(pairs, ([a, b]) => {
        fc.pre(a.agencyId !== b.agencyId || a.cycle !== b.cycle);
        const na = certificateNumber(a.agencyId, `${a.year}-06-01`, a.cycle);
        const nb = certificateNumber(b.agencyId, `${b.year}-06-01`, b.cycle);
        expect(na).not.toBe(nb);
      }),
      { seed, numRuns: 1000 },
    );
  });

  it('ids built to confuse the separators stay apart (an id ending in -<digits>)', () => {
    const numbers = [
      certificateNumber('abc-1', '2026-01-01', 1),
      certificateNumber('abc', '2026-01-01', 11),
      certificateNumber('abc-11', '2026-01-01', 1),
      certificateNumber('abc-1-1', '2026-01-01', 1),
      certificateNumber('ABC-1', '2026-01-01', 1),
    ];
    expect(new Set(numbers).size).toBe(numbers.length);
  });
});
