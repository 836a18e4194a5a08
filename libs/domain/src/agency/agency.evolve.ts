import type { AgencyEvent, PledgeTakenData } from '../../../events/src/index.js';
import type { AgencyState } from './agency.state.js';
import { evolveRecords } from './agency.evolve-records.js';
import { reminderKey } from './send-deadline-reminder.js';

/**
 * Pure left fold. It never validates (events are facts); it copies what it changes so a state
 * handed out earlier is never mutated (property tests fold the same events twice). Lifecycle events
 * are here; the agency's records (partnerships, policies, roster, training) in evolveRecords.
 */
export function evolveAgency(state: AgencyState, event: AgencyEvent): AgencyState {
  switch (event.type) {
    case 'PledgeTaken':
      return newCycle(state, event.data);
    case 'CertificationSubmitted':
      return {
        ...state,
        status: 'submitted',
        submission: { submittedAt: event.data.submittedAt, evaluation: event.data.evaluation },
      };
    case 'CertificationChangesRequested':
      return { ...state, status: 'changes-requested' };
    case 'CertificationApproved': {
      const { certificateNumber: number, verificationCode, effectiveOn } = event.data;
      return { ...state, status: 'certified', certificate: { number, verificationCode, effectiveOn } };
    }
    default:
      return evolveEndings(state, event);
  }
}

// The deadline moving, and the ways a cycle ends.
function evolveEndings(state: AgencyState, event: AgencyEvent): AgencyState {
  switch (event.type) {
    case 'DeadlineExtended':
      return { ...state, deadline: event.data.newDeadline };
    case 'PledgeLapsed':
      return { ...state, status: 'lapsed' };
    case 'PledgeWithdrawn':
      return { ...state, status: 'withdrawn' };
    case 'CertificationRevoked':
      return { ...state, status: 'revoked' };
    default:
      return evolveFollowUps(state, event);
  }
}

// What the system records after the fact: reminders and the documents of a certification.
function evolveFollowUps(state: AgencyState, event: AgencyEvent): AgencyState {
  switch (event.type) {
    case 'DeadlineReminderSent':
      return {
        ...state,
        remindersSent: new Set(state.remindersSent).add(
          reminderKey(event.data.deadline, event.data.offsetDays),
        ),
      };
    case 'CertificateIssued': {
      const { sha256, issuedAt } = event.data;
      return state.certificate
        ? { ...state, certificate: { ...state.certificate, sha256, issuedAt } }
        : state;
    }
    case 'PresidentialLetterIssued':
      return { ...state, letter: { sha256: event.data.sha256, issuedAt: event.data.issuedAt } };
    case 'NewsletterFeatureQueued':
      return { ...state, newsletterQueued: true };
    default:
      return evolveRecords(state, event);
  }
}

// A new cycle keeps the agency's records (roster, partnerships, policies) but nothing of the review.
function newCycle(state: AgencyState, data: PledgeTakenData): AgencyState {
  const { agencyId, cycle, commitmentMonths: _c, pledgedOn, deadline, ruleSet, ...profile } = data;
  return {
    ...state,
    status: 'pledged',
    agencyId,
    cycle,
    profile,
    ruleSet,
    pledgedOn,
    deadline,
    submission: null,
    certificate: null,
    letter: null,
    newsletterQueued: false,
    remindersSent: new Set<string>(),
  };
}
