import { Body, Controller, Param, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { Principal } from '#auth';
import { Access } from '../auth/access.decorator.js';
import { CurrentPrincipal } from '../auth/principal.decorator.js';
import { AgencyIdPipe } from '../infra/agency-id.pipe.js';
import { AgencyWrites } from './agency-writes.js';
import {
  ApproveRequest,
  DeadlineExtensionRequest,
  ReasonRequest,
  ReviewRequirementRequest,
} from './agency.requests.js';
import { RequestChangesRequest } from './roster.requests.js';

/** IACP staff decisions: only staff certify, extend and revoke (G7). */
@ApiTags('review')
@ApiBearerAuth()
@Controller('v1/agencies/:agencyId')
export class ReviewController {
  constructor(private readonly writes: AgencyWrites) {}

  /** The requirement is checked against the agency's rule set by the decider (404 for one it lacks). */
  @Post('review/requirements/:requirement')
  @Access({ roles: ['staff'] })
  reviewRequirement(
    @Param('agencyId', AgencyIdPipe) agencyId: string,
    @Param('requirement') requirement: string,
    @Body() body: ReviewRequirementRequest,
    @CurrentPrincipal() p: Principal,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const data = { requirement, decision: body.decision, ...(body.message ? { message: body.message } : {}) };
    return this.writes.run(req, res, p, agencyId, { type: 'ReviewRequirement', data });
  }

  @Post('review/request-changes')
  @Access({ roles: ['staff'] })
  requestChanges(
    @Param('agencyId', AgencyIdPipe) agencyId: string,
    @Body() body: RequestChangesRequest,
    @CurrentPrincipal() p: Principal,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const reasons = body.reasons?.map((r) => ({ requirement: r.requirement, message: r.message }));
    return this.writes.run(req, res, p, agencyId, {
      type: 'RequestChanges',
      data: reasons ? { reasons } : {},
    });
  }

  @Post('review/approve')
  @Access({ roles: ['staff'] })
  approve(
    @Param('agencyId', AgencyIdPipe) agencyId: string,
    @Body() body: ApproveRequest,
    @CurrentPrincipal() p: Principal,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    return this.writes.run(req, res, p, agencyId, { type: 'ApproveCertification', data: { ...body } });
  }

  @Post('deadline-extension')
  @Access({ roles: ['staff'] })
  extend(
    @Param('agencyId', AgencyIdPipe) agencyId: string,
    @Body() body: DeadlineExtensionRequest,
    @CurrentPrincipal() p: Principal,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    return this.writes.run(req, res, p, agencyId, { type: 'ExtendDeadline', data: { ...body } });
  }

  @Post('certification/revoke')
  @Access({ roles: ['staff'] })
  revoke(
    @Param('agencyId', AgencyIdPipe) agencyId: string,
    @Body() body: ReasonRequest,
    @CurrentPrincipal() p: Principal,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    return this.writes.run(req, res, p, agencyId, { type: 'RevokeCertification', data: { ...body } });
  }
}
