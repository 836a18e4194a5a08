import { Body, Controller, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Access } from '../auth/access.decorator.js';
import { AgencyIdPipe } from '../infra/agency-id.pipe.js';
import { Write, WriteContext } from '../infra/write-endpoint.js';
import type { WriteMeta } from '../infra/write-request.js';
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
  @Write()
  record(
    @Param('agencyId', AgencyIdPipe) agencyId: string,
    @Param('campaignId') campaignId: string,
    @Body() body: HistoricCertificationRequest,
    @WriteContext() meta: WriteMeta,
  ) {
    const data = { agencyId, campaignId, ...body };
    return this.writes.run(agencyId, { type: 'RecordHistoricCertification', data }, meta);
  }
}
