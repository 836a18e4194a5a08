import {
  AGENCY_EVENT_TYPES,
  isCycleEvent,
  type AgencyEvent,
  type CycleEvent,
  type PledgeTakenData,
} from '#events';
import { STATUS_AFTER, ruleSet } from '#domain';
import { isOneOf, onAgencyStreams, unhandled, type Handled, type Projection } from '../projection.js';
import { AGENCIES_TABLES } from './agencies.tables.js';
import {
  AgenciesPgWriter,
  AgenciesWriter,
  type AgencyFields,
  type AgencyOp,
  type PledgeRow,
} from './agencies.sql.js';

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
 * agencies + reminders + agency_campaigns: status, profile, deadline, review, certificate and
 * letter, per agency, and each campaign's cycle. Every agency event moves the agency's revision and
 * position on (the row's optimistic-concurrency version), so this read model handles them all: the
 * status from the lifecycle, any other column from evolveAgencyRow. A new event type needs nothing
 * here unless it fills a column.
 *
 * The `agencies` row describes the primary campaign's cycle (ADR 0008 as amended: a cycle event
 * without `campaignId` is of the agency's first campaign), so a cycle event naming its campaign
 * only moves the row's revision on (and keeps its reminder apart); every cycle event, named or
 * not, goes to its campaign's `agency_campaigns` row (evolveCampaignRow).
 */
export function evolveAgencies(e: AgencyEvent, agencyId: string): AgencyOp[] {
  if (!isCycleEvent(e)) return update(e, agencyId);
  const campaignId = e.data.campaignId ?? null;
  const row = campaignId === null ? agencyRowOps(e, agencyId) : otherCampaignRowOps(e, agencyId, campaignId);
  return [...row, ...evolveCampaignRow(e, agencyId, campaignId)];
}

function agencyRowOps(e: CycleEvent, agencyId: string): AgencyOp[] {
  return writesFields(e) ? evolveAgencyRow(e, agencyId) : update(e, agencyId);
}

/** Another campaign's event: the agency row's cycle columns stay the primary campaign's. */
function otherCampaignRowOps(e: CycleEvent, agencyId: string, campaignId: string): AgencyOp[] {
  if (e.type !== 'DeadlineReminderSent') return [{ op: 'update', agencyId, fields: {} }];
  const { cycle, deadline, offsetDays, sentAt } = e.data;
  return [{ op: 'reminder', agencyId, campaignId, cycle, deadline, offsetDays, sentAt }];
}

/**
 * The cycle columns of the event's campaign (`campaignId` null: the agency's primary campaign, which
 * the writer reads from the agency row). Events that change none of them write nothing here.
 */
export function evolveCampaignRow(e: CycleEvent, agencyId: string, campaignId: string | null): AgencyOp[] {
  const at = { agencyId, campaignId };
  switch (e.type) {
    case 'PledgeTaken': {
      const { cycle, ruleSet: rule, pledgedOn, deadline } = e.data;
      const status = STATUS_AFTER[e.type];
      return [{ op: 'campaign-cycle', ...at, status, cycle, ruleSet: rule, pledgedOn, deadline }];
    }
    case 'RecertificationStarted': {
      const { cycle, ruleSet: rule, startedOn, deadline } = e.data;
      const status = STATUS_AFTER[e.type];
      return [{ op: 'campaign-cycle', ...at, status, cycle, ruleSet: rule, pledgedOn: startedOn, deadline }];
    }
    case 'CertificationSubmitted': {
      const fields = { status: STATUS_AFTER[e.type], submitted_at: e.data.submittedAt };
      return [{ op: 'campaign-update', ...at, fields }];
    }
    case 'CertificationApproved': {
      const { certificateNumber, effectiveOn } = e.data;
      return [
        { op: 'campaign-approved', ...at, status: STATUS_AFTER[e.type], certificateNumber, effectiveOn },
      ];
    }
    case 'DeadlineExtended':
      return [{ op: 'campaign-update', ...at, fields: { deadline: e.data.newDeadline } }];
    default: {
      const status = STATUS_AFTER[e.type];
      return status === null ? [] : [{ op: 'campaign-update', ...at, fields: { status } }];
    }
  }
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
      return [{ op: 'reminder', agencyId, campaignId: null, cycle, deadline, offsetDays, sentAt }];
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
    // Kept from the agency's first pledge on (the writer never overwrites it).
    primary_campaign: ruleSet(d.ruleSet).campaign,
  };
}

export const agenciesProjection: Projection<AgencyOp> = {
  name: 'agencies',
  tables: AGENCIES_TABLES,
  ...onAgencyStreams(AGENCY_EVENT_TYPES, evolveAgencies),
  writer: (db) => new AgenciesWriter(db),
  pgWriter: (tx) => new AgenciesPgWriter(tx),
};
