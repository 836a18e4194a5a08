import { isOneOf, unhandledEvent, type AgencyEvent, type PledgeTakenData, type RuleSetId } from '#events';
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

/**
 * The events that change what a job depends on besides the status (which is the lifecycle's,
 * STATUS_AFTER); any other event leaves these fields as they are, so a new event type needs a case
 * here only if a job depends on it.
 */
const SCHEDULE_EVENTS = [
  'CertificationApproved',
  'DeadlineExtended',
  'DeadlineReminderSent',
  'CertificateIssued',
  'PresidentialLetterIssued',
  'NewsletterFeatureQueued',
] as const;
const isScheduleEvent = isOneOf(SCHEDULE_EVENTS);

function evolveFields(s: ScheduleState, e: AgencyEvent): ScheduleState {
  if (!isScheduleEvent(e)) return s;
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
    default:
      return unhandledEvent(e);
  }
}
