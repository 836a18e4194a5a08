import { Body, Controller, Param, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { Principal } from '#auth';
import { Access } from '../auth/access.decorator.js';
import { CurrentPrincipal } from '../auth/principal.decorator.js';
import { AgencyIdPipe } from '../infra/agency-id.pipe.js';
import { AgencyWrites } from './agency-writes.js';
import { ReasonRequest, SubmissionRequest } from './agency.requests.js';
import { TakePledgeRequest } from './take-pledge.request.js';

/** The pledge's own lifecycle as the agency drives it (staff may act for any agency). */
@ApiTags('agency')
@ApiBearerAuth()
@Controller('v1/agencies/:agencyId')
export class AgencyController {
  constructor(private readonly writes: AgencyWrites) {}

  @Post('pledge')
  @Access({ roles: ['agency', 'staff'], ownAgency: true })
  pledge(
    @Param('agencyId', AgencyIdPipe) agencyId: string,
    @Body() body: TakePledgeRequest,
    @CurrentPrincipal() p: Principal,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    return this.writes.run(req, res, p, agencyId, { type: 'TakePledge', data: { agencyId, ...body } });
  }

  @Post('submission')
  @Access({ roles: ['agency', 'staff'], ownAgency: true })
  submit(
    @Param('agencyId', AgencyIdPipe) agencyId: string,
    @Body() body: SubmissionRequest,
    @CurrentPrincipal() p: Principal,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    return this.writes.run(req, res, p, agencyId, { type: 'SubmitForCertification', data: { ...body } });
  }

  /** One Mind's recertification (the agency routes mean One Mind); a new cycle, submitted at once. */
  @Post('recertification')
  @Access({ roles: ['agency', 'staff'], ownAgency: true })
  recertify(
    @Param('agencyId', AgencyIdPipe) agencyId: string,
    @Body() body: SubmissionRequest,
    @CurrentPrincipal() p: Principal,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    return this.writes.run(req, res, p, agencyId, { type: 'StartRecertification', data: { ...body } });
  }

  @Post('withdrawal')
  @Access({ roles: ['agency', 'staff'], ownAgency: true })
  withdraw(
    @Param('agencyId', AgencyIdPipe) agencyId: string,
    @Body() body: ReasonRequest,
    @CurrentPrincipal() p: Principal,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    return this.writes.run(req, res, p, agencyId, { type: 'WithdrawPledge', data: { ...body } });
  }
}
