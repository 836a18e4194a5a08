import { agencyDecider } from './agency.decider.js';
import { deciderSpec } from '../testing/decider-spec.js';
import { agencyCtx as ctx, evidence, pledged } from '../testing/agency-fixtures.js';

const spec = deciderSpec(agencyDecider);
const attach = (extra: Record<string, unknown> = {}) => ({
  type: 'AttachEvidence' as const,
  data: {
    requirement: 'partnership' as const,
    filename: 'mou.pdf',
    mediaType: 'application/pdf' as const,
    size: 2048,
    sha256: 'e'.repeat(64),
    ...extra,
  },
});

describe('AttachEvidence', () => {
  it('records the document under an id drawn from the context, in any status once pledged', () => {
    spec
      .given([pledged()])
      .when(attach({ description: 'signed MOU' }), ctx('agency'))
      .then([
        {
          type: 'EvidenceAttached',
          data: {
            evidenceId: 'id-1',
            ...attach({ description: 'signed MOU' }).data,
            attachedAt: '2025-01-15T10:00:00.000Z',
            attachedBy: 'u1',
          },
        },
      ]);
  });
  it('refuses an agency that never pledged (404)', () => {
    spec.given([]).when(attach(), ctx('agency')).thenThrows('agency-not-found');
  });
  it('refuses what the edge should have refused: an unknown requirement or type, a bad hash or size', () => {
    const e = spec
      .given([pledged()])
      .when(
        attach({ requirement: 'x', mediaType: 'text/html', sha256: 'E'.repeat(64), size: 0 }),
        ctx('agency'),
      )
      .thenThrows('invalid-evidence');
    expect(e.errors?.map((x) => x.path)).toEqual(['requirement', 'mediaType', 'sha256', 'size']);
  });
});

describe('evidenceIds on partnerships and policies', () => {
  const partnership = (evidenceIds: string[]) => ({
    type: 'EstablishPartnership' as const,
    data: {
      partnerName: 'Denton County MHMR',
      partnerType: 'community-mental-health' as const,
      establishedOn: '2025-01-15',
      evidenceIds,
    },
  });
  const policy = (evidenceIds: string[]) => ({
    type: 'AdoptPolicy' as const,
    data: {
      title: 'Crisis response',
      version: '1',
      adoptedOn: '2025-01-10',
      effectiveOn: '2025-01-10',
      basedOnIacpModel: true,
      evidenceIds,
    },
  });
  it('carry the ids of evidence the agency attached', () => {
    spec
      .given([pledged(), evidence('ev-1'), evidence('ev-2', 'policy')])
      .when(partnership(['ev-1']), ctx('agency'))
      .then([
        { type: 'PartnershipEstablished', data: { partnershipId: 'id-1', ...partnership(['ev-1']).data } },
      ]);
    spec
      .given([pledged(), evidence('ev-2', 'policy')])
      .when(policy(['ev-2']), ctx('agency'))
      .then([{ type: 'PolicyAdopted', data: { policyId: 'id-1', ...policy(['ev-2']).data } }]);
  });
  it('refuse an id the agency never attached (422 evidence-not-found, each named)', () => {
    const e = spec
      .given([pledged(), evidence('ev-1')])
      .when(partnership(['ev-1', 'ev-9']), ctx('agency'))
      .thenThrows('evidence-not-found');
    expect(e.errors).toEqual([{ path: 'evidenceIds[1]', message: expect.stringContaining('ev-9') }]);
    spec
      .given([pledged()])
      .when(policy(['ev-1']), ctx('agency'))
      .thenThrows('evidence-not-found');
  });
  it('evidence outlives a new pledge cycle', () => {
    spec
      .given([
        pledged(),
        evidence('ev-1'),
        { type: 'PledgeWithdrawn', data: { cycle: 1, withdrawnOn: '2025-01-02', reason: 'r' } },
        pledged({ cycle: 2 }),
      ])
      .when(partnership(['ev-1']), ctx('agency'))
      .then([
        { type: 'PartnershipEstablished', data: { partnershipId: 'id-1', ...partnership(['ev-1']).data } },
      ]);
  });
});

describe('AttachEvidence for a practice (Trust Building)', () => {
  it("backs a practice of the agency's rule set; another agency's rule set has no such requirement", () => {
    spec
      .given([pledged({ ruleSet: 'trust-building-2022' })])
      .when(attach({ requirement: 'practice-03' }), ctx('agency'))
      .thenMatch(([e]) => expect(e).toMatchObject({ data: { requirement: 'practice-03' } }));
    spec
      .given([pledged({ ruleSet: 'trust-building-2022' })])
      .when(attach({ requirement: 'practice-26' }), ctx('agency'))
      .thenThrows('invalid-evidence');
    spec
      .given([pledged()])
      .when(attach({ requirement: 'practice-03' }), ctx('agency'))
      .thenThrows('invalid-evidence');
  });
});
