import { Body, Controller, Param, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { Principal } from '#auth';
import { Access } from '../auth/access.decorator.js';
import { CurrentPrincipal } from '../auth/principal.decorator.js';
import { AgencyIdPipe } from '../infra/agency-id.pipe.js';
import { AgencyWrites } from './agency-writes.js';
import { HistoricCertificationRequest } from './historic-certification.request.js';

/** Migrating the campaign's past (issue 18 item 6): staff record a certification made before this system. */
@ApiTags('agency')
@ApiBearerAuth()
@Controller('v1/agencies/:agencyId/campaigns/:campaignId')
export class HistoricCertificationController {
  constructor(private readonly writes: AgencyWrites) {}

  @Post('historic-certification')
  @Access({ roles: ['staff'] })
  record(
    @Param('agencyId', AgencyIdPipe) agencyId: string,
    @Param('campaignId') campaignId: string,
    @Body() body: HistoricCertificationRequest,
    @CurrentPrincipal() p: Principal,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    return this.writes.run(req, res, p, agencyId, {
      type: 'RecordHistoricCertification',
      data: { agencyId, campaignId, ...body },
    });
  }
}
