import { Body, Controller, Param, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { Principal } from '#auth';
import { Access } from '../auth/access.decorator.js';
import { CurrentPrincipal } from '../auth/principal.decorator.js';
import { AgencyIdPipe } from '../infra/agency-id.pipe.js';
import { AgencyWrites } from './agency-writes.js';
import { AddOfficersRequest, RecordTrainingRequest, SeparateOfficersRequest } from './roster.requests.js';

/** Roster and training in bulk (1–5,000 records per request; CSV imports for more). */
@ApiTags('roster')
@ApiBearerAuth()
@Controller('v1/agencies/:agencyId')
export class RosterController {
  constructor(private readonly writes: AgencyWrites) {}

  @Post('officers')
  @Access({ roles: ['agency', 'staff'], ownAgency: true })
  add(
    @Param('agencyId', AgencyIdPipe) agencyId: string,
    @Body() body: AddOfficersRequest,
    @CurrentPrincipal() p: Principal,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const officers = body.officers.map((o) => ({
      officerRef: o.officerRef,
      sworn: o.sworn ?? true,
      joinedOn: o.joinedOn,
    }));
    return this.writes.run(req, res, p, agencyId, { type: 'AddOfficers', data: { officers } });
  }

  @Post('officers/separations')
  @Access({ roles: ['agency', 'staff'], ownAgency: true })
  separate(
    @Param('agencyId', AgencyIdPipe) agencyId: string,
    @Body() body: SeparateOfficersRequest,
    @CurrentPrincipal() p: Principal,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const officers = body.officers.map((o) => ({ officerRef: o.officerRef, separatedOn: o.separatedOn }));
    return this.writes.run(req, res, p, agencyId, { type: 'SeparateOfficers', data: { officers } });
  }

  @Post('trainings')
  @Access({ roles: ['agency', 'staff'], ownAgency: true })
  train(
    @Param('agencyId', AgencyIdPipe) agencyId: string,
    @Body() body: RecordTrainingRequest,
    @CurrentPrincipal() p: Principal,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const records = body.records.map((r) => ({ ...r }));
    return this.writes.run(req, res, p, agencyId, { type: 'RecordTraining', data: { records } });
  }
}
