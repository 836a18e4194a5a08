import { agencyDecider } from './agency.decider.js';
import { deciderSpec } from '../testing/decider-spec.js';
import {
  agencyCtx as ctx,
  pledgeCommand as pledge,
  pledged as pledgedEvent,
} from '../testing/agency-fixtures.js';
import type { AgencyEvent } from '#events';

const spec = deciderSpec(agencyDecider);
const pledged = (cycle = 1): AgencyEvent => pledgedEvent({ cycle });

describe('TakePledge', () => {
  it('opens a 36-month cycle by default, judged by the current rule set', () => {
    spec.given([]).when(pledge(), ctx('agency')).then([pledged()]);
  });

  it('computes the deadline from the chosen window, clamping to the end of the month', () => {
    spec
      .given([])
      .when(pledge({ commitmentMonths: 13 }), ctx('agency', '2024-01-31T12:00:00Z'))
      .thenMatch(([e]) => {
        expect(e.type === 'PledgeTaken' && e.data.deadline).toBe('2025-02-28');
      });
  });

  it.each([11, 37, 12.5])('refuses a window of %p months', (months) => {
    spec
      .given([])
      .when(pledge({ commitmentMonths: months }), ctx('agency'))
      .thenThrows('commitment-window');
  });

  it('refuses a second pledge while one is open', () => {
    spec.given([pledged()]).when(pledge(), ctx('agency')).thenThrows('already-pledged');
  });

  it('starts a new cycle after a lapse, keeping the history', () => {
    const lapsed: AgencyEvent = {
      type: 'PledgeLapsed',
      data: { cycle: 1, deadline: '2028-01-15', lapsedAt: '2028-01-15T00:00:00Z' },
    };
    spec
      .given([pledged(), lapsed])
      .when(pledge(), ctx('agency', '2028-03-01T00:00:00Z'))
      .thenMatch(([e]) => {
        expect(e.type === 'PledgeTaken' && e.data.cycle).toBe(2);
      });
  });

  it('lets only staff backdate a pledge or choose a rule set', () => {
    spec
      .given([])
      .when(pledge({ pledgedOn: '2018-03-01' }), ctx('agency'))
      .thenThrows('staff-only-field');
    spec
      .given([])
      .when(pledge({ ruleSet: 'one-mind-2016' }), ctx('agency'))
      .thenThrows('staff-only-field');
    spec
      .given([])
      .when(pledge({ pledgedOn: '2018-03-01', ruleSet: 'one-mind-2016' }), ctx('staff'))
      .thenMatch(([e]) => {
        expect(e.type === 'PledgeTaken' && [e.data.pledgedOn, e.data.deadline, e.data.ruleSet]).toEqual([
          '2018-03-01',
          '2021-03-01',
          'one-mind-2016',
        ]);
      });
  });

  it('refuses a pledge dated in the future, even from staff', () => {
    spec
      .given([])
      .when(pledge({ pledgedOn: '2025-02-01' }), ctx('staff'))
      .thenThrows('pledge-date-in-future');
  });
});
