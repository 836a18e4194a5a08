import type { CertificationChangesRequestedData, CertificationSubmittedData } from '#events';
import type { ExpiringTraining } from '#domain';
import { verificationUrl } from '../documents/pdf.js';
import { campaignNames, type CampaignNames } from '../documents/campaign-wording.js';
import { withoutControlChars } from '../infra/control-chars.js';
import type { MailMessage } from './reminder-mail.js';

/** Who the agency is and who speaks for it, as the mails address them (from the agency's pledge). */
export interface AgencyAddressee {
  agencyId: string;
  name: string;
  contact: { name: string; email: string };
  /** The campaign of the agency's cycle as the mails name it; absent: One Mind (the words so far). */
  campaign?: CampaignNames;
  /** The campaign whose routes serve this cycle's documents; absent: the routes without a campaign. */
  documentsCampaign?: string;
}

const named = (a: AgencyAddressee): CampaignNames => a.campaign ?? campaignNames();

/** A requirement as a person says it: the API's `policy` is "Policy" in a letter. */
const REQUIREMENT_WORDS: Readonly<Record<string, string>> = {
  partnership: 'Partnership with a community mental-health organisation',
  policy: 'Policy',
  training: 'Training',
  other: 'Other',
};
export function requirementInWords(requirement: string): string {
  const known = REQUIREMENT_WORDS[requirement];
  if (known) return known;
  // A campaign's practice id (issue 17): `crisis-response-team` → "Crisis response team".
  const words = requirement.replace(/[-_.]+/g, ' ').trim();
  return words ? words[0].toUpperCase() + words.slice(1) : requirement;
}

/**
 * One line of header text: user text (an agency name, a contact's name) never carries a line break
 * or another control character into To or Subject (header injection); it is also capped, as a
 * subject line longer than a screen helps nobody.
 */
