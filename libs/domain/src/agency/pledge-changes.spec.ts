import { agencyDecider } from './agency.decider.js';
import { deciderSpec } from '../testing/decider-spec.js';
import { agencyCtx, approved, pledgeCommand, readyAgency, submitted } from '../testing/agency-fixtures.js';
import type { AgencyEvent } from '#events';
import type { AgencyCommand } from './agency.commands.js';

const spec = deciderSpec(agencyDecider);
const staff = (now = '2025-09-10T10:00:00.000Z') => agencyCtx('staff', now);
const base = readyAgency(5, 1);
const underReview = [...base, submitted('2025-09-01T10:00:00.000Z')];
const certified = [...underReview, approved()];
const withdrawn: AgencyEvent = {
  type: 'PledgeWithdrawn',
  data: { cycle: 1, withdrawnOn: '2025-05-01', reason: 'x' },
};
const lapsed: AgencyEvent = {
  type: 'PledgeLapsed',
  data: { cycle: 1, deadline: '2028-01-15', lapsedAt: '2028-01-15T00:00:00Z' },
};
const extend = (newDeadline: string): AgencyCommand => ({
  type: 'ExtendDeadline',
  data: { newDeadline, reason: 'hiring freeze' },
});

describe('ExtendDeadline', () => {
  it('moves an open pledge deadline later', () => {
    spec
      .given(base)
      .when(extend('2028-07-15'), staff())
      .then([
        {
          type: 'DeadlineExtended',
          data: {
            cycle: 1,
            previousDeadline: '2028-01-15',
            newDeadline: '2028-07-15',
            reason: 'hiring freeze',
          },
        },
      ]);
    spec
      .given(underReview)
      .when(extend('2028-07-15'), staff())
      .thenMatch((e) => expect(e).toHaveLength(1));
  });
  it('refuses a date not after the deadline, a step beyond 36 months and a blank reason', () => {
    spec.given(base).when(extend('2028-01-15'), staff()).thenThrows('deadline-not-later');
    spec
      .given(base)
      .when(extend('2031-01-15'), staff())
      .thenMatch((e) => expect(e).toHaveLength(1));
    spec.given(base).when(extend('2031-01-16'), staff()).thenThrows('extension-too-long');
    spec
      .given(base)
      .when({ type: 'ExtendDeadline', data: { newDeadline: '2028-07-15', reason: '' } }, staff())
      .thenThrows('reason-required');
  });
  it('needs an open pledge', () => {
    spec
      .given([...base, lapsed])
      .when(extend('2028-07-15'), staff())
      .thenThrows('pledge-not-open');
    spec.given(certified).when(extend('2028-07-15'), staff()).thenThrows('pledge-not-open');
  });
});

describe('WithdrawPledge', () => {
  it('withdraws an open pledge, also during review', () => {
    spec
      .given(base)
      .when(
        { type: 'WithdrawPledge', data: { reason: 'new chief' } },
        agencyCtx('agency', '2025-05-01T00:00:00Z'),
      )
      .then([
        { type: 'PledgeWithdrawn', data: { cycle: 1, withdrawnOn: '2025-05-01', reason: 'new chief' } },
      ]);
    spec
      .given(underReview)
      .when({ type: 'WithdrawPledge', data: { reason: 'x' } }, staff())
      .thenMatch((e) => expect(e).toHaveLength(1));
  });
  it('needs an open pledge and a reason', () => {
    spec
      .given([...base, withdrawn])
      .when({ type: 'WithdrawPledge', data: { reason: 'x' } }, staff())
      .thenThrows('pledge-not-open');
    spec
      .given(certified)
      .when({ type: 'WithdrawPledge', data: { reason: 'x' } }, staff())
      .thenThrows('pledge-not-open');
    spec
      .given(base)
      .when({ type: 'WithdrawPledge', data: { reason: ' ' } }, staff())
      .thenThrows('reason-required');
  });
});

describe('RevokeCertification', () => {
  it('revokes the certificate by number', () => {
    spec
      .given(certified)
      .when(
        { type: 'RevokeCertification', data: { reason: 'misreported roster' } },
        staff('2026-01-01T00:00:00Z'),
      )
      .then([
        {
          type: 'CertificationRevoked',
          data: {
            cycle: 1,
            certificateNumber: 'OM-2025-TX-FLOWER-MOUND-PD-1',
            revokedOn: '2026-01-01',
            reason: 'misreported roster',
          },
        },
      ]);
  });
  it('needs a certified agency and a reason', () => {
    spec
      .given(underReview)
      .when({ type: 'RevokeCertification', data: { reason: 'x' } }, staff())
      .thenThrows('not-certified');
    spec
      .given(certified)
      .when({ type: 'RevokeCertification', data: { reason: '' } }, staff())
      .thenThrows('reason-required');
  });
  it('lets a revoked agency pledge again', () => {
    const revoked: AgencyEvent = {
      type: 'CertificationRevoked',
      data: {
        cycle: 1,
        certificateNumber: 'OM-2025-TX-FLOWER-MOUND-PD-1',
        revokedOn: '2026-01-01',
        reason: 'x',
      },
    };
    spec
      .given([...certified, revoked])
      .when(pledgeCommand(), agencyCtx('agency', '2026-02-01T00:00:00Z'))
      .thenMatch(([e]) => expect(e.type === 'PledgeTaken' && e.data.cycle).toBe(2));
  });
});
