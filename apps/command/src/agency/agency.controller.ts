import { Body, Controller, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { Principal } from '../../../../libs/auth/src/index.js';
import { Access } from '../auth/access.decorator.js';
import { CurrentPrincipal } from '../auth/principal.decorator.js';
import { AgencyIdPipe } from '../infra/agency-id.pipe.js';
import { writeMetaFrom } from '../infra/write-request.js';
import { sendWriteResult } from '../infra/write-response.js';
import { ExecuteAgencyCommand } from './agency-command.handler.js';
import { TakePledgeRequest } from './take-pledge.request.js';

@ApiTags('agency')
@ApiBearerAuth()
@Controller('v1/agencies/:agencyId')
export class AgencyController {
  constructor(private readonly commands: CommandBus) {}

  @Post('pledge')
  @HttpCode(200)
  @Access({ roles: ['agency', 'staff'], ownAgency: true })
  async pledge(
    @Param('agencyId', AgencyIdPipe) agencyId: string,
    @Body() body: TakePledgeRequest,
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const meta = writeMetaFrom(req, principal, req.body);
    const outcome = await this.commands.execute(new ExecuteAgencyCommand(agencyId, { type: 'TakePledge', data: { agencyId, ...body } }, meta));
    sendWriteResult(res, outcome);
  }
}