export function headerText(text: string, max = 160): string {
  const line = withoutControlChars(text).replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

const to = (a: AgencyAddressee) => ({ name: headerText(a.contact.name, 100), address: a.contact.email });
const signOff = (a: AgencyAddressee) => ['', named(a).signOff];
/** Body text keeps its line breaks (a reason may have several lines) but no other control character. */
const bodyText = (text: string) => text.replace(/(?![\t\n])\p{Cc}/gu, (c) => (c === '\r' ? '' : ' '));

/** To the agency contact: the submission went back, and each reason, requirement named in words. */
export function changesRequestedMail(
  messageId: string,
  agency: AgencyAddressee,
  request: CertificationChangesRequestedData,
  from: string,
): MailMessage {
  const reasons = request.reasons.flatMap((r, i) => {
    const [first, ...rest] = bodyText(r.message).split('\n');
    return [`${i + 1}. ${requirementInWords(r.requirement)}: ${first}`, ...rest.map((l) => `   ${l}`)];
  });
  return {
    messageId,
    from,
    to: to(agency),
    subject: headerText(`${named(agency).name}: changes requested for ${agency.name}`),
    text: [
      `Dear ${bodyText(agency.contact.name)},`,
      '',
      `IACP staff reviewed the certification submission of ${bodyText(agency.name)} and ask for the following changes before it can be approved:`,
      '',
      ...reasons,
      '',
      'Make the changes, then submit for certification again. Your pledge deadline still applies.',
      ...signOff(agency),
    ].join('\n'),
  };
}

export interface CertifiedFacts {
  certificateNumber: string;
  verificationCode: string;
  effectiveOn: string;
}

/** To the agency contact once both documents exist: where to get them, and the public check. */
export function certifiedMail(
  messageId: string,
  agency: AgencyAddressee,
  c: CertifiedFacts,
  publicBaseUrl: string,
  from: string,
): MailMessage {
  const campaign = agency.documentsCampaign;
  const base =
    `${publicBaseUrl}/v1/agencies/${encodeURIComponent(agency.agencyId)}` +
    (campaign ? `/campaigns/${encodeURIComponent(campaign)}` : '');
  return {
    messageId,
    from,
    to: to(agency),
    subject: headerText(`${named(agency).name}: ${agency.name} is certified (${c.certificateNumber})`),
    text: [
      `Dear ${bodyText(agency.contact.name)},`,
      '',
      `Congratulations: ${bodyText(agency.name)} has completed the ${named(agency).name}. Certificate ${c.certificateNumber} is effective from ${c.effectiveOn}.`,
      '',
      'Your documents (sign in with your agency account):',
      `  Certificate:            ${base}/certificate.pdf`,
      `  Letter of the President: ${base}/letter.pdf`,
      '',
      'Anyone can check the certificate here (the QR code on the certificate opens the same page):',
      `  ${verificationUrl(publicBaseUrl, c.certificateNumber, c.verificationCode)}`,
      ...signOff(agency),
    ].join('\n'),
  };
}

/** To `ONEMIND_STAFF_EMAIL`: a submission waits for review. */
export function submissionMail(
  messageId: string,
  agency: AgencyAddressee,
  submission: CertificationSubmittedData,
  staffEmail: string,
  publicBaseUrl: string,
  from: string,
): MailMessage {
  const e = submission.evaluation;
  const met = (ok: boolean) => (ok ? 'met' : 'NOT met');
  return {
    messageId,
    from,
    to: { name: named(agency).reviewers, address: staffEmail },
    subject: headerText(`${named(agency).name}: ${agency.name} submitted for certification`),
    text: [
      `${bodyText(agency.name)} (${agency.agencyId}) submitted for certification at ${submission.submittedAt} (cycle ${submission.cycle}).`,
      '',
      `Evaluation at submission (${e.evaluatedOn}, rule set ${e.ruleSet}):`,
      `  Partnership: ${met(e.partnership.met)} (${e.partnership.active} active)`,
      `  Policy:      ${met(e.policy.met)}`,
      `  Training:    ${met(e.training.met)} (crisis ${e.training.crisisTrained} of ${e.training.crisisRequired} required; ${e.training.covered} of ${e.training.sworn} sworn officers covered)`,
      ...(submission.note ? ['', 'Note from the agency:', bodyText(submission.note)] : []),
      '',
      `Review it in the console: ${publicBaseUrl}/`,
      `The agency through the API: ${publicBaseUrl}/v1/agencies/${encodeURIComponent(agency.agencyId)}`,
    ].join('\n'),
  };
}

/** To the agency contact, `offsetDays` before counting training records run out. */
export function trainingExpiringMail(
  messageId: string,
  agency: AgencyAddressee,
  expiresOn: string,
  daysLeft: number,
  trainings: ExpiringTraining[],
  from: string,
): MailMessage {
  const days = `${daysLeft} day${daysLeft === 1 ? '' : 's'}`;
  const n = trainings.length;
  return {
    messageId,
    from,
    to: to(agency),
    subject: headerText(
      `${named(agency).name}: ${n} training record${n === 1 ? '' : 's'} of ${agency.name} expire${n === 1 ? 's' : ''} on ${expiresOn}`,
    ),
    text: [
      `Dear ${bodyText(agency.contact.name)},`,
      '',
      `${n} training record${n === 1 ? '' : 's'} that count${n === 1 ? 's' : ''} toward the ${named(agency).short} training requirement for ${bodyText(agency.name)} run${n === 1 ? 's' : ''} out on ${expiresOn}, in ${days}:`,
      '',
      ...trainings.map((t) => `  - officer ${t.officerRef}: ${bodyText(t.programName)}`),
      '',
      'Record the refresher training before then, or these officers will no longer count as trained.',
      ...signOff(agency),
    ].join('\n'),
  };
}

/** Before a certification's term runs out (its rule set's validForMonths): how to renew it. */
export function certificationExpiringMail(
  messageId: string,
  agency: AgencyAddressee,
  certificateNumber: string,
  expiresOn: string,
  daysLeft: number,
  from: string,
): MailMessage {
  const days = `${daysLeft} day${daysLeft === 1 ? '' : 's'}`;
  return {
    messageId,
    from,
    to: to(agency),
    subject: headerText(`${named(agency).name}: the certification of ${agency.name} expires on ${expiresOn}`),
    text: [
      `Dear ${bodyText(agency.contact.name)},`,
      '',
      `${named(agency).short} certificate ${certificateNumber} of ${bodyText(agency.name)} is valid through ${expiresOn}, ${days} from today.`,
      '',
      `To stay certified, apply for recertification before then (POST /v1/agencies/${agency.agencyId}/recertification):`,
      'your roster and records of that day are judged again by the rule set then in force.',
      ...signOff(agency),
    ].join('\n'),
  };
}
