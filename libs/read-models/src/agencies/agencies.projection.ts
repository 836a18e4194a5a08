import { AGENCY_EVENT_TYPES, type AgencyEvent, type PledgeTakenData } from '#events';
import { STATUS_AFTER } from '#domain';
import { isOneOf, onAgencyStreams, unhandled, type Handled, type Projection } from '../projection.js';
import { AGENCIES_TABLES } from './agencies.tables.js';
import { AgenciesWriter, type AgencyFields, type AgencyOp, type PledgeRow } from './agencies.sql.js';

/** The events that write more than the status: each is one case of evolveAgencyRow. */
export const AGENCY_ROW_EVENTS = [
  'PledgeTaken',
  'RecertificationStarted',
  'CertificationSubmitted',
  'CertificationApproved',
  'DeadlineExtended',
  'DeadlineReminderSent',
  'CertificateIssued',
  'PresidentialLetterIssued',
  'NewsletterFeatureQueued',
] as const;
const writesFields = isOneOf(AGENCY_ROW_EVENTS);

/**
 * agencies + reminders: status, profile, deadline, review, certificate and letter, per agency. Every
 * agency event moves the agency's revision and position on (the row's optimistic-concurrency
 * version), so this read model handles them all: the status from the lifecycle, any other column
 * from evolveAgencyRow. A new event type needs nothing here unless it fills a column.
 */
export function evolveAgencies(e: AgencyEvent, agencyId: string): AgencyOp[] {
  return writesFields(e) ? evolveAgencyRow(e, agencyId) : update(e, agencyId);
}

/** An update moves revision and position on and sets the status the lifecycle gives the event. */
function update(e: AgencyEvent, agencyId: string, fields: AgencyFields = {}): AgencyOp[] {
  const status = STATUS_AFTER[e.type];
  return [{ op: 'update', agencyId, fields: status === null ? fields : { status, ...fields } }];
}

export function evolveAgencyRow(e: Handled<typeof AGENCY_ROW_EVENTS>, agencyId: string): AgencyOp[] {
  switch (e.type) {
    case 'PledgeTaken':
      return [{ op: 'pledge', row: pledgeRow(e.data) }];
    case 'RecertificationStarted': {
      // The next cycle of a certified or expired agency: the old certificate's columns are left
      // behind as a new pledge leaves them (the certificates read model keeps it verifiable).
      const { cycle, ruleSet, startedOn, deadline } = e.data;
      return update(e, agencyId, {
        cycle,
        rule_set: ruleSet,
        pledged_on: startedOn,
        deadline,
        submitted_at: null,
        submission_evaluation: null,
        certificate_number: null,
        verification_code: null,
        certificate_effective_on: null,
        certificate_issued_at: null,
        certificate_sha256: null,
        letter_issued_at: null,
        letter_sha256: null,
        newsletter_queued: 0,
      });
    }
    case 'CertificationSubmitted':
      return update(e, agencyId, {
        submitted_at: e.data.submittedAt,
        submission_evaluation: JSON.stringify(e.data.evaluation),
      });
    case 'CertificationApproved': {
      const { certificateNumber, verificationCode, effectiveOn } = e.data;
      return update(e, agencyId, {
        certificate_number: certificateNumber,
        verification_code: verificationCode,
        certificate_effective_on: effectiveOn,
      });
    }
    case 'DeadlineExtended':
      return update(e, agencyId, { deadline: e.data.newDeadline });
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
      return update(e, agencyId, { letter_sha256: e.data.sha256, letter_issued_at: e.data.issuedAt });
    case 'NewsletterFeatureQueued':
      return update(e, agencyId, { newsletter_queued: 1 });
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
  ...onAgencyStreams(AGENCY_EVENT_TYPES, evolveAgencies),
  writer: (db) => new AgenciesWriter(db),
};
