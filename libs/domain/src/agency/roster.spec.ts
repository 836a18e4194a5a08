import { agencyDecider } from './agency.decider.js';
import { deciderSpec } from '../testing/decider-spec.js';
import { agencyCtx as ctx, joined, pledged, ref } from '../testing/agency-fixtures.js';
import type { AgencyEvent } from '#events';
import type { AddOfficers, SeparateOfficers } from './agency.commands.js';

const spec = deciderSpec(agencyDecider);
const add = (...officers: AddOfficers['data']['officers']): AddOfficers => ({
  type: 'AddOfficers',
  data: { officers },
});
const separate = (...officers: SeparateOfficers['data']['officers']): SeparateOfficers => ({
  type: 'SeparateOfficers',
  data: { officers },
});
const separated = (officerRef: string, separatedOn = '2025-01-12'): AgencyEvent => ({
  type: 'OfficerSeparated',
  data: { officerRef, separatedOn },
});

describe('AddOfficers', () => {
  it('adds each officer, sworn by default', () => {
    spec
      .given([pledged()])
      .when(
        add(
          { officerRef: 'A', joinedOn: '2020-01-01' },
          { officerRef: 'D', sworn: false, joinedOn: '2021-05-01' },
        ),
        ctx('agency'),
      )
      .then([
        { type: 'OfficerJoined', data: { officerRef: 'A', sworn: true, joinedOn: '2020-01-01' } },
        { type: 'OfficerJoined', data: { officerRef: 'D', sworn: false, joinedOn: '2021-05-01' } },
      ]);
  });
  it('lists every ref already on the roster or repeated in the batch', () => {
    const officers = [0, 1, 2, 3, 4].map((i) => ({ officerRef: ref(i), joinedOn: '2024-01-01' }));
    officers.push({ officerRef: ref(1), joinedOn: '2024-01-01' });
    const error = spec
      .given([pledged(), joined(ref(3)), joined(ref(4))])
      .when(add(...officers), ctx('agency'))
      .thenThrows('officer-already-on-roster');
    expect(error.errors.map((e) => e.path)).toEqual([
      'officers[3].officerRef',
      'officers[4].officerRef',
      'officers[5].officerRef',
    ]);
  });
  it('lets a separated officer join again', () => {
    spec
      .given([pledged(), joined('A'), separated('A')])
      .when(add({ officerRef: 'A', joinedOn: '2025-01-14' }), ctx('agency'))
      .thenMatch((events) => {
        expect(events).toHaveLength(1);
      });
  });
  it('takes 1 to 5,000 officers per batch', () => {
    spec.given([pledged()]).when(add(), ctx('agency')).thenThrows('batch-size');
    const many = Array.from({ length: 5001 }, (_, i) => ({ officerRef: ref(i), joinedOn: '2024-01-01' }));
    spec
      .given([pledged()])
      .when(add(...many), ctx('agency'))
      .thenThrows('batch-size');
    spec
      .given([pledged()])
      .when(add(...many.slice(0, 5000)), ctx('agency'))
      .thenMatch((events) => expect(events).toHaveLength(5000));
  });
  it('refuses joining dates after today and agencies that never pledged', () => {
    spec
      .given([pledged()])
      .when(add({ officerRef: 'A', joinedOn: '2025-02-01' }), ctx('agency'))
      .thenThrows('date-in-future');
    spec
      .given([])
      .when(add({ officerRef: 'A', joinedOn: '2024-02-01' }), ctx('agency'))
      .thenThrows('agency-not-found');
  });
});

describe('SeparateOfficers', () => {
  const given = [pledged(), joined('A', '2020-01-01'), joined('B', '2020-01-01')];
  it('separates officers on the roster', () => {
    spec
      .given(given)
      .when(separate({ officerRef: 'A', separatedOn: '2025-01-10' }), ctx('agency'))
      .then([separated('A', '2025-01-10')]);
  });
  it('lists every officer not on the roster, including already separated ones and repeats', () => {
    const error = spec
      .given([...given, separated('B')])
      .when(
        separate(
          { officerRef: 'A', separatedOn: '2025-01-10' },
          { officerRef: 'B', separatedOn: '2025-01-13' },
          { officerRef: 'Z', separatedOn: '2025-01-10' },
          { officerRef: 'A', separatedOn: '2025-01-11' },
        ),
        ctx('agency'),
      )
      .thenThrows('officer-not-on-roster');
    expect(error.errors.map((e) => e.path)).toEqual([
      'officers[1].officerRef',
      'officers[2].officerRef',
      'officers[3].officerRef',
    ]);
  });
  it('refuses a separation before joining or after today', () => {
    spec
      .given(given)
      .when(separate({ officerRef: 'A', separatedOn: '2019-12-31' }), ctx('agency'))
      .thenThrows('date-order');
    spec
      .given(given)
      .when(separate({ officerRef: 'A', separatedOn: '2025-01-16' }), ctx('agency'))
      .thenThrows('date-in-future');
  });
});
