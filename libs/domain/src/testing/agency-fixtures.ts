import type { AgencyEvent, PledgeTakenData, Role } from '#events';
import type { AgencyDecisionContext } from '../agency/agency.context.js';
import type { TakePledge } from '../agency/agency.commands.js';
import { initialCatalogue, type Catalogue } from '../programs/catalogue.js';

/** Test data shared by the agency specs: Flower Mound PD (ORI TX0611200), pledged 2025-01-15. */
export const AGENCY_ID = 'tx-flower-mound-pd';

/** A context whose random ids count up (id-1, id-2, …) so expected events can name them. */
export function agencyCtx(
  role: Role,
  now = '2025-01-15T10:00:00.000Z',
  catalogue: Catalogue = initialCatalogue(),
  extra: { sub?: string; fourEyes?: boolean } = {},
): AgencyDecisionContext {
  let n = 0;
  return {
    now,
    actor: { sub: extra.sub ?? 'u1', role, agencyId: role === 'agency' ? AGENCY_ID : undefined },
    random: { id: () => `id-${++n}`, verificationCode: () => 'CODE-1234' },
    catalogue,
    fourEyes: extra.fourEyes ?? false,
  };
}

export const pledgeCommand = (extra: Partial<TakePledge['data']> = {}): TakePledge => ({
  type: 'TakePledge',
  data: {
    agencyId: AGENCY_ID,
    name: 'Flower Mound Police Department',
    ori: 'TX0611200',
    country: 'US',
    region: 'TX',
    signatory: { name: 'Andy Kancel', title: 'Chief of Police' },
    contact: { name: 'Lt. Jones', email: 'jones@example.org' },
    ...extra,
  },
});

export const pledged = (extra: Partial<PledgeTakenData> = {}): AgencyEvent => ({
  type: 'PledgeTaken',
  data: {
    ...pledgeCommand().data,
    cycle: 1,
    commitmentMonths: 36,
    pledgedOn: '2025-01-15',
    deadline: '2028-01-15',
    ruleSet: 'one-mind-2023',
    ...extra,
  },
});

export const partnership = (partnershipId = 'p-1', establishedOn = '2025-02-01'): AgencyEvent => ({
  type: 'PartnershipEstablished',
  data: {
    partnershipId,
    partnerName: 'Denton County MHMR',
    partnerType: 'community-mental-health',
    establishedOn,
  },
});

export const policy = (policyId = 'pol-1', effectiveOn = '2025-03-01'): AgencyEvent => ({
  type: 'PolicyAdopted',
  data: {
    policyId,
    title: 'Response to persons in mental-health crisis',
    version: '1',
    adoptedOn: '2025-02-15',
    effectiveOn,
    basedOnIacpModel: true,
  },
});

export const evidence = (
  evidenceId = 'ev-1',
  requirement: 'partnership' | 'policy' = 'partnership',
): AgencyEvent => ({
  type: 'EvidenceAttached',
  data: {
    evidenceId,
    requirement,
    filename: 'mou.pdf',
    mediaType: 'application/pdf',
    size: 2048,
    sha256: 'e'.repeat(64),
    attachedAt: '2025-01-15T09:00:00.000Z',
    attachedBy: 'chief@flower-mound',
  },
});

export const joined = (officerRef: string, joinedOn = '2025-01-20', sworn = true): AgencyEvent => ({
  type: 'OfficerJoined',
  data: { officerRef, sworn, joinedOn },
});

export const trained = (officerRef: string, programId: string, completedOn = '2025-06-01'): AgencyEvent => ({
  type: 'OfficerTrained',
  data: { officerRef, programId, completedOn },
});

export const ref = (i: number): string => `FM-${String(i).padStart(4, '0')}`;

/**
 * A roster of `sworn` officers: the first `crisis` hold CIT, the next `awareness` hold MHFA for
 * Public Safety, the rest nothing.
 */
export function roster(sworn: number, crisis: number, awareness = sworn - crisis): AgencyEvent[] {
  const events: AgencyEvent[] = [];
  for (let i = 1; i <= sworn; i += 1) {
    events.push(joined(ref(i)));
    if (i <= crisis) events.push(trained(ref(i), 'cit'));
    else if (i <= crisis + awareness) events.push(trained(ref(i), 'mhfa-public-safety'));
  }
  return events;
}

/** Pledged, with a partnership, a policy in effect and the given roster. */
export const readyAgency = (sworn: number, crisis: number, awareness?: number): AgencyEvent[] => [
  pledged(),
  partnership(),
  policy(),
  ...roster(sworn, crisis, awareness),
];

export const submitted = (submittedAt = '2025-09-01T10:00:00.000Z'): AgencyEvent => ({
  type: 'CertificationSubmitted',
  data: {
    cycle: 1,
    submittedAt,
    evaluation: {
      evaluatedOn: submittedAt.slice(0, 10),
      ruleSet: 'one-mind-2023',
      met: true,
      partnership: { met: true, active: 1 },
      policy: { met: true, policyId: 'pol-1', effectiveOn: '2025-03-01' },
      training: {
        met: true,
        sworn: 5,
        crisisTrained: 1,
        crisisRequired: 1,
        awarenessTrained: 4,
        covered: 5,
        uncovered: 0,
      },
    },
  },
});

export const approved = (): AgencyEvent => ({
  type: 'CertificationApproved',
  data: {
    cycle: 1,
    certificateNumber: 'OM-2025-TX-FLOWER-MOUND-PD-1',
    verificationCode: 'CODE-1234',
    effectiveOn: '2025-09-10',
    approvedAt: '2025-09-10T10:00:00.000Z',
  },
});
