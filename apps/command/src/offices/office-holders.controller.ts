import { Body, Controller, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Access } from '../auth/access.decorator.js';
import type { CommandOutcome } from '../infra/handle-command.js';
import { Write, WriteContext } from '../infra/write-endpoint.js';
import type { WriteMeta } from '../infra/write-request.js';
import { AppointOfficeHolderRequest } from './office-holders.request.js';
import { ExecuteOfficeCommand } from './office-command.handler.js';

/** Staff record who holds an office from which day (DOMAIN.md "Who signs"); documents read it. */
@ApiTags('office-holders')
@ApiBearerAuth()
@Controller('v1/office-holders')
export class OfficeHoldersController {
  constructor(private readonly commands: CommandBus) {}

  /**
   * 200 with the write answer even for the first appointment: the stream is one for the engine, so
   * no request creates "a resource" (the outcome is answered as not created).
   */
  @Post()
  @Access({ roles: ['staff'] })
  @Write()
  async appoint(
    @Body() body: AppointOfficeHolderRequest,
    @WriteContext() meta: WriteMeta,
  ): Promise<CommandOutcome> {
    const command = { type: 'AppointOfficeHolder' as const, data: { ...body } };
    const outcome: CommandOutcome = await this.commands.execute(new ExecuteOfficeCommand(command, meta));
    return { ...outcome, created: false };
  }
}
