import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { join } from 'node:path';
import type { Config } from '#config';
import type { EventStore } from '#event-store';
import { agencyStream, decodeAgencyEvent, type PledgeTakenData } from '#events';
import { campaignIdOf, type JobHandlersFor } from '#jobs';
import { CONFIG, EVENT_STORE } from '../infra/tokens.js';
import type { HandlesJobs } from '../infra/job-handlers.js';
import { Mailer } from './mailer.js';
import { reminderMail } from './reminder-mail.js';

/**
 * Sends the e-mail of one DeadlineReminderSent event, addressed to the contact of the pledge it
 * belongs to. Reads the event back from the log: the job only carries its id.
 */
@Injectable()
export class MailJobs implements HandlesJobs<'send-reminder-mail'>, OnApplicationShutdown {
  private readonly mailer: Mailer;
  /** `ONEMIND_MAIL_FROM`: the sender of reminders. */
  private readonly from: string;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CONFIG) config: Config,
  ) {
    this.mailer = new Mailer(config.smtpUrl, join(config.dataDir, 'outbox'));
    this.from = config.mail.from;
  }

  readonly handlers: JobHandlersFor<'send-reminder-mail'> = {
    'send-reminder-mail': async ({ data: { agencyId, eventId } }) => {
      // The latest pledge of each campaign ('' for the primary one, whose events name none): a
      // reminder of one campaign is about that campaign's pledge, not the agency's latest.
      const pledges = new Map<string, PledgeTakenData>();
      for (const stored of await this.store.readStream(agencyStream(agencyId))) {
        const e = decodeAgencyEvent(stored);
        const campaign = campaignIdOf(e) ?? '';
        if (e.type === 'PledgeTaken') pledges.set(campaign, e.data);
        const pledge = pledges.get(campaign);
        if (stored.id === eventId && e.type === 'DeadlineReminderSent' && pledge)
          return this.mailer.send(reminderMail(eventId, pledge, e.data, this.from));
      }
    },
  };

  onApplicationShutdown() {
    this.mailer.close();
  }
}
