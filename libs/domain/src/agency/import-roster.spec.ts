import fc from 'fast-check';
import type { AgencyEvent } from '#events';
import { DomainError } from '../errors.js';
import { agencyCtx, pledged } from '../testing/agency-fixtures.js';
import { agencyDecider } from './agency.decider.js';
import type { AgencyState } from './agency.state.js';
import { decideRosterImport, type RosterImport } from './import-roster.js';

const ctx = () => agencyCtx('agency', '2025-06-30T10:00:00.000Z');
const fold = (events: AgencyEvent[]): AgencyState =>
  events.reduce(agencyDecider.evolve, agencyDecider.initialState());

/** Spreadsheet rows as the CSV reader hands them over: one row, its parts (row 1 is the header). */
interface Row {
  ref: string;
  sworn?: boolean;
  joinedOn?: string;
  separatedOn?: string;
  programId?: string;
  completedOn?: string;
  hours?: number;
}
function csv(rows: Row[], extra: Partial<RosterImport> = {}): RosterImport {
  const out: RosterImport = { joins: [], separations: [], trainings: [], rows: rows.length, ...extra };
  rows.forEach((r, i) => {
    const row = i + 2;
    if (r.joinedOn) out.joins.push({ row, officerRef: r.ref, sworn: r.sworn ?? true, joinedOn: r.joinedOn });
    if (r.separatedOn) out.separations.push({ row, officerRef: r.ref, separatedOn: r.separatedOn });
    if (r.programId && r.completedOn)
      out.trainings.push({
        row,
        officerRef: r.ref,
        programId: r.programId,
        completedOn: r.completedOn,
        ...(r.hours === undefined ? {} : { hours: r.hours }),
      });
  });
  return out;
}

/** The agency's monthly export: three serving officers (one not sworn), one who left, their classes. */
const EXPORT: Row[] = [
  { ref: 'TPD-001', joinedOn: '2012-03-01', programId: 'cit', completedOn: '2024-05-01', hours: 40 },
  { ref: 'TPD-002', joinedOn: '2015-07-15' },
  { ref: 'TPD-002', programId: 'mhfa-public-safety', completedOn: '2024-06-01', hours: 8 },
  { ref: 'TPD-003', joinedOn: '2019-01-07', separatedOn: '2024-12-31' },
  { ref: 'TPD-003', programId: 'mhfa', completedOn: '2023-02-01' },
  { ref: 'DSP-001', sworn: false, joinedOn: '2020-02-02' },
];

/** Imports the export into a freshly pledged agency: the log the tests re-upload against. */
function importedOnce(): AgencyEvent[] {
  const events = decideRosterImport(csv(EXPORT), fold([pledged()]), ctx());
  expect(events.map((e) => e.type)).toEqual([
    'OfficerJoined',
    'OfficerJoined',
    'OfficerJoined',
    'OfficerJoined',
    'OfficerTrained',
    'OfficerTrained',
    'OfficerTrained',
    'OfficerSeparated',
  ]);
  return [pledged(), ...events];
}

function refusal(input: RosterImport, state: AgencyState): DomainError {
  try {
    decideRosterImport(input, state, ctx());
  } catch (e) {
    expect(e).toBeInstanceOf(DomainError);
    expect((e as DomainError).code).toBe('invalid-rows');
    return e as DomainError;
  }
  throw new Error('the import was accepted');
}

