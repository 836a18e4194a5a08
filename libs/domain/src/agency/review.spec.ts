import { agencyDecider } from './agency.decider.js';
import { deciderSpec } from '../testing/decider-spec.js';
import { agencyCtx, approved, pledged, readyAgency, submitted } from '../testing/agency-fixtures.js';
import type { AgencyEvent } from '#events';
import type { AgencyCommand } from './agency.commands.js';

const spec = deciderSpec(agencyDecider);
const staff = (now = '2025-09-10T10:00:00.000Z') => agencyCtx('staff', now);
const base = readyAgency(5, 1);
const underReview = [...base, submitted('2025-09-01T10:00:00.000Z')];
const certified = [...underReview, approved()];
const changes = (): AgencyCommand => ({
  type: 'RequestChanges',
  data: { reasons: [{ requirement: 'policy', message: 'the policy PDF is missing' }] },
});
const approve = (effectiveOn?: string): AgencyCommand => ({
  type: 'ApproveCertification',
  data: effectiveOn ? { effectiveOn } : {},
});

describe('RequestChanges', () => {
  it('sends a submission back with its reasons', () => {
    spec
      .given(underReview)
      .when(changes(), staff())
      .then([
        {
          type: 'CertificationChangesRequested',
          data: { cycle: 1, reasons: [{ requirement: 'policy', message: 'the policy PDF is missing' }] },
        },
      ]);
  });
  it('needs a submission under review and at least one reason', () => {
    spec.given(base).when(changes(), staff()).thenThrows('not-submitted');
    spec
      .given(underReview)
      .when({ type: 'RequestChanges', data: { reasons: [] } }, staff())
      .thenThrows('reasons-required');
  });
});

describe('ApproveCertification', () => {
  it('certifies today with a deterministic certificate number and a random verification code', () => {
    spec
      .given(underReview)
      .when(approve(), staff())
      // approved() with the number as issued now (the agency id as given), the context's code, effective today.
      .then([
        {
          ...approved(),
          data: { ...approved().data, certificateNumber: 'OM-2025-tx-flower-mound-pd-1' },
        } as AgencyEvent,
      ]);
  });
  it('may date the certification back to the submission, not before, and not into the future', () => {
    spec
      .given(underReview)
      .when(approve('2025-09-01'), staff())
      .thenMatch(([e]) =>
        expect(e.type === 'CertificationApproved' && e.data.effectiveOn).toBe('2025-09-01'),
      );
    spec.given(underReview).when(approve('2025-08-31'), staff()).thenThrows('effective-before-submission');
    spec.given(underReview).when(approve('2025-09-11'), staff()).thenThrows('date-in-future');
  });
  it('needs a submission under review', () => {
    spec.given(base).when(approve(), staff()).thenThrows('not-submitted');
    spec.given(certified).when(approve(), staff()).thenThrows('not-submitted');
  });
  it('numbers a later cycle differently', () => {
    const second = [
      ...certified,
      {
        type: 'CertificationRevoked',
        data: {
          cycle: 1,
          certificateNumber: 'OM-2025-TX-FLOWER-MOUND-PD-1',
          revokedOn: '2026-01-01',
          reason: 'x',
        },
      } as AgencyEvent,
      pledged({ cycle: 2, pledgedOn: '2026-02-01', deadline: '2029-02-01' }),
      submitted('2026-06-01T00:00:00Z'),
    ];
    spec
      .given(
        second.map((e) =>
          e.type === 'CertificationSubmitted' ? { ...e, data: { ...e.data, cycle: 2 } } : e,
        ),
      )
      .when(approve(), staff('2027-01-05T00:00:00Z'))
      .thenMatch(([e]) =>
        expect(e.type === 'CertificationApproved' && e.data.certificateNumber).toBe(
          'OM-2027-tx-flower-mound-pd-2',
        ),
      );
  });
});
