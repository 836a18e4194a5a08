import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { join } from 'node:path';
import type { Config } from '#config';
import type { EventStore } from '#event-store';
import {
  agencyDecider,
  catalogueDecider,
  cycleView,
  daysBetween,
  defaultCampaignOf,
  primaryCampaign,
  today,
  trainingsExpiringOn,
  type AgencyCycle,
  type AgencyState,
} from '#domain';
import { PROGRAM_CATALOGUE_STREAM, agencyStream, decodeAgencyEvent, type NotificationKind } from '#events';
import { notificationMessageId, type JobHandlersFor, type RunningJob } from '#jobs';
import {
  agencyCacheKey,
  CATALOGUE_CACHE_KEY,
  ExecuteAgencyCommand,
} from '../agency/agency-command.handler.js';
import { loadState } from '../infra/handle-command.js';
import { unlessRefused, type HandlesJobs } from '../infra/job-handlers.js';
import { StateCache } from '../infra/state-cache.js';
import { CLOCK, CONFIG, EVENT_STORE, type Clock } from '../infra/tokens.js';
import { systemWriteMeta } from '../infra/write-request.js';
import { campaignNames } from '../documents/campaign-wording.js';
import { Mailer } from './mailer.js';
import {
  certificationExpiringMail,
  certifiedMail,
  changesRequestedMail,
  submissionMail,
  trainingExpiringMail,
  type AgencyAddressee,
} from './notification-mail.js';
import type { MailMessage } from './reminder-mail.js';

type Job = RunningJob<'send-notification'>;

/** A message to send, or null: nobody to send it to / nothing left to say (recorded all the same). */
type Outcome = { message: MailMessage | null } | 'not-applicable';

/**
 * Sends one notification e-mail, then records it (NotificationSent) through the command path:
 * at least once. A crash between SMTP and the record sends the same mail again on the re-run, with
 * the same Message-ID, so the recipient's mail client (and anyone reading the logs) sees one mail
 * twice, not two mails. A notification already recorded is not sent again. What the mail says is
 * read from the log when it runs; the job carries ids only.
 */
@Injectable()
export class NotificationJobs implements HandlesJobs<'send-notification'>, OnApplicationShutdown {
  private readonly mailer: Mailer;

  constructor(
    private readonly bus: CommandBus,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CONFIG) private readonly config: Config,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly cache: StateCache,
  ) {
    this.mailer = new Mailer(config.smtpUrl, join(config.dataDir, 'outbox'));
  }

  readonly handlers: JobHandlersFor<'send-notification'> = {
    'send-notification': (job) => this.run(job),
  };

  private async run(job: Job): Promise<void> {
    const { agencyId, campaignId, notificationId } = job.data;
    const { state } = await loadState<AgencyState>(this.store, {
      streamId: agencyStream(agencyId),
      decider: agencyDecider,
      cache: { store: this.cache, key: agencyCacheKey(agencyId) },
    });
    if (state.status === 'none' || state.notificationsSent.has(notificationId)) return;
    // A notification of another campaign than the agency's primary one is about that campaign's
    // cycle (its status, certificate, rule set); NotificationSent stays agency-level.
    const view = campaignId === undefined ? state : cycleView(state, campaignId);
    if (view.status === 'none') return;
    // The routes without a campaign serve the default campaign's documents (One Mind once
    // joined): a mail about another campaign's cycle links to that campaign's routes.
    const own = campaignId ?? primaryCampaign(state);
    const documentsCampaign = own !== null && own !== defaultCampaignOf(state) ? own : undefined;
    const outcome = await this.compose(job, view, documentsCampaign);
    if (outcome === 'not-applicable') return;
    if (outcome.message) await this.mailer.send(outcome.message);
    await unlessRefused(() =>
      this.bus.execute(
        new ExecuteAgencyCommand(
          agencyId,
          {
            type: 'RecordNotificationSent',
            data: {
              notificationId,
              kind: job.data.notification.kind satisfies NotificationKind,
              messageId: notificationMessageId(notificationId),
              to: outcome.message?.to.address ?? null,
              sentAt: this.clock.now(),
            },
          },
          systemWriteMeta('system:mail', job.id),
        ),
      ),
    );
  }

  private async compose({ data }: Job, state: AgencyCycle, documentsCampaign?: string): Promise<Outcome> {
    const messageId = notificationMessageId(data.notificationId);
    const from = this.config.mail.from;
    const agency: AgencyAddressee = {
      agencyId: data.agencyId,
      name: state.profile.name,
      contact: state.profile.contact,
      campaign: campaignNames(state.ruleSet),
      ...(documentsCampaign && { documentsCampaign }),
    };
    const n = data.notification;
    switch (n.kind) {
      case 'changes-requested': {
        const e = await this.eventAt(data.agencyId, n.revision);
        if (e?.type !== 'CertificationChangesRequested') return 'not-applicable';
        return { message: changesRequestedMail(messageId, agency, e.data, from) };
      }
      case 'submission-received': {
        const e = await this.eventAt(data.agencyId, n.revision);
        if (e?.type !== 'CertificationSubmitted') return 'not-applicable';
        const staff = this.config.mail.staffEmail;
        if (!staff) return { message: null };
        return {
          message: submissionMail(messageId, agency, e.data, staff, this.config.publicBaseUrl, from),
        };
      }
      case 'certified': {
        const c = state.certificate;
        if (state.status !== 'certified' || c?.number !== n.certificateNumber) return 'not-applicable';
        const facts = {
          certificateNumber: c.number,
          verificationCode: c.verificationCode,
          effectiveOn: c.effectiveOn,
        };
        return { message: certifiedMail(messageId, agency, facts, this.config.publicBaseUrl, from) };
      }
      case 'training-expiring': {
        const date = today(this.clock.now());
        const trainings = trainingsExpiringOn(state, n.expiresOn, date, await this.catalogue());
        if (!trainings.length) return { message: null };
        const left = daysBetween(date, n.expiresOn);
        return { message: trainingExpiringMail(messageId, agency, n.expiresOn, left, trainings, from) };
      }
      case 'certification-expiring': {
        const c = state.certificate;
        // Moot once it expired, was revoked or renewed (a later cycle holds another number).
        if (state.status !== 'certified' || c?.number !== n.certificateNumber || !c.expiresOn)
          return 'not-applicable';
        const left = daysBetween(today(this.clock.now()), c.expiresOn);
        return { message: certificationExpiringMail(messageId, agency, c.number, c.expiresOn, left, from) };
      }
      default:
        return n satisfies never;
    }
  }

  private async eventAt(agencyId: string, revision: string) {
    const [stored] = await this.store.readStream(agencyStream(agencyId), {
      fromRevision: BigInt(revision),
      toRevision: BigInt(revision),
    });
    return stored && stored.revision === BigInt(revision) ? decodeAgencyEvent(stored) : null;
  }

  private async catalogue() {
    const loaded = await loadState(this.store, {
      streamId: PROGRAM_CATALOGUE_STREAM,
      decider: catalogueDecider,
      cache: { store: this.cache, key: CATALOGUE_CACHE_KEY },
    });
    return loaded.state;
  }

  onApplicationShutdown() {
    this.mailer.close();
  }
}
