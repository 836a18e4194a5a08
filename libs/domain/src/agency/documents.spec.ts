import { agencyDecider } from './agency.decider.js';
import { deciderSpec } from '../testing/decider-spec.js';
import { agencyCtx, approved, partnership, pledged, roster, submitted } from '../testing/agency-fixtures.js';
import type { AgencyEvent } from '#events';
import type { AgencyCommand } from './agency.commands.js';

const spec = deciderSpec(agencyDecider);
const system = (now: string) => agencyCtx('system', now);
// 96 sworn (Flower Mound 2020), 9 crisis-trained of 20 required, no partnership yet.

describe('IssueCertificate, IssuePresidentialLetter, FeatureInNewsletter', () => {
  const certified = [pledged(), partnership(), ...roster(5, 1), submitted(), approved()];
  const sha = 'a'.repeat(64);
  const certificate = (extra: { certificateNumber?: string } = {}): AgencyCommand => ({
    type: 'IssueCertificate',
    data: { sha256: sha, issuedAt: '2025-09-10T10:00:02Z', ...extra },
  });
  const letter: AgencyCommand = {
    type: 'IssuePresidentialLetter',
    data: { sha256: sha, issuedAt: '2025-09-10T10:00:03Z' },
  };
  const newsletter: AgencyCommand = { type: 'FeatureInNewsletter', data: {} };
  const issued: AgencyEvent = {
    type: 'CertificateIssued',
    data: {
      cycle: 1,
      certificateNumber: 'OM-2025-TX-FLOWER-MOUND-PD-1',
      sha256: sha,
      issuedAt: '2025-09-10T10:00:02Z',
    },
  };
  const letterIssued: AgencyEvent = {
    type: 'PresidentialLetterIssued',
    data: {
      cycle: 1,
      sha256: sha,
      issuedAt: '2025-09-10T10:00:03Z',
      addressedTo: { name: 'Andy Kancel', title: 'Chief of Police' },
    },
  };
  const queued: AgencyEvent = {
    type: 'NewsletterFeatureQueued',
    data: { cycle: 1, certificateNumber: 'OM-2025-TX-FLOWER-MOUND-PD-1', queuedAt: '2025-09-10T10:00:04Z' },
  };
  const ctx = system('2025-09-10T10:00:04Z');

  it('record each document once, the letter addressed to the signatory', () => {
    spec.given(certified).when(certificate(), ctx).then([issued]);
    spec.given(certified).when(letter, ctx).then([letterIssued]);
    spec.given(certified).when(newsletter, ctx).then([queued]);
  });
  it('decide nothing the second time', () => {
    spec
      .given([...certified, issued])
      .when(certificate(), ctx)
      .then([]);
    spec
      .given([...certified, letterIssued])
      .when(letter, ctx)
      .then([]);
    spec
      .given([...certified, queued])
      .when(newsletter, ctx)
      .then([]);
  });
  it('decide nothing for a revoked certificate or a job pinned to another number', () => {
    const revoked: AgencyEvent = {
      type: 'CertificationRevoked',
      data: {
        cycle: 1,
        certificateNumber: 'OM-2025-TX-FLOWER-MOUND-PD-1',
        revokedOn: '2025-09-10',
        reason: 'x',
      },
    };
    spec
      .given([...certified, revoked])
      .when(certificate(), ctx)
      .then([]);
    spec
      .given(certified)
      .when(certificate({ certificateNumber: 'OM-2024-OTHER-1' }), ctx)
      .then([]);
  });
  it('refuse a cycle with no certificate: the job was sent by mistake', () => {
    spec.given([pledged()]).when(certificate(), ctx).thenThrows('not-certified');
    spec.given([pledged()]).when(letter, ctx).thenThrows('not-certified');
    spec.given([pledged()]).when(newsletter, ctx).thenThrows('not-certified');
  });
});
