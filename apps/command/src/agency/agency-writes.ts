import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { CommandOutcome } from '../infra/handle-command.js';
import type { WriteMeta } from '../infra/write-request.js';
import { ExecuteAgencyCommand, type AgencyRequest } from './agency-command.handler.js';

/** The shared tail of every agency write endpoint: the command bus; `@Write()` turns the outcome into API.md's answer. */
@Injectable()
export class AgencyWrites {
  constructor(private readonly commands: CommandBus) {}

  run(agencyId: string, command: AgencyRequest, meta: WriteMeta): Promise<CommandOutcome> {
    return this.commands.execute(new ExecuteAgencyCommand(agencyId, command, meta));
  }
}
