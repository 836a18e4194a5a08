import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { campaignsDecider, type CampaignCommand } from '#domain';
import type { EventStore } from '#event-store';
import { CAMPAIGNS_STREAM } from '#events';
import { CampaignsRefresh } from '../infra/campaigns-refresh.js';
import { handleCommand, type CommandOutcome } from '../infra/handle-command.js';
import { CLOCK, EVENT_STORE, type Clock } from '../infra/tokens.js';
import { commandRequestBasics, type WriteMeta } from '../infra/write-request.js';

/** Commands on the campaigns stream (one for the engine; a few publications a year). */
export class ExecuteCampaignCommand extends Command<CommandOutcome> {
  constructor(
    readonly command: CampaignCommand,
    readonly meta: WriteMeta,
  ) {
    super();
  }
}

@CommandHandler(ExecuteCampaignCommand)
export class CampaignCommandHandler implements ICommandHandler<ExecuteCampaignCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly campaigns: CampaignsRefresh,
  ) {}

  async execute({ command, meta }: ExecuteCampaignCommand): Promise<CommandOutcome> {
    const outcome = await handleCommand(this.store, {
      streamId: CAMPAIGNS_STREAM,
      decider: campaignsDecider,
      command,
      context: () => Promise.resolve(undefined as unknown),
      ...commandRequestBasics(meta, this.clock),
    });
    // Known here at once: the next request may pledge to it (other instances learn within a second).
    await this.campaigns.refresh();
    return outcome;
  }
}
