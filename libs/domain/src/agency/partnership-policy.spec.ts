import { agencyDecider } from './agency.decider.js';
import { deciderSpec } from '../testing/decider-spec.js';
import { agencyCtx as ctx, partnership, pledged } from '../testing/agency-fixtures.js';
import type { AgencyEvent } from '#events';

const spec = deciderSpec(agencyDecider);
const establish = (establishedOn = '2025-01-15') => ({
  type: 'EstablishPartnership' as const,
  data: { partnerName: 'Denton County MHMR', partnerType: 'community-mental-health' as const, establishedOn },
});
const end = (partnershipId = 'p-1', endedOn = '2025-01-15', reason = 'contract expired') => ({
  type: 'EndPartnership' as const,
  data: { partnershipId, endedOn, reason },
});
const adopt = (adoptedOn = '2025-01-10', effectiveOn = '2025-03-01') => ({
  type: 'AdoptPolicy' as const,
  data: {
    title: 'Response to persons in crisis',
    version: '2',
    adoptedOn,
    effectiveOn,
    basedOnIacpModel: true,
  },
});

describe('EstablishPartnership', () => {
  it('records the partnership under an id drawn from the context', () => {
    spec
      .given([pledged()])
      .when(establish(), ctx('agency'))
      .then([{ type: 'PartnershipEstablished', data: { partnershipId: 'id-1', ...establish().data } }]);
  });
  it('refuses an agency that never pledged (404) and a date after today', () => {
    spec.given([]).when(establish(), ctx('agency')).thenThrows('agency-not-found');
    const e = spec
      .given([pledged()])
      .when(establish('2025-01-16'), ctx('agency'))
      .thenThrows('date-in-future');
    expect(e.errors).toEqual([{ path: 'establishedOn', message: expect.stringContaining('after today') }]);
  });
});

describe('EndPartnership', () => {
  const given: AgencyEvent[] = [pledged(), partnership('p-1', '2025-01-02')];
  it('ends an active partnership', () => {
    spec
      .given(given)
      .when(end(), ctx('agency'))
      .then([
        {
          type: 'PartnershipEnded',
          data: { partnershipId: 'p-1', endedOn: '2025-01-15', reason: 'contract expired' },
        },
      ]);
  });
  it('answers 404 partnership-not-found for an unknown id', () => {
    spec.given(given).when(end('p-9'), ctx('agency')).thenThrows('partnership-not-found');
  });
  it('refuses to end it twice (422)', () => {
    const ended: AgencyEvent = {
      type: 'PartnershipEnded',
      data: { partnershipId: 'p-1', endedOn: '2025-01-10', reason: 'x' },
    };
    spec
      .given([...given, ended])
      .when(end(), ctx('agency'))
      .thenThrows('partnership-already-ended');
  });
  it('refuses an end before the start, a blank reason and a date after today', () => {
    spec.given(given).when(end('p-1', '2025-01-01'), ctx('agency')).thenThrows('date-order');
    spec
      .given(given)
      .when(end('p-1', '2025-01-15', '  '), ctx('agency'))
      .thenThrows('reason-required');
    spec.given(given).when(end('p-1', '2025-02-01'), ctx('agency')).thenThrows('date-in-future');
  });
});

describe('AdoptPolicy', () => {
  it('records a policy that takes effect later, under a fresh id', () => {
    spec
      .given([pledged()])
      .when(adopt(), ctx('staff'))
      .then([{ type: 'PolicyAdopted', data: { policyId: 'id-1', ...adopt().data } }]);
  });
  it('refuses a policy effective before its adoption, or adopted after today', () => {
    spec.given([pledged()]).when(adopt('2025-01-10', '2025-01-01'), ctx('agency')).thenThrows('date-order');
    spec
      .given([pledged()])
      .when(adopt('2025-02-01', '2025-03-01'), ctx('agency'))
      .thenThrows('date-in-future');
  });
});
