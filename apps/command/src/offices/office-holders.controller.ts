import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Access } from '../auth/access.decorator.js';
import { WriteContext } from '../infra/write-context.decorator.js';
import type { WriteMeta } from '../infra/write-request.js';
import { writeAnswer } from '../infra/write-response.js';
import { AppointOfficeHolderRequest } from './office-holders.request.js';
import { ExecuteOfficeCommand } from './office-command.handler.js';

/** Staff record who holds an office from which day (DOMAIN.md "Who signs"); documents read it. */
@ApiTags('office-holders')
@ApiBearerAuth()
@Controller('v1/office-holders')
export class OfficeHoldersController {
  constructor(private readonly commands: CommandBus) {}

  /** 200 with the write answer: the stream is one for the engine, so no request creates "a resource". */
  @Post()
  @HttpCode(200)
  @Access({ roles: ['staff'] })
  async appoint(@Body() body: AppointOfficeHolderRequest, @WriteContext() meta: WriteMeta) {
    const command = { type: 'AppointOfficeHolder' as const, data: { ...body } };
    return writeAnswer(await this.commands.execute(new ExecuteOfficeCommand(command, meta)));
  }
}
