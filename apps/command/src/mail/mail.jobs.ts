import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { join } from 'node:path';
import type { Config } from '#config';
import type { EventStore } from '#event-store';
import { agencyStream, decodeAgencyEvent, type PledgeTakenData } from '#events';
import type { JobHandlersFor } from '#jobs';
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
      // The pledge of the reminder's own campaign (absent campaignId: the agency's first).
      const pledges = new Map<string | undefined, PledgeTakenData>();
      for (const stored of await this.store.readStream(agencyStream(agencyId))) {
        const e = decodeAgencyEvent(stored);
        if (e.type === 'PledgeTaken') pledges.set(e.data.campaignId, e.data);
        const pledge = e.type === 'DeadlineReminderSent' && pledges.get(e.data.campaignId);
        if (stored.id === eventId && e.type === 'DeadlineReminderSent' && pledge)
          return this.mailer.send(reminderMail(eventId, pledge, e.data, this.from));
      }
    },
  };

  onApplicationShutdown() {
    this.mailer.close();
  }
}
