import { unhandledEvent, type AgencyEvent, type PledgeTakenData } from '#events';
import type { AgencyState } from './agency.state.js';
import { evolveRecords } from './agency.evolve-records.js';
import { STATUS_AFTER, reminderKey } from './lifecycle.js';

/**
 * Pure left fold. It never validates (events are facts); it copies what it changes so a state
 * handed out earlier is never mutated (property tests fold the same events twice). The status
 * comes from the lifecycle (STATUS_AFTER); the agency's records (partnerships, policies, roster,
 * training) are evolved in evolveRecords.
 */
export function evolveAgency(state: AgencyState, event: AgencyEvent): AgencyState {
  const next = evolveFields(state, event);
  const status = STATUS_AFTER[event.type];
  return status === null ? next : { ...next, status };
}

function evolveFields(state: AgencyState, event: AgencyEvent): AgencyState {
  switch (event.type) {
    case 'PledgeTaken':
      return newCycle(state, event.data);
    case 'CertificationSubmitted': {
      const { submittedAt, evaluation } = event.data;
      return { ...state, submission: { submittedAt, evaluation } };
    }
    case 'CertificationApproved': {
      const { certificateNumber: number, verificationCode, effectiveOn } = event.data;
      return { ...state, certificate: { number, verificationCode, effectiveOn } };
    }
    case 'DeadlineExtended':
      return { ...state, deadline: event.data.newDeadline };
    case 'DeadlineReminderSent': {
      const key = reminderKey(event.data.deadline, event.data.offsetDays);
      return { ...state, remindersSent: new Set(state.remindersSent).add(key) };
    }
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
    case 'PartnershipEstablished':
    case 'PartnershipEnded':
    case 'PolicyAdopted':
    case 'OfficerJoined':
    case 'OfficerSeparated':
    case 'OfficerTrained':
      return evolveRecords(state, event);
    // Only the status changes.
    case 'CertificationChangesRequested':
    case 'PledgeLapsed':
    case 'PledgeWithdrawn':
    case 'CertificationRevoked':
      return state;
    default:
      return unhandledEvent(event);
  }
}

// A new cycle keeps the agency's records (roster, partnerships, policies) but nothing of the review.
function newCycle(state: AgencyState, data: PledgeTakenData): AgencyState {
  const { agencyId, cycle, commitmentMonths: _c, pledgedOn, deadline, ruleSet, ...profile } = data;
  return {
    ...state,
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
