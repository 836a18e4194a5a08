import {
  isCycleEvent,
  unhandledEvent,
  type AgencyEvent,
  type PledgeTakenData,
  type RecertificationStartedData,
} from '#events';
import { certificationExpiresOn, ruleSet } from '../rule-sets.js';
import type { AgencyCycle, AgencyState, CertifiedAgency, PledgedAgency } from './agency.state.js';
import { evolveRecords } from './agency.evolve-records.js';
import { cycleView } from './campaign-cycles.js';
import { STATUS_AFTER, reminderKey } from './lifecycle.js';

/**
 * Pure left fold. It never validates (events are facts); it copies what it changes so a state
 * handed out earlier is never mutated (property tests fold the same events twice). The status
 * comes from the lifecycle (STATUS_AFTER); the agency's records (partnerships, policies, roster,
 * training) are evolved in evolveRecords. An event of a pledge cycle changes nothing before the
 * first pledge, and a document event nothing without a certificate: the decider never records
 * one there, and the state has no field to put it in.
 */
export function evolveAgency(state: AgencyState, event: AgencyEvent): AgencyState {
  const campaignId = isCycleEvent(event) ? event.data.campaignId : undefined;
  if (campaignId === undefined) return evolveCycle(state, event);
  // An event of a later campaign evolves that campaign's cycle, seen with the agency's records.
  const next = evolveCycle(cycleView(state, campaignId), event);
  if (next.status === 'none') return state;
  // Kept without the map it was seen with: cycles must not hold each other's past states.
  return {
    ...state,
    campaigns: new Map(state.campaigns).set(campaignId, { ...next, campaigns: NO_CAMPAIGNS }),
  };
}

const NO_CAMPAIGNS: AgencyState['campaigns'] = new Map();

function evolveCycle(state: AgencyState, event: AgencyEvent): AgencyState {
  switch (event.type) {
    case 'PledgeTaken':
      return newCycle(state, event.data);
    case 'CertificationSubmitted': {
      const { submittedAt, evaluation, note } = event.data;
      const status = STATUS_AFTER[event.type];
      return inCycle(state, (c) => {
        const round = (c.submission?.round ?? 0) + 1;
        const submission = { round, submittedAt, ...(note === undefined ? {} : { note }), evaluation };
        return { ...uncertified(c), status, submission: { ...submission, decisions: new Map() } };
      });
    }
    case 'RequirementReviewed': {
      const { round, requirement, decision, message, decidedBy, decidedAt } = event.data;
      // Decided only under review, on the round under review; anything else has nothing to change.
      if (state.status !== 'submitted' || state.submission.round !== round) return state;
      const decided = { decision, ...(message === undefined ? {} : { message }), decidedBy, decidedAt };
      const decisions = new Map(state.submission.decisions).set(requirement, decided);
      return { ...state, submission: { ...state.submission, decisions } };
    }
    case 'CertificationChangesRequested':
    case 'PledgeLapsed':
    case 'PledgeWithdrawn': {
      const status = STATUS_AFTER[event.type];
      return inCycle(state, (c) => ({ ...uncertified(c), status }));
    }
    case 'CertificationApproved': {
      const { certificateNumber: number, verificationCode, effectiveOn } = event.data;
      return inCycle(state, (c) => {
        // The term is the cycle's rule set's (validForMonths), fixed at approval.
        const expiresOn = certificationExpiresOn(ruleSet(c.ruleSet), effectiveOn);
        const certificate = { number, verificationCode, effectiveOn, ...(expiresOn ? { expiresOn } : {}) };
        return { ...c, status: STATUS_AFTER[event.type], certificate };
      });
    }
    case 'RecertificationStarted':
      return inCycle(state, (c) => recertificationCycle(c, event.data));
    case 'CertificationExpired':
    case 'CertificationRevoked':
      return ifCertified(state, (c) => ({ ...c, status: STATUS_AFTER[event.type] }));
    case 'DeadlineExtended':
      return inCycle(state, (c) => ({ ...c, deadline: event.data.newDeadline }));
    case 'DeadlineReminderSent': {
      const key = reminderKey(event.data.deadline, event.data.offsetDays);
      return inCycle(state, (c) => ({ ...c, remindersSent: new Set(c.remindersSent).add(key) }));
    }
    case 'CertificateIssued': {
      const { sha256, issuedAt } = event.data;
      return ifCertified(state, (c) => ({ ...c, certificate: { ...c.certificate, sha256, issuedAt } }));
    }
    case 'PresidentialLetterIssued': {
      const letter = { sha256: event.data.sha256, issuedAt: event.data.issuedAt };
      return ifCertified(state, (c) => ({ ...c, letter }));
    }
    case 'NewsletterFeatureQueued':
      return ifCertified(state, (c) => ({ ...c, newsletterQueued: true }));
    case 'NotificationSent': {
      const id = event.data.notificationId;
      return inCycle(state, (c) => ({ ...c, notificationsSent: new Set(c.notificationsSent).add(id) }));
    }
    case 'PartnershipEstablished':
    case 'PartnershipEnded':
    case 'PolicyAdopted':
    case 'OfficerJoined':
    case 'OfficerSeparated':
    case 'OfficerTrained':
    case 'EvidenceAttached':
    case 'PracticeImplemented':
      return evolveRecords(state, event);
    default:
      return unhandledEvent(event);
  }
}

const inCycle = (state: AgencyState, next: (cycle: AgencyCycle) => AgencyState): AgencyState =>
  state.status === 'none' ? state : next(state);

const ifCertified = (state: AgencyState, next: (cycle: CertifiedAgency) => AgencyState): AgencyState =>
  state.status === 'certified' || state.status === 'revoked' || state.status === 'expired'
    ? next(state)
    : state;

// Leaving the certificate behind (a new submission, a lapse, a withdrawal) leaves its documents too.
const uncertified = (c: AgencyCycle): Omit<PledgedAgency, 'status'> => ({
  ...c,
  certificate: null,
  letter: null,
  newsletterQueued: false,
});

// A new cycle keeps the agency's records (roster, partnerships, policies) but nothing of the review.
function newCycle(state: AgencyState, data: PledgeTakenData): PledgedAgency {
  const {
    agencyId,
    cycle,
    commitmentMonths: _c,
    pledgedOn,
    deadline,
    ruleSet,
    migrated: _m,
    ...profile
  } = data;
  return {
    ...state,
    status: STATUS_AFTER.PledgeTaken,
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
    notificationsSent: state.status === 'none' ? new Set<string>() : state.notificationsSent,
  };
}

// Recertification: the next cycle of the same agency, its profile kept, judged by the rule set of
// its day; the old certificate is left behind like on a new submission.
function recertificationCycle(c: AgencyCycle, data: RecertificationStartedData): PledgedAgency {
  const { cycle, ruleSet: rule, startedOn, deadline } = data;
  return {
    ...uncertified(c),
    status: STATUS_AFTER.RecertificationStarted,
    cycle,
    ruleSet: rule,
    pledgedOn: startedOn,
    deadline,
    submission: null,
    remindersSent: new Set<string>(),
  };
}
