import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import { catalogueDecider, type CatalogueCommand } from '#domain';
import type { EventStore } from '#event-store';
import { PROGRAM_CATALOGUE_STREAM } from '#events';
import { CATALOGUE_CACHE_KEY, randomVerificationCode } from '../agency/agency-command.handler.js';
import { StateCache } from '../infra/state-cache.js';
import { handleCommand, type CommandOutcome } from '../infra/handle-command.js';
import { CLOCK, EVENT_STORE, type Clock } from '../infra/tokens.js';
import { commandRequestBasics, type WriteMeta } from '../infra/write-request.js';

/** Commands on the campaign-wide training-programme catalogue (one stream). */
export class ExecuteCatalogueCommand extends Command<CommandOutcome> {
  constructor(
    readonly command: CatalogueCommand,
    readonly meta: WriteMeta,
  ) {
    super();
  }
}

@CommandHandler(ExecuteCatalogueCommand)
export class CatalogueCommandHandler implements ICommandHandler<ExecuteCatalogueCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly cache: StateCache,
  ) {}

  execute({ command, meta }: ExecuteCatalogueCommand): Promise<CommandOutcome> {
    const { principal } = meta;
    return handleCommand(this.store, {
      streamId: PROGRAM_CATALOGUE_STREAM,
      decider: catalogueDecider,
      command,
      context: async () => ({
        now: this.clock.now(),
        actor: principal,
        random: { id: randomUUID, verificationCode: () => randomVerificationCode() },
      }),
      ...commandRequestBasics(meta, this.clock),
      cache: { store: this.cache, key: CATALOGUE_CACHE_KEY },
    });
  }
}
