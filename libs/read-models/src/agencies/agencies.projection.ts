import type { AgencyEvent, PledgeTakenData } from '#events';
import { STATUS_AFTER } from '#domain';
import { onAgencyStreams, unhandled, type Projection } from '../projection.js';
import { AGENCIES_TABLES } from './agencies.tables.js';
import { AgenciesWriter, type AgencyFields, type AgencyOp, type PledgeRow } from './agencies.sql.js';

/** agencies + reminders: status, profile, deadline, review, certificate and letter, per agency. */
export function evolveAgencies(e: AgencyEvent, agencyId: string): AgencyOp[] {
  // The status is the lifecycle's; every update also moves the agency's revision and position on.
  const status = STATUS_AFTER[e.type];
  const update = (fields: AgencyFields = {}): AgencyOp[] => [
    { op: 'update', agencyId, fields: status === null ? fields : { status, ...fields } },
  ];
  switch (e.type) {
    case 'PledgeTaken':
      return [{ op: 'pledge', row: pledgeRow(e.data) }];
    case 'CertificationSubmitted':
      return update({
        submitted_at: e.data.submittedAt,
        submission_evaluation: JSON.stringify(e.data.evaluation),
      });
    case 'CertificationApproved': {
      const { certificateNumber, verificationCode, effectiveOn } = e.data;
      return update({
        certificate_number: certificateNumber,
        verification_code: verificationCode,
        certificate_effective_on: effectiveOn,
      });
    }
    case 'DeadlineExtended':
      return update({ deadline: e.data.newDeadline });
    case 'DeadlineReminderSent': {
      const { cycle, deadline, offsetDays, sentAt } = e.data;
      return [{ op: 'reminder', agencyId, cycle, deadline, offsetDays, sentAt }];
    }
    case 'CertificateIssued':
      return [
        {
          op: 'certificate-issued',
          agencyId,
          fields: { certificate_sha256: e.data.sha256, certificate_issued_at: e.data.issuedAt },
        },
      ];
    case 'PresidentialLetterIssued':
      return update({ letter_sha256: e.data.sha256, letter_issued_at: e.data.issuedAt });
    case 'NewsletterFeatureQueued':
      return update({ newsletter_queued: 1 });
    // The status only, or (roster events) only the revision and position.
    case 'CertificationChangesRequested':
    case 'PledgeLapsed':
    case 'PledgeWithdrawn':
    case 'CertificationRevoked':
    case 'PartnershipEstablished':
    case 'PartnershipEnded':
    case 'PolicyAdopted':
    case 'OfficerJoined':
    case 'OfficerSeparated':
    case 'OfficerTrained':
      return update();
    default:
      return unhandled(e);
  }
}

function pledgeRow(d: PledgeTakenData): PledgeRow {
  return {
    agency_id: d.agencyId,
    cycle: d.cycle,
    name: d.name,
    ori: d.ori ?? null,
    country: d.country,
    region: d.region ?? null,
    agency_type: d.agencyType ?? null,
    signatory: JSON.stringify(d.signatory),
    contact: JSON.stringify(d.contact),
    rule_set: d.ruleSet,
    commitment_months: d.commitmentMonths,
    pledged_on: d.pledgedOn,
    deadline: d.deadline,
  };
}

export const agenciesProjection: Projection<AgencyOp> = {
  name: 'agencies',
  tables: AGENCIES_TABLES,
  project: onAgencyStreams(evolveAgencies),
  writer: (db) => new AgenciesWriter(db),
};
