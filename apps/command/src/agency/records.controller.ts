import { Body, Controller, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Access } from '../auth/access.decorator.js';
import { AgencyIdPipe, RecordIdPipe } from '../infra/agency-id.pipe.js';
import { Write, WriteContext } from '../infra/write-endpoint.js';
import type { WriteMeta } from '../infra/write-request.js';
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
  @Write()
  establish(
    @Param('agencyId', AgencyIdPipe) agencyId: string,
    @Body() body: EstablishPartnershipRequest,
    @WriteContext() meta: WriteMeta,
  ) {
    return this.writes.run(agencyId, { type: 'EstablishPartnership', data: { ...body } }, meta);
  }

  @Post('partnerships/:partnershipId/end')
  @Access({ roles: ['agency', 'staff'], ownAgency: true })
  @Write()
  end(
    @Param('agencyId', AgencyIdPipe) agencyId: string,
    @Param('partnershipId', RecordIdPipe) partnershipId: string,
    @Body() body: EndPartnershipRequest,
    @WriteContext() meta: WriteMeta,
  ) {
    return this.writes.run(
      agencyId,
      {
        type: 'EndPartnership',
        data: { partnershipId, ...body },
      },
      meta,
    );
  }

  @Post('policies')
  @Access({ roles: ['agency', 'staff'], ownAgency: true })
  @Write()
  adopt(
    @Param('agencyId', AgencyIdPipe) agencyId: string,
    @Body() body: AdoptPolicyRequest,
    @WriteContext() meta: WriteMeta,
  ) {
    return this.writes.run(agencyId, { type: 'AdoptPolicy', data: { ...body } }, meta);
  }
}
