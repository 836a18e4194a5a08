import {
  unhandledEvent,
  type AgencyEvent,
  type PledgeTakenData,
  type RuleSetId,
} from '#events';
import { STATUS_AFTER, reminderKey, type PledgeStatus } from '#domain';

/**
 * The little a reactor needs of an agency to know its pending jobs: far less than the decider's
 * state (no roster), so it folds over the whole log cheaply and is stored as one JSON row.
 */
export interface ScheduleState {
  agencyId: string;
  status: PledgeStatus;
  cycle: number;
  ruleSet: RuleSetId;
  deadline: string;
  /** reminderKey of the reminders recorded in this cycle. */
  remindersSent: string[];
  certificate: {
    number: string;
    certificateIssued: boolean;
    letterIssued: boolean;
    featured: boolean;
  } | null;
}

/** Nothing is scheduled before the first pledge; the status comes from the lifecycle (STATUS_AFTER). */
export function evolveSchedule(
  s: ScheduleState | undefined,
  agencyId: string,
  e: AgencyEvent,
): ScheduleState | undefined {
  const next = e.type === 'PledgeTaken' ? newCycle(agencyId, e.data) : s && evolveFields(s, e);
  const status = STATUS_AFTER[e.type];
  return next && status !== null ? { ...next, status } : next;
}

function newCycle(agencyId: string, d: PledgeTakenData): ScheduleState {
  const { cycle, ruleSet, deadline } = d;
  return {
    agencyId,
    status: STATUS_AFTER.PledgeTaken,
    cycle,
    ruleSet,
    deadline,
    remindersSent: [],
    certificate: null,
  };
}

function evolveFields(s: ScheduleState, e: AgencyEvent): ScheduleState {
  const documents = (change: Partial<NonNullable<ScheduleState['certificate']>>) =>
    s.certificate ? { ...s, certificate: { ...s.certificate, ...change } } : s;
  switch (e.type) {
    case 'CertificationApproved':
      return {
        ...s,
        certificate: {
          number: e.data.certificateNumber,
          certificateIssued: false,
          letterIssued: false,
          featured: false,
        },
      };
    case 'DeadlineExtended':
      return { ...s, deadline: e.data.newDeadline };
    case 'DeadlineReminderSent':
      return { ...s, remindersSent: [...s.remindersSent, reminderKey(e.data.deadline, e.data.offsetDays)] };
    case 'CertificateIssued':
      return documents({ certificateIssued: true });
    case 'PresidentialLetterIssued':
      return documents({ letterIssued: true });
    case 'NewsletterFeatureQueued':
      return documents({ featured: true });
    // A new cycle is newCycle; the others change the status only, or nothing a job depends on.
    case 'PledgeTaken':
    case 'CertificationSubmitted':
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
      return s;
    default:
      return unhandledEvent(e);
  }
}
