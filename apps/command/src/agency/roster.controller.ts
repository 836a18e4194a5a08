import { Body, Controller, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Access } from '../auth/access.decorator.js';
import { AgencyIdPipe } from '../infra/agency-id.pipe.js';
import { Write, WriteContext } from '../infra/write-endpoint.js';
import type { WriteMeta } from '../infra/write-request.js';
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
  @Write()
  add(
    @Param('agencyId', AgencyIdPipe) agencyId: string,
    @Body() body: AddOfficersRequest,
    @WriteContext() meta: WriteMeta,
  ) {
    const officers = body.officers.map((o) => ({
      officerRef: o.officerRef,
      sworn: o.sworn ?? true,
      joinedOn: o.joinedOn,
    }));
    return this.writes.run(agencyId, { type: 'AddOfficers', data: { officers } }, meta);
  }

  @Post('officers/separations')
  @Access({ roles: ['agency', 'staff'], ownAgency: true })
  @Write()
  separate(
    @Param('agencyId', AgencyIdPipe) agencyId: string,
    @Body() body: SeparateOfficersRequest,
    @WriteContext() meta: WriteMeta,
  ) {
    const officers = body.officers.map((o) => ({ officerRef: o.officerRef, separatedOn: o.separatedOn }));
    return this.writes.run(agencyId, { type: 'SeparateOfficers', data: { officers } }, meta);
  }

  @Post('trainings')
  @Access({ roles: ['agency', 'staff'], ownAgency: true })
  @Write()
  train(
    @Param('agencyId', AgencyIdPipe) agencyId: string,
    @Body() body: RecordTrainingRequest,
    @WriteContext() meta: WriteMeta,
  ) {
    const records = body.records.map((r) => ({ ...r }));
    return this.writes.run(agencyId, { type: 'RecordTraining', data: { records } }, meta);
  }
}
