import { AGENCY_EVENT_TYPES, type AgencyEvent } from '#events';
import { agencyDecider } from '#domain';
import { AGENCY_ID, approved, joined, pledged, submitted } from '#domain/testing';
import { projectionSpec } from '../testing/projection-spec.js';
import { agenciesProjection, evolveAgencyRow } from './agencies.projection.js';

const spec = projectionSpec(agenciesProjection);
const issued: AgencyEvent = {
  type: 'CertificateIssued',
  data: {
    cycle: 1,
    certificateNumber: 'OM-2025-TX-FLOWER-MOUND-PD-1',
    sha256: 'ab'.repeat(32),
    issuedAt: '2025-09-10T10:05:00.000Z',
  },
};
const lapsed: AgencyEvent = {
  type: 'PledgeLapsed',
  data: { cycle: 1, deadline: '2028-01-15', lapsedAt: '2028-01-15T00:00:00.000Z' },
};
const reminder: AgencyEvent = {
  type: 'DeadlineReminderSent',
  data: {
    cycle: 1,
    deadline: '2028-01-15',
    offsetDays: 90,
    sentAt: '2027-10-17T00:00:00.000Z',
    daysRemaining: 90,
    missing: [],
  },
};

describe('agencies read model (agencies + reminders)', () => {
  it('a pledge writes the profile with status pledged', () => {
    spec
      .given([])
      .when([pledged()])
      .then('agencies', [
        {
          agency_id: AGENCY_ID,
          status: 'pledged',
          cycle: 1,
          ori: 'TX0611200',
          region: 'TX',
          agency_type: null,
          deadline: '2028-01-15',
          revision: 0,
          position: 1,
        },
      ]);
  });

  it('a roster event only moves revision and position on', () => {
    spec
      .given([pledged()])
      .when([joined('FM-0001')])
      .then('agencies', [{ status: 'pledged', revision: 1, position: 2 }]);
  });

  it('submission, approval and the certificate document fill the review columns', () => {
    spec
      .given([pledged(), submitted()])
      .when([approved(), issued])
      .then('agencies', [
        {
          status: 'certified',
          submitted_at: '2025-09-01T10:00:00.000Z',
          certificate_number: 'OM-2025-TX-FLOWER-MOUND-PD-1',
          verification_code: 'CODE-1234',
          certificate_effective_on: '2025-09-10',
          certificate_sha256: 'ab'.repeat(32),
          revision: 3,
          position: 4,
        },
      ]);
  });

  it('a certificate document without an approval changes nothing but the revision', () => {
    spec
      .given([pledged()])
      .when([issued])
      .then('agencies', [{ status: 'pledged', certificate_sha256: null, revision: 1, position: 2 }]);
  });

  it('a lapse ends the pledge; a new pledge starts the cycle over with the review cleared', () => {
    spec
      .given([pledged(), submitted()])
      .when([lapsed])
      .then('agencies', [{ status: 'lapsed', submitted_at: '2025-09-01T10:00:00.000Z' }]);
    spec
      .given([pledged(), submitted(), lapsed])
      .when([pledged({ cycle: 2, deadline: '2031-01-15' })])
      .then('agencies', [
        {
          status: 'pledged',
          cycle: 2,
          deadline: '2031-01-15',
          submitted_at: null,
          submission_evaluation: null,
          position: 4,
        },
      ]);
  });

  it('an expiry keeps the certificate; a recertification starts the next cycle with its columns cleared', () => {
    const expired: AgencyEvent = {
      type: 'CertificationExpired',
      data: {
        cycle: 1,
        certificateNumber: 'OM-2025-TX-FLOWER-MOUND-PD-1',
        expiresOn: '2028-09-10',
        expiredAt: '2028-09-11T00:00:00.000Z',
      },
    };
    spec
      .given([pledged(), submitted(), approved(), issued])
      .when([expired])
      .then('agencies', [
        {
          status: 'expired',
          certificate_number: 'OM-2025-TX-FLOWER-MOUND-PD-1',
          certificate_sha256: 'ab'.repeat(32),
        },
      ]);
    spec
      .given([pledged(), submitted(), approved(), issued, expired])
      .when([
        {
          type: 'RecertificationStarted',
          data: {
            cycle: 2,
            ruleSet: 'one-mind-2023',
            startedOn: '2028-10-02',
            deadline: '2031-10-02',
            previousCertificateNumber: 'OM-2025-TX-FLOWER-MOUND-PD-1',
          },
        },
      ])
      .then('agencies', [
        {
          status: 'pledged',
          cycle: 2,
          rule_set: 'one-mind-2023',
          pledged_on: '2028-10-02',
          deadline: '2031-10-02',
          submitted_at: null,
          certificate_number: null,
          certificate_effective_on: null,
          certificate_sha256: null,
          position: 6,
        },
      ]);
  });

  it('a reminder is one row of its cycle and moves the agency row on', () => {
    spec
      .given([pledged()])
      .when([reminder])
      .then('reminders', [
        {
          position: 2,
          agency_id: AGENCY_ID,
          cycle: 1,
          deadline: '2028-01-15',
          offset_days: 90,
          sent_at: '2027-10-17T00:00:00.000Z',
        },
      ]);
    spec
      .given([pledged()])
      .when([reminder])
      .then('agencies', [{ revision: 1, position: 2 }]);
  });

  it('events of other streams are not agencies', () => {
    const program = {
      type: 'TrainingProgramProposed',
      data: { programId: 'x', name: 'X', provider: 'P', class: 'crisis', proposedBy: 'u', proposedAt: 't' },
    } as const;
    spec.given([]).when([program]).then('agencies', []);
  });

  it('reads every agency event (each moves the row on): canHandle is the whole agency union', () => {
    expect([...agenciesProjection.canHandle].sort()).toEqual([...AGENCY_EVENT_TYPES].sort());
  });

  it('an event outside the row events fails to compile into the row switch, and throws if it ever came', () => {
    // @ts-expect-error: the switch is exhaustive over AGENCY_ROW_EVENTS, and OfficerJoined is not one
    expect(() => evolveAgencyRow(joined('FM-0001'), AGENCY_ID)).toThrow(/no handler for OfficerJoined/);
  });
});

describe('the agency row follows the lifecycle the decider folds', () => {
  const withdrawn: AgencyEvent = {
    type: 'PledgeWithdrawn',
    data: { cycle: 1, withdrawnOn: '2025-10-01', reason: 'r' },
  };
  const changes: AgencyEvent = { type: 'CertificationChangesRequested', data: { cycle: 1, reasons: [] } };
  const revoked: AgencyEvent = {
    type: 'CertificationRevoked',
    data: {
      cycle: 1,
      certificateNumber: 'OM-2025-TX-FLOWER-MOUND-PD-1',
      revokedOn: '2026-01-02',
      reason: 'r',
    },
  };
  const paths: AgencyEvent[][] = [
    [pledged()],
    [pledged(), submitted()],
    [pledged(), submitted(), changes],
    [pledged(), submitted(), approved()],
    [pledged(), lapsed],
    [pledged(), submitted(), withdrawn],
    [pledged(), submitted(), approved(), revoked],
    [pledged(), joined('FM-0001'), reminder],
  ];
  it.each(paths.map((p) => [p.map((e) => e.type).join(' → '), p]))('%s', (_name, events) => {
    const status = (events as AgencyEvent[]).reduce(
      agencyDecider.evolve,
      agencyDecider.initialState(),
    ).status;
    spec
      .given([])
      .when(events as AgencyEvent[])
      .then('agencies', [{ status }]);
  });
});
