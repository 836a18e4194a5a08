import { agencyDecider } from './agency.decider.js';
import { deciderSpec } from '../testing/decider-spec.js';
import { agencyCtx, approved, pledged, policy, roster, submitted } from '../testing/agency-fixtures.js';
import type { AgencyEvent } from '#events';
import type { AgencyCommand } from './agency.commands.js';

const spec = deciderSpec(agencyDecider);
const system = (now: string) => agencyCtx('system', now);
const remind = (offsetDays: number, deadline = '2028-01-15'): AgencyCommand => ({
  type: 'SendDeadlineReminder',
  data: { deadline, offsetDays },
});
const lapse = (deadline = '2028-01-15'): AgencyCommand => ({ type: 'LapsePledge', data: { deadline } });
const reminded = (offsetDays: number, deadline = '2028-01-15'): AgencyEvent => ({
  type: 'DeadlineReminderSent',
  data: {
    cycle: 1,
    deadline,
    offsetDays,
    sentAt: '2027-07-19T00:00:00Z',
    daysRemaining: offsetDays,
    missing: [],
  },
});
const extended: AgencyEvent = {
  type: 'DeadlineExtended',
  data: { cycle: 1, previousDeadline: '2028-01-15', newDeadline: '2028-07-15', reason: 'x' },
};
const changes: AgencyEvent = {
  type: 'CertificationChangesRequested',
  data: { cycle: 1, reasons: [{ requirement: 'x', message: 'y' }] },
};
// 96 sworn (Flower Mound 2020), 9 crisis-trained of 20 required, no partnership yet.
const working = [pledged(), policy(), ...roster(96, 9, 80)];

describe('SendDeadlineReminder', () => {
  it('tells the contact what is still missing and how many days remain', () => {
    spec
      .given(working)
      .when(remind(180), system('2027-07-19T06:00:00Z'))
      .then([
        {
          type: 'DeadlineReminderSent',
          data: {
            cycle: 1,
            deadline: '2028-01-15',
            offsetDays: 180,
            sentAt: '2027-07-19T06:00:00Z',
            daysRemaining: 180,
            missing: [
              'no active partnership with a community mental-health organisation',
              'crisis: 9 of 20 required (11 more officers need crisis-intervention training)',
              'coverage: 89 of 96 sworn officers trained (7 without a qualifying class)',
            ],
          },
        },
      ]);
  });
  it('decides nothing for an offset already sent for this deadline (a timer fired twice)', () => {
    spec
      .given([...working, reminded(180)])
      .when(remind(180), system('2027-07-19T06:00:01Z'))
      .then([]);
    spec
      .given([...working, reminded(180)])
      .when(remind(90), system('2027-10-17T06:00:00Z'))
      .thenMatch((e) => expect(e).toHaveLength(1));
  });
  it('decides nothing when the deadline moved, the pledge is under review or closed, or the deadline passed', () => {
    spec
      .given([...working, extended])
      .when(remind(30), system('2027-12-16T00:00:00Z'))
      .then([]);
    spec
      .given([...working, submitted()])
      .when(remind(30), system('2027-12-16T00:00:00Z'))
      .then([]);
    spec
      .given([...working, submitted(), approved()])
      .when(remind(30), system('2027-12-16T00:00:00Z'))
      .then([]);
    spec.given(working).when(remind(7), system('2028-01-15T00:00:00Z')).then([]);
  });
  it('reminds again for the same offset once the deadline was extended', () => {
    spec
      .given([...working, reminded(30), extended])
      .when(remind(30, '2028-07-15'), system('2028-06-15T00:00:00Z'))
      .thenMatch((e) => expect(e).toHaveLength(1));
  });
  it('reminds a pledge whose changes were requested', () => {
    spec
      .given([...working, submitted(), changes])
      .when(remind(7), system('2028-01-08T00:00:00Z'))
      .thenMatch(([e]) => {
        expect(e.type === 'DeadlineReminderSent' && e.data.daysRemaining).toBe(7);
      });
  });
});

describe('LapsePledge', () => {
  const lapsed: AgencyEvent = {
    type: 'PledgeLapsed',
    data: { cycle: 1, deadline: '2028-01-15', lapsedAt: '2028-01-15T00:00:05Z' },
  };
  it('lapses a pledge on its deadline', () => {
    spec.given(working).when(lapse(), system('2028-01-15T00:00:05Z')).then([lapsed]);
    spec
      .given([...working, submitted(), changes])
      .when(lapse(), system('2028-01-15T00:00:05Z'))
      .then([lapsed]);
  });
  it('never lapses early (a fast clock), twice, on a moved deadline, or under review', () => {
    spec.given(working).when(lapse(), system('2028-01-14T23:59:59Z')).then([]);
    spec
      .given([...working, lapsed])
      .when(lapse(), system('2028-01-15T00:10:00Z'))
      .then([]);
    spec
      .given([...working, extended])
      .when(lapse(), system('2028-01-16T00:00:00Z'))
      .then([]);
    spec
      .given([...working, submitted()])
      .when(lapse(), system('2028-01-16T00:00:00Z'))
      .then([]);
  });
});
