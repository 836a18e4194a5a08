import { Body, Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Access } from '../auth/access.decorator.js';
import { ProblemException, problem } from '../infra/problem.js';
import type { CommandOutcome } from '../infra/handle-command.js';
import { Write, WriteContext } from '../infra/write-endpoint.js';
import type { WriteMeta } from '../infra/write-request.js';
import { ProposeProgramRequest, PROGRAM_ID, RecognizeProgramRequest } from '../agency/roster.requests.js';
import { ExecuteCatalogueCommand } from './catalogue-command.handler.js';

/** Agencies propose equivalent programmes; staff recognise them (a staff proposal is recognised at once). */
@ApiTags('training-programs')
@ApiBearerAuth()
@Controller('v1/training-programs')
export class ProgramsController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @Access({ roles: ['agency', 'staff'] })
  @Write()
  propose(@Body() body: ProposeProgramRequest, @WriteContext() meta: WriteMeta): Promise<CommandOutcome> {
    const command = { type: 'ProposeTrainingProgram' as const, data: { ...body } };
    return this.commands.execute(new ExecuteCatalogueCommand(command, meta));
  }

  @Post(':programId/recognition')
  @Access({ roles: ['staff'] })
  @Write()
  recognize(
    @Param('programId') programId: string,
    @Body() body: RecognizeProgramRequest,
    @WriteContext() meta: WriteMeta,
  ): Promise<CommandOutcome> {
    if (!PROGRAM_ID.test(programId))
      throw new ProblemException(problem(404, `no training programme ${programId.slice(0, 64)}`));
    const command = { type: 'RecognizeTrainingProgram' as const, data: { programId, ...body } };
    return this.commands.execute(new ExecuteCatalogueCommand(command, meta));
  }
}
