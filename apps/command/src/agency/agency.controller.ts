import { Body, Controller, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Access } from '../auth/access.decorator.js';
import { AgencyIdPipe } from '../infra/agency-id.pipe.js';
import { Write, WriteContext } from '../infra/write-endpoint.js';
import type { WriteMeta } from '../infra/write-request.js';
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
  @Write()
  pledge(
    @Param('agencyId', AgencyIdPipe) agencyId: string,
    @Body() body: TakePledgeRequest,
    @WriteContext() meta: WriteMeta,
  ) {
    return this.writes.run(agencyId, { type: 'TakePledge', data: { agencyId, ...body } }, meta);
  }

  @Post('submission')
  @Access({ roles: ['agency', 'staff'], ownAgency: true })
  @Write()
  submit(
    @Param('agencyId', AgencyIdPipe) agencyId: string,
    @Body() body: SubmissionRequest,
    @WriteContext() meta: WriteMeta,
  ) {
    return this.writes.run(agencyId, { type: 'SubmitForCertification', data: { ...body } }, meta);
  }

  /** One Mind's recertification (the agency routes mean One Mind); a new cycle, submitted at once. */
  @Post('recertification')
  @Access({ roles: ['agency', 'staff'], ownAgency: true })
  @Write()
  recertify(
    @Param('agencyId', AgencyIdPipe) agencyId: string,
    @Body() body: SubmissionRequest,
    @WriteContext() meta: WriteMeta,
  ) {
    return this.writes.run(agencyId, { type: 'StartRecertification', data: { ...body } }, meta);
  }

  @Post('withdrawal')
  @Access({ roles: ['agency', 'staff'], ownAgency: true })
  @Write()
  withdraw(
    @Param('agencyId', AgencyIdPipe) agencyId: string,
    @Body() body: ReasonRequest,
    @WriteContext() meta: WriteMeta,
  ) {
    return this.writes.run(agencyId, { type: 'WithdrawPledge', data: { ...body } }, meta);
  }
}
