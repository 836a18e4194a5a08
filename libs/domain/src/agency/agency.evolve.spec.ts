import { agencyDecider } from './agency.decider.js';
import { fold } from '../decider.js';
import { joined, partnership, pledged, trained } from '../testing/agency-fixtures.js';
import type { AgencyEvent } from '#events';

const lapsed: AgencyEvent = {
  type: 'PledgeLapsed',
  data: { cycle: 1, deadline: '2028-01-15', lapsedAt: '2028-01-15T00:00:00Z' },
};

describe('evolveAgency', () => {
  it('keeps the agency records across a new pledge cycle, and nothing of the old review', () => {
    const reminded: AgencyEvent = {
      type: 'DeadlineReminderSent',
      data: {
        cycle: 1,
        deadline: '2028-01-15',
        offsetDays: 7,
        sentAt: '2028-01-08T00:00:00Z',
        daysRemaining: 7,
        missing: [],
      },
    };
    const state = fold(agencyDecider, [
      pledged(),
      partnership(),
      joined('A'),
      trained('A', 'cit'),
      reminded,
      lapsed,
      pledged({ cycle: 2, pledgedOn: '2028-03-01', deadline: '2031-03-01' }),
    ]);
    expect(state).toMatchObject({
      status: 'pledged',
      cycle: 2,
      deadline: '2031-03-01',
      submission: null,
      certificate: null,
    });
    expect(state.status !== 'none' && state.remindersSent.size).toBe(0);
    expect(state.partnerships.size).toBe(1);
    expect(state.officers.get('A')?.trainings).toHaveLength(1);
  });

  it('lets a separated officer re-join with a new stint, keeping the classes held', () => {
    const state = fold(agencyDecider, [
      pledged(),
      joined('A', '2020-01-01'),
      trained('A', 'mhfa', '2021-01-01'),
      { type: 'OfficerSeparated', data: { officerRef: 'A', separatedOn: '2022-01-01' } },
      joined('A', '2024-06-01'),
    ]);
    expect(state.officers.get('A')).toEqual({
      sworn: true,
      joinedOn: '2024-06-01',
      trainings: [{ programId: 'mhfa', completedOn: '2021-01-01' }],
    });
  });
});