describe('decideRosterImport: a re-uploaded full roster', () => {
  it('decides nothing for the same export again, separated officer and non-sworn staff included', () => {
    expect(decideRosterImport(csv(EXPORT), fold(importedOnce()), ctx())).toEqual([]);
  });

  it('treats a row without hours as the same record, and a row given twice in one file as one', () => {
    const again = EXPORT.map((r) => ({ ...r, hours: undefined }));
    expect(decideRosterImport(csv([...again, EXPORT[0]]), fold(importedOnce()), ctx())).toEqual([]);
  });

  it('turns only the new officer, the new classes and the new separation into events', () => {
    const next: Row[] = [
      ...EXPORT.slice(0, 3),
      { ref: 'TPD-002', programId: 'cit', completedOn: '2025-03-10', hours: 40 },
      ...EXPORT.slice(3),
      { ref: 'DSP-001', sworn: false, joinedOn: '2020-02-02', separatedOn: '2025-05-31' },
      { ref: 'TPD-004', joinedOn: '2025-04-01', programId: 'mhfa', completedOn: '2025-04-20', hours: 8 },
    ];
    expect(decideRosterImport(csv(next), fold(importedOnce()), ctx())).toEqual([
      { type: 'OfficerJoined', data: { officerRef: 'TPD-004', sworn: true, joinedOn: '2025-04-01' } },
      {
        type: 'OfficerTrained',
        data: { officerRef: 'TPD-002', programId: 'cit', completedOn: '2025-03-10', hours: 40 },
      },
      {
        type: 'OfficerTrained',
        data: { officerRef: 'TPD-004', programId: 'mhfa', completedOn: '2025-04-20', hours: 8 },
      },
      { type: 'OfficerSeparated', data: { officerRef: 'DSP-001', separatedOn: '2025-05-31' } },
    ]);
  });

  it('takes a separated officer joining again on or after the separation as a new stint', () => {
    const rejoin = EXPORT.map((r) =>
      r.ref === 'TPD-003' && r.joinedOn ? { ref: 'TPD-003', joinedOn: '2025-02-01' } : r,
    );
    expect(decideRosterImport(csv(rejoin), fold(importedOnce()), ctx())).toEqual([
      { type: 'OfficerJoined', data: { officerRef: 'TPD-003', sworn: true, joinedOn: '2025-02-01' } },
    ]);
  });

  it('names every conflicting row, with the recorded value, and decides nothing', () => {
    const conflicting: Row[] = [
      { ...EXPORT[0], joinedOn: '2012-03-02' }, // row 2: a moved joining date
      { ...EXPORT[1], sworn: false }, // row 3: sworn → not sworn
      { ...EXPORT[2], hours: 6.5 }, // row 4: other hours for the same class
      { ref: 'TPD-003', joinedOn: '2019-01-07' }, // row 5: the separation left out
      EXPORT[4],
      { ...EXPORT[5], separatedOn: '2025-01-01' }, // row 7: fine (a new separation)
      { ref: 'TPD-001', separatedOn: '2025-01-01' }, // row 8: fine on its own …
      { ref: 'TPD-001', separatedOn: '2025-02-01' }, // row 9: … but given twice, differently
      { ref: 'TPD-005', joinedOn: '2025-01-01' }, // row 10: new
      { ref: 'TPD-005', joinedOn: '2025-01-02' }, // row 11: the same new officer, another date
    ];
    const error = refusal(csv(conflicting), fold(importedOnce()));
    expect(error.errors).toEqual([
      {
        path: 'row 2',
        code: 'roster-conflict',
        message: expect.stringMatching(/^joinedOn: TPD-001: on the roster since 2012-03-01, not 2012-03-02/),
      },
      {
        path: 'row 3',
        code: 'roster-conflict',
        message: expect.stringMatching(/^sworn: TPD-002: .* as sworn/),
      },
      {
        path: 'row 4',
        code: 'roster-conflict',
        message: expect.stringMatching(/^hours: TPD-002: .* with 8 hours, not 6.5/),
      },
      {
        path: 'row 5',
        code: 'roster-conflict',
        message: expect.stringMatching(/^separatedOn: TPD-003: .*separation on 2024-12-31/),
      },
      {
        path: 'row 9',
        code: 'roster-conflict',
        message: expect.stringMatching(/^separatedOn: TPD-001: row 8 already gives separatedOn 2025-01-01/),
      },
      {
        path: 'row 11',
        code: 'roster-conflict',
        message: expect.stringMatching(/^joinedOn: TPD-005: row 10 already gives joinedOn 2025-01-01/),
      },
    ]);
    expect(error.message).toBe('6 of 10 rows cannot be imported; nothing was imported');
  });

  it('refuses a moved separation date and a re-joining inside the recorded stint', () => {
    const state = fold(importedOnce());
    const moved = refusal(
      csv([{ ref: 'TPD-003', joinedOn: '2019-01-07', separatedOn: '2024-12-30' }]),
      state,
    );
    expect(moved.errors).toEqual([
      {
        path: 'row 2',
        code: 'roster-conflict',
        message: expect.stringMatching(/^separatedOn: TPD-003: .*on 2024-12-31, not 2024-12-30/),
      },
    ]);
    const inside = refusal(csv([{ ref: 'TPD-003', joinedOn: '2020-01-01' }]), state);
    expect(inside.errors).toEqual([
      { path: 'row 2', code: 'roster-conflict', message: expect.stringMatching(/on or after 2024-12-31/) },
    ]);
  });
});

