import { agencyIdOf, type AgencyEventType } from '../../../../libs/events/src/index.js';
import { AgenciesWriter, type AgencyOp } from '../../../../libs/read-models/src/index.js';
import type { DecodedEvent, Projection } from './projection.js';

const ROSTER_EVENTS = new Set<string>(['PartnershipEstablished', 'PartnershipEnded', 'PolicyAdopted', 'OfficerJoined', 'OfficerSeparated', 'OfficerTrained']);
const STATUS_OF: Partial<Record<AgencyEventType, string>> = {
  CertificationChangesRequested: 'changes-requested', PledgeLapsed: 'lapsed', PledgeWithdrawn: 'withdrawn', CertificationRevoked: 'revoked',
};

/** agencies + reminders: status, profile, deadline, review, certificate and letter, per agency. */
export const agenciesProjection: Projection<AgencyOp> = {
  name: 'agencies',
  writer: (db) => new AgenciesWriter(db),
  project(e: DecodedEvent): AgencyOp[] {
    const agencyId = agencyIdOf(e.streamId);
    if (agencyId === null) return [];
    const d = e.data;
    const update = (fields: AgencyOp & { op: 'update' } extends { fields: infer F } ? F : never): AgencyOp[] => [{ op: 'update', agencyId, fields }];
    if (STATUS_OF[e.type as AgencyEventType]) return update({ status: STATUS_OF[e.type as AgencyEventType] });
    // Roster events still move the agency's revision and position on.
    if (ROSTER_EVENTS.has(e.type)) return update({});
    switch (e.type as AgencyEventType) {
      case 'PledgeTaken': return [{ op: 'pledge', row: {
        agency_id: d.agencyId, cycle: d.cycle, name: d.name, ori: d.ori ?? null, country: d.country, region: d.region ?? null,
        agency_type: d.agencyType ?? null, signatory: JSON.stringify(d.signatory), contact: JSON.stringify(d.contact),
        rule_set: d.ruleSet, commitment_months: d.commitmentMonths, pledged_on: d.pledgedOn, deadline: d.deadline,
      } }];
      case 'CertificationSubmitted': return update({ status: 'submitted', submitted_at: d.submittedAt, submission_evaluation: JSON.stringify(d.evaluation) });
      case 'CertificationApproved': return update({
        status: 'certified', certificate_number: d.certificateNumber, verification_code: d.verificationCode, certificate_effective_on: d.effectiveOn,
      });
      case 'DeadlineExtended': return update({ deadline: d.newDeadline });
      case 'DeadlineReminderSent': return [{ op: 'reminder', agencyId, cycle: d.cycle, deadline: d.deadline, offsetDays: d.offsetDays, sentAt: d.sentAt }];
      case 'CertificateIssued': return [{ op: 'certificate-issued', agencyId, fields: { certificate_sha256: d.sha256, certificate_issued_at: d.issuedAt } }];
      case 'PresidentialLetterIssued': return update({ letter_sha256: d.sha256, letter_issued_at: d.issuedAt });
      case 'NewsletterFeatureQueued': return update({ newsletter_queued: 1 });
      default: throw new Error(`agencies projection: no handler for ${e.type} on ${e.streamId}`);
    }
  },
};
