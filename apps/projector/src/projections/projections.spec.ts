import { agenciesProjection } from './agencies.projection.js';
import { catalogueProjection } from './catalogue.projection.js';
import { certificatesProjection, verificationCodeHash } from './certificates.projection.js';
import type { DecodedEvent } from './projection.js';
import { rosterProjection } from './roster.projection.js';

const at = (type: string, data: unknown, streamId = 'agency-tx-temple-pd'): DecodedEvent => ({ streamId, type, data, revision: 3n, position: 40n });

describe('projections are pure functions from an event to row operations', () => {
  it('agencies: a pledge writes the profile, a roster event only moves revision and position on', () => {
    const pledge = at('PledgeTaken', {
      agencyId: 'tx-temple-pd', cycle: 1, name: 'Temple PD', country: 'US', region: 'TX', signatory: { name: 'S', title: 'Chief' },
      contact: { name: 'C', email: 'c@example.org' }, commitmentMonths: 36, pledgedOn: '2025-01-15', deadline: '2028-01-15', ruleSet: 'one-mind-2023',
    });
    expect(agenciesProjection.project(pledge)).toEqual([{ op: 'pledge', row: expect.objectContaining({ agency_id: 'tx-temple-pd', ori: null, region: 'TX', deadline: '2028-01-15' }) }]);
    expect(agenciesProjection.project(at('OfficerJoined', { officerRef: 'o1', sworn: true, joinedOn: '2025-01-20' }))).toEqual([{ op: 'update', agencyId: 'tx-temple-pd', fields: {} }]);
    expect(agenciesProjection.project(at('PledgeLapsed', { cycle: 1, deadline: '2028-01-15', lapsedAt: 'x' }))).toEqual([{ op: 'update', agencyId: 'tx-temple-pd', fields: { status: 'lapsed' } }]);
    expect(agenciesProjection.project(at('TrainingProgramProposed', {}, 'training-programs'))).toEqual([]);
  });

  it('agencies: an agency event type without a handler is an error, never silently skipped', () => {
    expect(() => agenciesProjection.project(at('SomethingNew', {}))).toThrow(/no handler for SomethingNew/);
  });

  it('roster: officers, trainings, separations, partnerships and policies become row operations', () => {
    expect(rosterProjection.project(at('OfficerTrained', { officerRef: 'o1', programId: 'cit', completedOn: '2025-06-01' }))).toEqual([
      { op: 'officer-trained', agencyId: 'tx-temple-pd', officerRef: 'o1', programId: 'cit', completedOn: '2025-06-01', expiresOn: null, hours: null, certificateRef: null },
    ]);
    expect(rosterProjection.project(at('OfficerSeparated', { officerRef: 'o1', separatedOn: '2025-07-01' }))).toEqual([
      { op: 'officer-separated', agencyId: 'tx-temple-pd', officerRef: 'o1', separatedOn: '2025-07-01' },
    ]);
    expect(rosterProjection.project(at('CertificationSubmitted', {}))).toEqual([]);
  });

  it('catalogue: proposals and recognitions of programmes', () => {
    const data = { programId: 'ipr', name: 'IPR', provider: 'P', class: 'crisis', recognizedAt: '2025-05-01T00:00:00.000Z' };
    expect(catalogueProjection.project(at('TrainingProgramRecognized', data, 'training-programs'))).toEqual([
      { op: 'program', programId: 'ipr', name: 'IPR', provider: 'P', class: 'crisis', hours: null, recognizedAt: '2025-05-01T00:00:00.000Z', proposedBy: null },
    ]);
  });

  it('certificates: only a hash of the verification code is kept', () => {
    const ops = certificatesProjection.project(at('CertificationApproved', { cycle: 1, certificateNumber: 'OM-1', verificationCode: 'ABC', effectiveOn: '2025-09-10', approvedAt: 'x' }));
    expect(ops).toEqual([{ op: 'approved', number: 'OM-1', agencyId: 'tx-temple-pd', codeSha256: verificationCodeHash('ABC'), effectiveOn: '2025-09-10', approvedAt: 'x' }]);
    expect(JSON.stringify(ops)).not.toContain('"ABC"');
  });
});
