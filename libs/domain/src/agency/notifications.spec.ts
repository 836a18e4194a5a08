import type { AgencyEvent } from '#events';
import { agencyDecider } from './agency.decider.js';
import { deciderSpec } from '../testing/decider-spec.js';
import { agencyCtx, joined, pledged, submitted } from '../testing/agency-fixtures.js';
import type { AgencyCommand } from './agency.commands.js';
import { initialAgencyState } from './agency.state.js';
import { evolveAgency } from './agency.evolve.js';
import { latestExpiry, trainingsExpiringOn } from './training-expiry.js';
import { initialCatalogue } from '../programs/catalogue.js';

const spec = deciderSpec(agencyDecider);
const ctx = agencyCtx('system', '2025-09-02T10:00:00.000Z');

describe('RecordNotificationSent', () => {
  const data = {
    notificationId: 'changes-requested/tx-flower-mound-pd/9',
    kind: 'changes-requested' as const,
    messageId: '<changes-requested.tx-flower-mound-pd.9@onemind>',
    to: 'contact@example.org',
    sentAt: '2025-09-02T10:00:00.000Z',
  };
  const command: AgencyCommand = { type: 'RecordNotificationSent', data };
  const recorded: AgencyEvent = { type: 'NotificationSent', data };

  it('records a notification once; a re-run of the job decides nothing', () => {
    spec.given([pledged(), submitted()]).when(command, ctx).then([recorded]);
    spec.given([pledged(), submitted(), recorded]).when(command, ctx).then([]);
  });
  it('remembers it across a new pledge cycle (a training expiry outlives the cycle)', () => {
    spec
      .given([
        pledged(),
        recorded,
        { type: 'PledgeWithdrawn', data: { cycle: 1, withdrawnOn: '2025-08-01', reason: 'r' } },
        pledged({ cycle: 2 }),
      ])
      .when(command, ctx)
      .then([]);
  });
  it('refuses an agency that never pledged', () => {
    spec.given([]).when(command, ctx).thenThrows('agency-not-found');
  });
});

describe('trainingsExpiringOn (what the training-expiry mail lists)', () => {
  const trained = (officerRef: string, programId: string, expiresOn?: string): AgencyEvent => ({
    type: 'OfficerTrained',
    data: { officerRef, programId, completedOn: '2025-01-10', ...(expiresOn ? { expiresOn } : {}) },
  });
  const state = (events: AgencyEvent[]) => [pledged(), ...events].reduce(evolveAgency, initialAgencyState());
  const catalogue = initialCatalogue();
  const day = '2026-06-30';

  it('lists the counting records that run out that day: sworn officers on the roster, recognised programmes', () => {
    const s = state([
      joined('o-1'),
      joined('o-2'),
      joined('civ-1', '2025-01-20', false),
      joined('o-3'),
      trained('o-1', 'cit', day),
      trained('o-2', 'cit', '2026-07-01'),
      trained('civ-1', 'cit', day),
      trained('o-3', 'cit', day),
      { type: 'OfficerSeparated', data: { officerRef: 'o-3', separatedOn: '2025-08-01' } },
    ]);
    expect(trainingsExpiringOn(s, day, '2025-09-02', catalogue)).toEqual([
      { officerRef: 'o-1', programId: 'cit', programName: catalogue.get('cit')!.name },
    ]);
  });

  it('a renewal or a record that never expires takes the officer off the list', () => {
    const renewed = state([joined('o-1'), trained('o-1', 'cit', day), trained('o-1', 'cit', '2028-06-30')]);
    expect(trainingsExpiringOn(renewed, day, '2025-09-02', catalogue)).toEqual([]);
    const forever = state([joined('o-1'), trained('o-1', 'cit', day), trained('o-1', 'cit')]);
    expect(trainingsExpiringOn(forever, day, '2025-09-02', catalogue)).toEqual([]);
    expect(latestExpiry([{ programId: 'cit', completedOn: 'x', expiresOn: day }], 'cit')).toBe(day);
    expect(latestExpiry([], 'cit')).toBeUndefined();
  });

  it('an unknown programme does not count', () => {
    const s = state([joined('o-1'), trained('o-1', 'not-in-catalogue', day)]);
    expect(trainingsExpiringOn(s, day, '2025-09-02', catalogue)).toEqual([]);
  });
});
