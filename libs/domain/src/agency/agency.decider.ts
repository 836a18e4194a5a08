import { decodeAgencyEvent, isCycleEvent, type AgencyEvent } from '#events';
import { DomainError } from '../errors.js';
import { DEFAULT_CAMPAIGN } from '../rule-sets.js';
import { campaignName, knownCampaign } from './campaign.guard.js';
import { campaignCycles, cycleView, defaultCampaignOf, primaryCampaign } from './campaign-cycles.js';
import { unhandledCommand, type Decider } from '../decider.js';
import type { AgencyCommand } from './agency.commands.js';
import type { AgencyDecisionContext } from './agency.context.js';
import { initialAgencyState, type AgencyState } from './agency.state.js';
import { evolveAgency } from './agency.evolve.js';
import { takePledge } from './take-pledge.js';
import { establishPartnership } from './establish-partnership.js';
import { endPartnership } from './end-partnership.js';
import { adoptPolicy } from './adopt-policy.js';
import { attachEvidence } from './attach-evidence.js';
import { implementPractice } from './implement-practice.js';
import { addOfficers } from './add-officers.js';
import { separateOfficers } from './separate-officers.js';
import { recordTraining } from './record-training.js';
import { submitForCertification } from './submit-for-certification.js';
import { requestChanges } from './request-changes.js';
import { reviewRequirement } from './review-requirement.js';
import { approveCertification } from './approve-certification.js';
import { recordHistoricCertification } from './record-historic-certification.js';
import { extendDeadline } from './extend-deadline.js';
import { withdrawPledge } from './withdraw-pledge.js';
import { revokeCertification } from './revoke-certification.js';
import { sendDeadlineReminder } from './send-deadline-reminder.js';
import { lapsePledge } from './lapse-pledge.js';
import { expireCertification } from './expire-certification.js';
import { startRecertification } from './start-recertification.js';
import { issueCertificate } from './issue-certificate.js';
import { issuePresidentialLetter } from './issue-presidential-letter.js';
import { featureInNewsletter } from './feature-in-newsletter.js';
import { recordNotificationSent } from './record-notification-sent.js';

/**
 * One function per command, in one flat switch over the command union. The `never` default makes
 * a command that no case handles fail to compile; at run time (a type no union knows) it throws.
 * Timer and document jobs decide nothing ([]) when they no longer apply.
 */
export function decideAgency(
  command: AgencyCommand,
  state: AgencyState,
  ctx: AgencyDecisionContext,
): AgencyEvent[] {
  const campaignId = targetCampaign(command, state);
  if (campaignId === null || state.status === 'none' || campaignId === primaryCampaign(state))
    return decideOnCycle(command, state, ctx);
  // A later campaign: decided on that campaign's cycle, its cycle events named by the campaign.
  const view = cycleView(state, campaignId);
  if (view.status === 'none' && command.type !== 'TakePledge') throw notJoined(state, campaignId);
  return decideOnCycle(command, view, ctx).map((e) =>
    isCycleEvent(e) ? ({ ...e, data: { ...e.data, campaignId } } as AgencyEvent) : e,
  );
}

/**
 * The campaign a command acts on, or null for the agency's records (partnerships, policies, roster,
 * evidence, notifications), which every campaign shares. The commands that open or submit a cycle
 * mean One Mind without a campaign, as they always have; the rest mean the default campaign.
 */
