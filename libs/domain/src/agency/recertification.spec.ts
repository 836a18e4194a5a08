import type { AgencyEvent } from '#events';
import { agencyDecider } from './agency.decider.js';
import type { AgencyCommand } from './agency.commands.js';
import { deciderSpec } from '../testing/decider-spec.js';
import { agencyCtx, approved, pledged, readyAgency, ref, submitted } from '../testing/agency-fixtures.js';
import { fold } from '../decider.js';

const spec = deciderSpec(agencyDecider);
const system = (now: string) => agencyCtx('system', now);
const agency = (now: string) => agencyCtx('agency', now);
const staff = (now: string) => agencyCtx('staff', now);
const NUMBER = 'OM-2025-TX-FLOWER-MOUND-PD-1';
const expire = (certificateNumber = NUMBER): AgencyCommand => ({
  type: 'ExpireCertification',
  data: { certificateNumber },
});
const recertify: AgencyCommand = { type: 'StartRecertification', data: { note: 'three years on' } };
const approve: AgencyCommand = { type: 'ApproveCertification', data: {} };
// One Mind 2023, effective 2025-09-10: valid through 2028-09-10 (36 months).
const certified = [...readyAgency(5, 1, 4), submitted(), approved()];
const expired: AgencyEvent = {
  type: 'CertificationExpired',
  data: {
    cycle: 1,
    certificateNumber: NUMBER,
    expiresOn: '2028-09-10',
    expiredAt: '2028-09-11T00:00:01.000Z',
  },
};

describe('certification expiry (validForMonths)', () => {
  it('a One Mind 2023 certificate carries expiresOn = effectiveOn + 36 months', () => {
    const state = fold(agencyDecider, certified);
    expect(state.status === 'certified' && state.certificate.expiresOn).toBe('2028-09-10');
  });

  it('expires the day after its last valid day, never before', () => {
    spec.given(certified).when(expire(), system('2028-09-10T23:59:59.000Z')).then([]);
    spec.given(certified).when(expire(), system('2028-09-11T00:00:01.000Z')).then([expired]);
  });

  it('decides nothing for another certificate, a revoked one, or when fired twice', () => {
    spec.given(certified).when(expire('OM-2020-OTHER-1'), system('2029-01-01T00:00:00Z')).then([]);
    const revoked: AgencyEvent = {
      type: 'CertificationRevoked',
      data: { cycle: 1, certificateNumber: NUMBER, revokedOn: '2026-01-01', reason: 'x' },
    };
    spec
      .given([...certified, revoked])
      .when(expire(), system('2029-01-01T00:00:00Z'))
      .then([]);
    spec
      .given([...certified, expired])
      .when(expire(), system('2029-01-01T00:00:00Z'))
      .then([]);
  });

  it('keeps the certificate on record once expired', () => {
    const state = fold(agencyDecider, [...certified, expired]);
    expect(state.status).toBe('expired');
    expect(state.status === 'expired' && state.certificate.number).toBe(NUMBER);
  });

  it('a One Mind 2016 certification never expires', () => {
    const of2016 = [
      pledged({ ruleSet: 'one-mind-2016' }),
      ...readyAgency(5, 1, 4).slice(1),
      submitted(),
      approved(),
    ];
    const state = fold(agencyDecider, of2016);
    expect(state.status === 'certified' && state.certificate.expiresOn).toBeUndefined();
    spec.given(of2016).when(expire(), system('2099-01-01T00:00:00Z')).then([]);
  });
});

describe('StartRecertification', () => {
  it('opens the next cycle by the rule set in force that day and submits it on today’s records', () => {
    spec
      .given([...certified, expired])
      .when(recertify, agency('2028-10-02T09:30:00.000Z'))
      .thenMatch(([started, submission, ...rest]) => {
        expect(rest).toEqual([]);
        expect(started).toEqual({
          type: 'RecertificationStarted',
          data: {
            cycle: 2,
            ruleSet: 'one-mind-2023',
            startedOn: '2028-10-02',
            deadline: '2031-10-02',
            previousCertificateNumber: NUMBER,
          },
        });
        expect(submission).toMatchObject({
          type: 'CertificationSubmitted',
          data: {
            cycle: 2,
            submittedAt: '2028-10-02T09:30:00.000Z',
            note: 'three years on',
            evaluation: { evaluatedOn: '2028-10-02', ruleSet: 'one-mind-2023', met: true },
          },
        });
      });
  });

  it('is open to a certified agency before its expiry too', () => {
    spec
      .given(certified)
      .when(recertify, staff('2028-06-01T09:00:00.000Z'))
      .thenMatch((events) =>
        expect(events.map((e) => e.type)).toEqual(['RecertificationStarted', 'CertificationSubmitted']),
      );
  });

  it('judges a One Mind 2016 agency by the rule set in force today', () => {
    const of2016 = [
      pledged({ ruleSet: 'one-mind-2016' }),
      ...readyAgency(5, 1, 4).slice(1),
      submitted(),
      approved(),
    ];
    spec
      .given(of2016)
      .when(recertify, agency('2026-12-07T09:00:00.000Z'))
      .thenMatch(([started]) =>
        expect(started).toMatchObject({ data: { ruleSet: 'one-mind-2023', cycle: 2 } }),
      );
  });

  it('is refused (422 not-certified) unless certified or expired', () => {
    spec
      .given(readyAgency(5, 1, 4))
      .when(recertify, agency('2025-10-01T00:00:00Z'))
      .thenThrows('not-certified');
    spec
      .given([...readyAgency(5, 1, 4), submitted()])
      .when(recertify, agency('2025-10-01T00:00:00Z'))
      .thenThrows('not-certified');
    const revoked: AgencyEvent = {
      type: 'CertificationRevoked',
      data: { cycle: 1, certificateNumber: NUMBER, revokedOn: '2026-01-01', reason: 'x' },
    };
    spec
      .given([...certified, revoked])
      .when(recertify, agency('2026-02-01T00:00:00Z'))
      .thenThrows('not-certified');
    spec.given([]).when(recertify, agency('2026-02-01T00:00:00Z')).thenThrows('agency-not-found');
  });

  it('is refused with what is missing when today’s records no longer meet the rule set', () => {
    const separated: AgencyEvent = {
      type: 'OfficerSeparated',
      data: { officerRef: ref(1), separatedOn: '2027-01-01' },
    };
    const error = spec
      .given([...certified, expired, separated])
      .when(recertify, agency('2028-10-02T09:30:00.000Z'))
      .thenThrows('requirements-not-met');
    expect(error.errors.length).toBeGreaterThan(0);
  });

  it('numbers the next certificates -2, then -3', () => {
    const step = (log: AgencyEvent[], command: AgencyCommand, now: string, role: 'agency' | 'staff') => [
      ...log,
      ...agencyDecider.decide(command, fold(agencyDecider, log), agencyCtx(role, now)),
    ];
    const cycle = (log: AgencyEvent[], now: string) =>
      step(step(log, recertify, now, 'agency'), approve, now, 'staff');
    const second = cycle([...certified, expired], '2028-10-02T09:30:00.000Z');
    expect(second.at(-1)).toMatchObject({
      type: 'CertificationApproved',
      data: { cycle: 2, certificateNumber: 'OM-2028-tx-flower-mound-pd-2', effectiveOn: '2028-10-02' },
    });
    const third = cycle(second, '2031-09-01T09:30:00.000Z');
    expect(third.at(-1)).toMatchObject({
      data: { cycle: 3, certificateNumber: 'OM-2031-tx-flower-mound-pd-3' },
    });
  });
});