describe('decideRosterImport: every error in one answer', () => {
  it("lists the reader's refusals with the business errors, by row, each with its code", () => {
    const input = csv(
      [
        { ref: 'TPD-001', programId: 'mhfa', completedOn: '2025-01-01' }, // row 2: fine
        { ref: 'TPD-001' }, // row 3: refused by the reader (a bad date; no parts)
        { ref: 'GHOST-1', programId: 'cit', completedOn: '2025-01-01' }, // row 4: not on the roster
        { ref: 'TPD-002', programId: 'cit-40hr', completedOn: '2025-01-01' }, // row 5: unknown programme
      ],
      {
        refused: [
          {
            path: 'row 3',
            code: 'invalid-cell',
            message: 'completedOn: "2025-02-30" is not a calendar date',
          },
        ],
      },
    );
    const error = refusal(input, fold(importedOnce()));
    expect(error.errors).toEqual([
      { path: 'row 3', code: 'invalid-cell', message: expect.stringMatching(/^completedOn: /) },
      { path: 'row 4', code: 'officer-not-on-roster', message: 'officerRef: GHOST-1 is not on the roster' },
      {
        path: 'row 5',
        code: 'unrecognized-program',
        message: "programId: unknown programme 'cit-40hr'; recognised: cit, crit, mhfa, mhfa-public-safety",
      },
    ]);
    expect(error.message).toBe('3 of 4 rows cannot be imported; nothing was imported');
  });

  it("does not also call an officer off the roster when the officer's own row was refused", () => {
    const input = csv([{ ref: 'NEW-1', programId: 'cit', completedOn: '2025-01-01' }], {
      refused: [{ path: 'row 3', code: 'invalid-cell', message: 'joinedOn: "2025-13-01" is not a date' }],
      refusedRefs: ['NEW-1'],
    });
    expect(refusal(input, fold(importedOnce())).errors.map((e) => e.path)).toEqual(['row 3']);
  });

  it("names the cells' errors for an agency that never pledged, and refuses the unknown agency when the rows are fine", () => {
    const refused = [{ path: 'row 2', code: 'invalid-cell', message: 'sworn: must be true or false' }];
    expect(refusal(csv([], { refused }), fold([])).errors).toEqual(refused);
    expect(() => decideRosterImport(csv(EXPORT), fold([]), ctx())).toThrow(
      expect.objectContaining({ code: 'agency-not-found' }),
    );
  });
});