function targetCampaign(command: AgencyCommand, state: AgencyState): string | null {
  switch (command.type) {
    case 'TakePledge':
    case 'SubmitForCertification':
    case 'StartRecertification':
    case 'ImplementPractice':
      return command.data.campaignId ?? DEFAULT_CAMPAIGN;
    case 'ExpireCertification':
    case 'IssueCertificate':
    case 'IssuePresidentialLetter':
    case 'FeatureInNewsletter':
      // A document or expiry job names its certificate: that certificate's campaign.
      return command.data.campaignId ?? campaignOfCertificate(state, command.data.certificateNumber);
    case 'ReviewRequirement':
    case 'RequestChanges':
    case 'ApproveCertification':
    case 'ExtendDeadline':
    case 'WithdrawPledge':
    case 'RevokeCertification':
      return command.data.campaignId ?? defaultCampaignOf(state);
    case 'SendDeadlineReminder':
    case 'LapsePledge':
      // A timer without a campaign was scheduled for the agency's first campaign (jobs of later
      // campaigns always name theirs), including jobs already in Redis from before campaigns.
      return command.data.campaignId ?? primaryCampaign(state) ?? DEFAULT_CAMPAIGN;
    default:
      return null;
  }
}

function campaignOfCertificate(state: AgencyState, number: string | undefined): string {
  const held = campaignCycles(state).find(({ view }) => number && view.certificate?.number === number);
  return held?.campaignId ?? defaultCampaignOf(state);
}

function notJoined(state: AgencyState, campaignId: string): DomainError {
  const campaign = knownCampaign(campaignId);
  const joined = campaignCycles(state).map((c) => c.campaignId);
  return new DomainError(
    'campaign-not-joined',
    `this agency has not pledged to ${campaignName(campaign)}; it takes part in ${joined.join(', ')}`,
    [{ path: 'campaignId', message: `the agency's campaigns are ${joined.join(', ')}` }],
  );
}

function decideOnCycle(
  command: AgencyCommand,
  state: AgencyState,
  ctx: AgencyDecisionContext,
): AgencyEvent[] {
  switch (command.type) {
    case 'TakePledge':
      return takePledge(command, state, ctx);
    case 'EstablishPartnership':
      return establishPartnership(command, state, ctx);
    case 'EndPartnership':
      return endPartnership(command, state, ctx);
    case 'AdoptPolicy':
      return adoptPolicy(command, state, ctx);
    case 'AttachEvidence':
      return attachEvidence(command, state, ctx);
    case 'ImplementPractice':
      return implementPractice(command, state, ctx);
    case 'AddOfficers':
      return addOfficers(command, state, ctx);
    case 'SeparateOfficers':
      return separateOfficers(command, state, ctx);
    case 'RecordTraining':
      return recordTraining(command, state, ctx);
    case 'SubmitForCertification':
      return submitForCertification(command, state, ctx);
    case 'ReviewRequirement':
      return reviewRequirement(command, state, ctx);
    case 'RequestChanges':
      return requestChanges(command, state, ctx);
    case 'ApproveCertification':
      return approveCertification(command, state, ctx);
    case 'RecordHistoricCertification':
      return recordHistoricCertification(command, state, ctx);
    case 'ExtendDeadline':
      return extendDeadline(command, state, ctx);
    case 'WithdrawPledge':
      return withdrawPledge(command, state, ctx);
    case 'RevokeCertification':
      return revokeCertification(command, state, ctx);
    case 'SendDeadlineReminder':
      return sendDeadlineReminder(command, state, ctx);
    case 'LapsePledge':
      return lapsePledge(command, state, ctx);
    case 'ExpireCertification':
      return expireCertification(command, state, ctx);
    case 'StartRecertification':
      return startRecertification(command, state, ctx);
    case 'IssueCertificate':
      return issueCertificate(command, state, ctx);
    case 'IssuePresidentialLetter':
      return issuePresidentialLetter(command, state, ctx);
    case 'FeatureInNewsletter':
      return featureInNewsletter(command, state, ctx);
    case 'RecordNotificationSent':
      return recordNotificationSent(command, state, ctx);
    default:
      return unhandledCommand(command);
  }
}

export const agencyDecider: Decider<AgencyCommand, AgencyEvent, AgencyState, AgencyDecisionContext> = {
  decode: decodeAgencyEvent,
  initialState: initialAgencyState,
  evolve: evolveAgency,
  decide: decideAgency,
};
