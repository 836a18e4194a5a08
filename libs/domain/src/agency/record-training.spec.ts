import { agencyDecider } from './agency.decider.js';
import { deciderSpec } from '../testing/decider-spec.js';
import { agencyCtx as ctx, joined, pledged } from '../testing/agency-fixtures.js';
import { evolveCatalogue, initialCatalogue } from '../programs/catalogue.js';
import type { RecordTraining, TrainingRecord } from './agency.commands.js';

const spec = deciderSpec(agencyDecider);
const record = (...records: TrainingRecord[]): RecordTraining => ({
  type: 'RecordTraining',
  data: { records },
});
const given = [
  pledged(),
  joined('A', '2020-01-01'),
  joined('B', '2020-01-01'),
  { type: 'OfficerSeparated' as const, data: { officerRef: 'B', separatedOn: '2024-12-31' } },
];

describe('RecordTraining', () => {
  it('records each class, keeping only the fields given', () => {
    spec
      .given(given)
      .when(
        record({
          officerRef: 'A',
          programId: 'cit',
          completedOn: '2024-11-01',
          hours: 40,
          certificateRef: undefined,
        }),
        ctx('agency'),
      )
      .then([
        {
          type: 'OfficerTrained',
          data: { officerRef: 'A', programId: 'cit', completedOn: '2024-11-01', hours: 40 },
        },
      ]);
  });
  it('lists every officer not on the roster (absent or separated)', () => {
    const error = spec
      .given(given)
      .when(
        record(
          { officerRef: 'A', programId: 'cit', completedOn: '2024-11-01' },
          { officerRef: 'B', programId: 'cit', completedOn: '2024-11-01' },
          { officerRef: 'Z', programId: 'mhfa', completedOn: '2024-11-01' },
        ),
        ctx('agency'),
      )
      .thenThrows('officer-not-on-roster');
    expect(error.errors.map((e) => e.path)).toEqual(['records[1].officerRef', 'records[2].officerRef']);
  });
  it('refuses a programme the catalogue does not know', () => {
    const error = spec
      .given(given)
      .when(record({ officerRef: 'A', programId: 'yoga', completedOn: '2024-11-01' }), ctx('agency'))
      .thenThrows('unrecognized-program');
    expect(error.errors).toEqual([
      { path: 'records[0].programId', message: expect.stringContaining('yoga') },
    ]);
  });
  it('accepts a programme only proposed: it will count from its recognition', () => {
    const catalogue = evolveCatalogue(initialCatalogue(), {
      type: 'TrainingProgramProposed',
      data: {
        programId: 'tx-tcole-cit',
        name: 'TCOLE CIT',
        provider: 'TCOLE',
        class: 'crisis',
        proposedBy: 'tx-flower-mound-pd',
        proposedAt: '2025-01-02T00:00:00Z',
      },
    });
    spec
      .given(given)
      .when(
        record({ officerRef: 'A', programId: 'tx-tcole-cit', completedOn: '2024-11-01' }),
        ctx('agency', undefined, catalogue),
      )
      .thenMatch((events) => {
        expect(events).toHaveLength(1);
      });
  });
  it('takes 1 to 5,000 records and no date after today', () => {
    spec.given(given).when(record(), ctx('agency')).thenThrows('batch-size');
    spec
      .given(given)
      .when(record({ officerRef: 'A', programId: 'cit', completedOn: '2025-01-16' }), ctx('agency'))
      .thenThrows('date-in-future');
  });
});
