import { agencyDecider } from './agency.decider.js';
import { deciderSpec } from '../testing/decider-spec.js';
import type { DecisionContext } from '../decider.js';
import type { AgencyEvent } from '../../../events/src/index.js';
import type { TakePledge } from './agency.commands.js';

const spec = deciderSpec(agencyDecider);
const ctx = (role: DecisionContext['actor']['role'], now = '2025-01-15T10:00:00.000Z'): DecisionContext => ({
  now,
  actor: { sub: 'u1', role, agencyId: role === 'agency' ? 'tx-flower-mound-pd' : undefined },
  random: { id: () => 'id-1', verificationCode: () => 'CODE' },
});
const pledge = (extra: Partial<TakePledge['data']> = {}): TakePledge => ({
  type: 'TakePledge',
  data: {
    agencyId: 'tx-flower-mound-pd', name: 'Flower Mound Police Department', ori: 'TX0611200', country: 'US', region: 'TX',
    signatory: { name: 'Andy Kancel', title: 'Chief of Police' }, contact: { name: 'Lt. Jones', email: 'jones@example.org' },
    ...extra,
  },
});
const pledged = (cycle = 1): AgencyEvent => ({
  type: 'PledgeTaken',
  data: { ...pledge().data, cycle, commitmentMonths: 36, pledgedOn: '2025-01-15', deadline: '2028-01-15', ruleSet: 'one-mind-2023' },
});

describe('TakePledge', () => {
  it('opens a 36-month cycle by default, judged by the current rule set', () => {
    spec.given([]).when(pledge(), ctx('agency')).then([pledged()]);
  });

  it('computes the deadline from the chosen window, clamping to the end of the month', () => {
    spec.given([]).when(pledge({ commitmentMonths: 13 }), ctx('agency', '2024-01-31T12:00:00Z')).thenMatch(([e]) => {
      expect(e.type === 'PledgeTaken' && e.data.deadline).toBe('2025-02-28');
    });
  });

  it.each([11, 37, 12.5])('refuses a window of %p months', (months) => {
    spec.given([]).when(pledge({ commitmentMonths: months }), ctx('agency')).thenThrows('commitment-window', 422);
  });

  it('refuses a second pledge while one is open', () => {
    spec.given([pledged()]).when(pledge(), ctx('agency')).thenThrows('already-pledged', 422);
  });

  it('starts a new cycle after a lapse, keeping the history', () => {
    const lapsed: AgencyEvent = { type: 'PledgeLapsed', data: { cycle: 1, deadline: '2028-01-15', lapsedAt: '2028-01-15T00:00:00Z' } };
    spec.given([pledged(), lapsed]).when(pledge(), ctx('agency', '2028-03-01T00:00:00Z')).thenMatch(([e]) => {
      expect(e.type === 'PledgeTaken' && e.data.cycle).toBe(2);
    });
  });

  it('lets only staff backdate a pledge or choose a rule set', () => {
    spec.given([]).when(pledge({ pledgedOn: '2018-03-01' }), ctx('agency')).thenThrows('staff-only-field', 403);
    spec.given([]).when(pledge({ ruleSet: 'one-mind-2016' }), ctx('agency')).thenThrows('staff-only-field', 403);
    spec.given([]).when(pledge({ pledgedOn: '2018-03-01', ruleSet: 'one-mind-2016' }), ctx('staff')).thenMatch(([e]) => {
      expect(e.type === 'PledgeTaken' && [e.data.pledgedOn, e.data.deadline, e.data.ruleSet]).toEqual(['2018-03-01', '2021-03-01', 'one-mind-2016']);
    });
  });

  it('refuses a pledge dated in the future, even from staff', () => {
    spec.given([]).when(pledge({ pledgedOn: '2025-02-01' }), ctx('staff')).thenThrows('pledge-date-in-future');
  });
});
