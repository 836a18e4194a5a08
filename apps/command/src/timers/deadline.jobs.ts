import { Inject, Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { EventStore } from '#event-store';
import { agencyDecider, primaryCampaign, type AgencyState } from '#domain';
import { agencyStream } from '#events';
import { ofCampaign, type JobHandlersFor } from '#jobs';
import { agencyCacheKey, ExecuteAgencyCommand } from '../agency/agency-command.handler.js';
import { loadState } from '../infra/handle-command.js';
import { unlessRefused, type HandlesJobs } from '../infra/job-handlers.js';
import { StateCache } from '../infra/state-cache.js';
import { EVENT_STORE } from '../infra/tokens.js';
import { systemWriteMeta } from '../infra/write-request.js';

type TimerJob = 'deadline-reminder' | 'pledge-lapse' | 'certification-expiry';

/**
 * A due deadline (or certification expiry) job becomes a command, never an event: the decider re-checks the current state
 * and deadline, so a job for a moved deadline, a closed pledge or a reminder already sent (a
 * stalled job run twice) decides nothing. The job id is the causation id of what it appends. A
 * job of a campaign other than the agency's primary one names it, and so does its command.
 */
@Injectable()
export class DeadlineJobs implements HandlesJobs<TimerJob> {
  constructor(
    private readonly bus: CommandBus,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly cache: StateCache,
  ) {}

  readonly handlers: JobHandlersFor<TimerJob> = {
    'deadline-reminder': async ({ id, data: { agencyId, campaignId, deadline, offsetDays } }) => {
      const campaign = await this.cycleCampaign(agencyId, campaignId);
      const data = { deadline, offsetDays, ...ofCampaign(campaign) };
      await this.send(agencyId, { type: 'SendDeadlineReminder', data }, id);
    },
    'pledge-lapse': async ({ id, data: { agencyId, campaignId, deadline } }) => {
      const campaign = await this.cycleCampaign(agencyId, campaignId);
      await this.send(agencyId, { type: 'LapsePledge', data: { deadline, ...ofCampaign(campaign) } }, id);
    },
    // A certificate number names its cycle, whatever the campaign: the decider finds it by number.
    'certification-expiry': async ({ id, data: { agencyId, campaignId, certificateNumber } }) => {
      const data = { certificateNumber, ...ofCampaign(campaignId) };
      await this.send(agencyId, { type: 'ExpireCertification', data }, id);
    },
  };

  /**
   * The campaign whose pledge a deadline job is about. A job without `campaignId` is the agency's
   * primary campaign's (so is every job queued before campaigns), and its command names that
   * campaign explicitly: a reminder or lapse without one means One Mind once the agency has joined
   * it (the routes' default), the wrong cycle for an agency that pledged to another campaign first.
   */
  private async cycleCampaign(agencyId: string, campaignId: string | undefined) {
    if (campaignId !== undefined) return campaignId;
    const { state } = await loadState<AgencyState>(this.store, {
      streamId: agencyStream(agencyId),
      decider: agencyDecider,
      cache: { store: this.cache, key: agencyCacheKey(agencyId) },
    });
    return primaryCampaign(state) ?? undefined;
  }

  private send(agencyId: string, command: ExecuteAgencyCommand['command'], jobId: string) {
    return unlessRefused(() =>
      this.bus.execute(new ExecuteAgencyCommand(agencyId, command, systemWriteMeta('system:timers', jobId))),
    );
  }
}
