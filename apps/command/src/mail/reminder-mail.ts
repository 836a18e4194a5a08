import type { DeadlineReminderSentData, PledgeTakenData } from '#events';
import { campaignNames } from '../documents/campaign-wording.js';

export interface MailMessage {
  messageId: string;
  from: string;
  /** An address object, never a formatted string: a contact name with a comma or "<" stays a name. */
  to: { name: string; address: string };
  subject: string;
  text: string;
}

/** The reminder as the agency contact reads it: the deadline, the days left, exactly what is missing. */
export function reminderMail(
  eventId: string,
  pledge: PledgeTakenData,
  r: DeadlineReminderSentData,
  from: string,
): MailMessage {
  const campaign = campaignNames(pledge.ruleSet);
  // One Mind's subject says "Pledge" as it always has; another campaign is named by its title.
  const subject = campaign.short === 'One Mind' ? 'One Mind Pledge' : campaign.name;
  const days = `${r.daysRemaining} day${r.daysRemaining === 1 ? '' : 's'}`;
  const missing = r.missing.length
    ? ['Still missing:', ...r.missing.map((m) => `  - ${m}`)]
    : ['Every requirement is met today: you can submit for certification now.'];
  return {
    messageId: `<reminder-${eventId}@onemind>`,
    from,
    to: { name: pledge.contact.name, address: pledge.contact.email },
    subject: `${subject}: ${days} left until your deadline of ${r.deadline}`,
    text: [
      `Dear ${pledge.contact.name},`,
      '',
      `${pledge.name} pledged on ${pledge.pledgedOn} to complete the ${campaign.name} by ${r.deadline}. ${days} remain.`,
      '',
      ...missing,
      '',
      'Submit for certification once everything is in place. If the deadline passes first, the pledge lapses.',
      '',
      campaign.signOff,
    ].join('\n'),
  };
}
