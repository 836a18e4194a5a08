import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ofCampaign, type JobHandlersFor } from '#jobs';
import { ExecuteAgencyCommand } from '../agency/agency-command.handler.js';
import { unlessRefused, type HandlesJobs } from '../infra/job-handlers.js';
import { systemWriteMeta } from '../infra/write-request.js';

type TimerJob = 'deadline-reminder' | 'pledge-lapse' | 'certification-expiry';

/**
 * A due deadline (or certification expiry) job becomes a command, never an event: the decider re-checks the current state
 * and deadline, so a job for a moved deadline, a closed pledge or a reminder already sent (a
 * stalled job run twice) decides nothing. The job id is the causation id of what it appends. A
 * job of a campaign other than the agency's primary one names it, and so does its command; one
 * without a campaign (every job queued before campaigns) is the primary campaign's, as the
 * decider reads a timer command without one.
 */
@Injectable()
export class DeadlineJobs implements HandlesJobs<TimerJob> {
  constructor(private readonly bus: CommandBus) {}

  readonly handlers: JobHandlersFor<TimerJob> = {
    'deadline-reminder': async ({ id, data: { agencyId, campaignId, deadline, offsetDays } }) => {
      const data = { deadline, offsetDays, ...ofCampaign(campaignId) };
      await this.send(agencyId, { type: 'SendDeadlineReminder', data }, id);
    },
    'pledge-lapse': async ({ id, data: { agencyId, campaignId, deadline } }) => {
      await this.send(agencyId, { type: 'LapsePledge', data: { deadline, ...ofCampaign(campaignId) } }, id);
    },
    // A certificate number names its cycle, whatever the campaign: the decider finds it by number.
    'certification-expiry': async ({ id, data: { agencyId, campaignId, certificateNumber } }) => {
      const data = { certificateNumber, ...ofCampaign(campaignId) };
      await this.send(agencyId, { type: 'ExpireCertification', data }, id);
    },
  };

  private send(agencyId: string, command: ExecuteAgencyCommand['command'], jobId: string) {
    return unlessRefused(() =>
      this.bus.execute(new ExecuteAgencyCommand(agencyId, command, systemWriteMeta('system:timers', jobId))),
    );
  }
}