describe('decideRosterImport: properties', () => {
  const seed = Number(process.env.FC_SEED ?? Date.now());
  console.log(`roster import properties: FC_SEED=${seed}`);
  const date = fc
    .date({
      min: new Date('2000-01-01T00:00:00Z'),
      max: new Date('2025-06-30T00:00:00Z'),
      noInvalidDate: true,
    })
    .map((d) => d.toISOString().slice(0, 10));
  const row = fc.record({
    ref: fc.constantFrom('A', 'B', 'C', 'D', 'E', 'F'),
    sworn: fc.boolean(),
    joinedOn: fc.option(date, { nil: undefined }),
    separatedOn: fc.option(date, { nil: undefined }),
    programId: fc.option(fc.constantFrom('cit', 'crit', 'mhfa'), { nil: undefined }),
    completedOn: date,
    hours: fc.option(fc.constantFrom(8, 40), { nil: undefined }),
  });

  it('an accepted file uploaded again decides nothing; a refused one names only rows it holds', () => {
    let accepted = 0;
    fc.assert(
      fc.property(fc.array(row, { maxLength: 12 }), (rows) => {
        const input = csv(rows);
        let state = fold([pledged()]);
        let events: AgencyEvent[];
        try {
          events = decideRosterImport(input, state, ctx());
        } catch (e) {
          expect(e).toBeInstanceOf(DomainError);
          const paths = (e as DomainError).errors.map((x) => x.path);
          expect(paths.every((p) => /^row \d+$/.test(p) && Number(p.slice(4)) <= rows.length + 1)).toBe(true);
          return;
        }
        accepted += 1;
        state = events.reduce(agencyDecider.evolve, state);
        expect(decideRosterImport(input, state, ctx())).toEqual([]);
      }),
      { seed, numRuns: 500 },
    );
    // Random rows are mostly refused (a class for nobody, a separation before the joining): see below.
    expect(accepted).toBeGreaterThan(0);
  });

  /** Agency exports as HR systems write them: one row per officer (its stint), one per class. */
  const exportFile = fc
    .uniqueArray(
      fc.record({
        ref: fc.stringMatching(/^[A-Z]{2}-\d{1,4}$/),
        sworn: fc.boolean(),
        joinedOn: date,
        leaves: fc.option(date, { nil: undefined }),
        // A class once per programme and date (twice with other hours would be a conflict).
        classes: fc.uniqueArray(
          fc.record({
            programId: fc.constantFrom('cit', 'crit', 'mhfa', 'mhfa-public-safety'),
            completedOn: date,
            hours: fc.option(fc.constantFrom(6.5, 8, 40), { nil: undefined }),
          }),
          { selector: (c) => `${c.programId} ${c.completedOn}`, maxLength: 3 },
        ),
      }),
      { selector: (o) => o.ref, minLength: 1, maxLength: 20 },
    )
    .map((officers) =>
      officers.map((o) => [
        {
          ref: o.ref,
          sworn: o.sworn,
          joinedOn: o.joinedOn,
          separatedOn: o.leaves && o.leaves >= o.joinedOn ? o.leaves : undefined,
        } as Row,
        ...o.classes.map((c) => ({ ref: o.ref, ...c }) as Row),
      ]),
    );
  const parts = (rows: Row[]) => ({
    OfficerJoined: rows.filter((r) => r.joinedOn).length,
    OfficerTrained: new Set(
      rows.filter((r) => r.programId).map((r) => `${r.ref} ${r.programId} ${r.completedOn}`),
    ).size,
    OfficerSeparated: rows.filter((r) => r.separatedOn).length,
  });
  const countTypes = (events: AgencyEvent[]) => ({
    OfficerJoined: events.filter((e) => e.type === 'OfficerJoined').length,
    OfficerTrained: events.filter((e) => e.type === 'OfficerTrained').length,
    OfficerSeparated: events.filter((e) => e.type === 'OfficerSeparated').length,
  });

  it("a monthly export: last month's officers are no-ops, only the newcomers' parts become events", () => {
    fc.assert(
      fc.property(exportFile, fc.nat(), fc.nat(), (officers, cut, pick) => {
        const lastMonth = officers.slice(0, cut % officers.length).flat();
        const thisMonth = officers.flat();
        let state = fold([pledged()]);
        state = decideRosterImport(csv(lastMonth), state, ctx()).reduce(agencyDecider.evolve, state);
        const events = decideRosterImport(csv(thisMonth), state, ctx());
        expect(countTypes(events)).toEqual(parts(officers.slice(cut % officers.length).flat()));
        state = events.reduce(agencyDecider.evolve, state);
        expect(decideRosterImport(csv([...thisMonth].reverse()), state, ctx())).toEqual([]);
        // One officer's joining date moved earlier (before any generated date): that row, and only it, is a conflict.
        const i = thisMonth.findIndex((r) => r.joinedOn && r.ref === officers[pick % officers.length][0].ref);
        const moved = thisMonth.map((r, j) => (j === i ? { ...r, joinedOn: '1999-12-31' } : r));
        const error = refusal(csv(moved), state);
        expect(error.errors).toEqual([
          expect.objectContaining({ path: `row ${i + 2}`, code: 'roster-conflict' }),
        ]);
      }),
      { seed, numRuns: 300 },
    );
  });
});
