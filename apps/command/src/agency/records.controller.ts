import { Body, Controller, Param, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { Principal } from '#auth';
import { Access } from '../auth/access.decorator.js';
import { CurrentPrincipal } from '../auth/principal.decorator.js';
import { AgencyIdPipe, RecordIdPipe } from '../infra/agency-id.pipe.js';
import { AgencyWrites } from './agency-writes.js';
import { AdoptPolicyRequest, EndPartnershipRequest, EstablishPartnershipRequest } from './agency.requests.js';

/** Partnerships and policies: requirements 1 and 2. */
@ApiTags('agency')
@ApiBearerAuth()
@Controller('v1/agencies/:agencyId')
export class RecordsController {
  constructor(private readonly writes: AgencyWrites) {}

  @Post('partnerships')
  @Access({ roles: ['agency', 'staff'], ownAgency: true })
  establish(
    @Param('agencyId', AgencyIdPipe) agencyId: string,
    @Body() body: EstablishPartnershipRequest,
    @CurrentPrincipal() p: Principal,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    return this.writes.run(req, res, p, agencyId, { type: 'EstablishPartnership', data: { ...body } });
  }

  @Post('partnerships/:partnershipId/end')
  @Access({ roles: ['agency', 'staff'], ownAgency: true })
  end(
    @Param('agencyId', AgencyIdPipe) agencyId: string,
    @Param('partnershipId', RecordIdPipe) partnershipId: string,
    @Body() body: EndPartnershipRequest,
    @CurrentPrincipal() p: Principal,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    return this.writes.run(req, res, p, agencyId, {
      type: 'EndPartnership',
      data: { partnershipId, ...body },
    });
  }

  @Post('policies')
  @Access({ roles: ['agency', 'staff'], ownAgency: true })
  adopt(
    @Param('agencyId', AgencyIdPipe) agencyId: string,
    @Body() body: AdoptPolicyRequest,
    @CurrentPrincipal() p: Principal,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    return this.writes.run(req, res, p, agencyId, { type: 'AdoptPolicy', data: { ...body } });
  }
}
