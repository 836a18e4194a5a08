import { Body, Controller, Param, Post, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { Principal } from '#auth';
import { Access } from '../auth/access.decorator.js';
import { CurrentPrincipal } from '../auth/principal.decorator.js';
import { ProblemException, problem } from '../infra/problem.js';
import { writeMetaFrom } from '../infra/write-request.js';
import { sendWriteResult } from '../infra/write-response.js';
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
  async propose(
    @Body() body: ProposeProgramRequest,
    @CurrentPrincipal() p: Principal,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const command = { type: 'ProposeTrainingProgram' as const, data: { ...body } };
    sendWriteResult(
      res,
      await this.commands.execute(new ExecuteCatalogueCommand(command, writeMetaFrom(req, p, req.body))),
    );
  }

  @Post(':programId/recognition')
  @Access({ roles: ['staff'] })
  async recognize(
    @Param('programId') programId: string,
    @Body() body: RecognizeProgramRequest,
    @CurrentPrincipal() p: Principal,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    if (!PROGRAM_ID.test(programId))
      throw new ProblemException(problem(404, `no training programme ${programId.slice(0, 64)}`));
    const command = { type: 'RecognizeTrainingProgram' as const, data: { programId, ...body } };
    sendWriteResult(
      res,
      await this.commands.execute(new ExecuteCatalogueCommand(command, writeMetaFrom(req, p, req.body))),
    );
  }
}
