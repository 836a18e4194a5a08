import type { AgencyEvent, RuleSetId } from '../../events/src/index.js';

/**
 * The little a reactor needs of an agency to know its pending jobs: far less than the decider's
 * state (no roster), so it folds over the whole log cheaply and is stored as one JSON row.
 */
export interface ScheduleState {
  agencyId: string;
  status: 'pledged' | 'submitted' | 'changes-requested' | 'certified' | 'lapsed' | 'withdrawn' | 'revoked';
  cycle: number;
  ruleSet: RuleSetId;
  deadline: string;
  /** `<deadline>:<offsetDays>` of the reminders recorded in this cycle. */
  remindersSent: string[];
  certificate: { number: string; certificateIssued: boolean; letterIssued: boolean; featured: boolean } | null;
}

export function evolveSchedule(s: ScheduleState | undefined, agencyId: string, e: AgencyEvent): ScheduleState | undefined {
  if (e.type === 'PledgeTaken') {
    const { cycle, ruleSet, deadline } = e.data;
    return { agencyId, status: 'pledged', cycle, ruleSet, deadline, remindersSent: [], certificate: null };
  }
  if (!s) return s;
  switch (e.type) {
    case 'CertificationSubmitted':
      return { ...s, status: 'submitted' };
    case 'CertificationChangesRequested':
      return { ...s, status: 'changes-requested' };
    case 'CertificationApproved': {
      const certificate = { number: e.data.certificateNumber, certificateIssued: false, letterIssued: false, featured: false };
      return { ...s, status: 'certified', certificate };
    }
    case 'DeadlineExtended':
      return { ...s, deadline: e.data.newDeadline };
    case 'PledgeLapsed':
      return { ...s, status: 'lapsed' };
    case 'PledgeWithdrawn':
      return { ...s, status: 'withdrawn' };
    case 'CertificationRevoked':
      return { ...s, status: 'revoked' };
    case 'DeadlineReminderSent':
      return { ...s, remindersSent: [...s.remindersSent, `${e.data.deadline}:${e.data.offsetDays}`] };
    case 'CertificateIssued':
      return s.certificate ? { ...s, certificate: { ...s.certificate, certificateIssued: true } } : s;
    case 'PresidentialLetterIssued':
      return s.certificate ? { ...s, certificate: { ...s.certificate, letterIssued: true } } : s;
    case 'NewsletterFeatureQueued':
      return s.certificate ? { ...s, certificate: { ...s.certificate, featured: true } } : s;
    default:
      return s;
  }
}
