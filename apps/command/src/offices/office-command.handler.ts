import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { officeHoldersDecider, type OfficeCommand } from '#domain';
import type { EventStore } from '#event-store';
import { OFFICE_HOLDERS_STREAM } from '#events';
import { handleCommand, type CommandOutcome } from '../infra/handle-command.js';
import { CLOCK, EVENT_STORE, type Clock } from '../infra/tokens.js';
import { commandRequestBasics, type WriteMeta } from '../infra/write-request.js';

/** Commands on the office-holders stream (one for the engine; a handful of events a year). */
export class ExecuteOfficeCommand extends Command<CommandOutcome> {
  constructor(
    readonly command: OfficeCommand,
    readonly meta: WriteMeta,
  ) {
    super();
  }
}

@CommandHandler(ExecuteOfficeCommand)
export class OfficeCommandHandler implements ICommandHandler<ExecuteOfficeCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute({ command, meta }: ExecuteOfficeCommand): Promise<CommandOutcome> {
    return handleCommand(this.store, {
      streamId: OFFICE_HOLDERS_STREAM,
      decider: officeHoldersDecider,
      command,
      context: () => Promise.resolve(undefined as unknown),
      ...commandRequestBasics(meta, this.clock),
    });
  }
}
