import { Body, Controller, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Access } from '../auth/access.decorator.js';
import { AgencyIdPipe, RecordIdPipe } from '../infra/agency-id.pipe.js';
import { Write, WriteContext } from '../infra/write-endpoint.js';
import type { WriteMeta } from '../infra/write-request.js';
import { AgencyWrites } from './agency-writes.js';
import { ImplementPracticeRequest, ReasonRequest, SubmissionRequest } from './agency.requests.js';
import { TakePledgeRequest } from './take-pledge.request.js';

/**
 * The general form of the agency routes (API-next.md "Campaigns, rule sets and recertification"):
 * the same bodies and answers as the routes without a campaign, which mean `one-mind`. The decider
 * checks the campaign: unknown → 404 `campaign-not-found`; one the agency has not pledged to → 409
 * `campaign-not-joined` (a pledge joins it: an agency may take part in several, issue 18 item 3).
 * The staff decisions' general forms are the review controller's second path.
 */
@ApiTags('agency')
@ApiBearerAuth()
@Controller('v1/agencies/:agencyId/campaigns/:campaignId')
export class CampaignController {
  constructor(private readonly writes: AgencyWrites) {}

  @Post('pledge')
  @Access({ roles: ['agency', 'staff'], ownAgency: true })
  @Write()
  pledge(
    @Param('agencyId', AgencyIdPipe) agencyId: string,
    @Param('campaignId') campaignId: string,
    @Body() body: TakePledgeRequest,
    @WriteContext() meta: WriteMeta,
  ) {
    return this.writes.run(agencyId, { type: 'TakePledge', data: { agencyId, ...body, campaignId } }, meta);
  }

  @Post('submission')
  @Access({ roles: ['agency', 'staff'], ownAgency: true })
  @Write()
  submit(
    @Param('agencyId', AgencyIdPipe) agencyId: string,
    @Param('campaignId') campaignId: string,
    @Body() body: SubmissionRequest,
    @WriteContext() meta: WriteMeta,
  ) {
    return this.writes.run(agencyId, { type: 'SubmitForCertification', data: { ...body, campaignId } }, meta);
  }

  @Post('recertification')
  @Access({ roles: ['agency', 'staff'], ownAgency: true })
  @Write()
  recertify(
    @Param('agencyId', AgencyIdPipe) agencyId: string,
    @Param('campaignId') campaignId: string,
    @Body() body: SubmissionRequest,
    @WriteContext() meta: WriteMeta,
  ) {
    return this.writes.run(agencyId, { type: 'StartRecertification', data: { ...body, campaignId } }, meta);
  }

  @Post('withdrawal')
  @Access({ roles: ['agency', 'staff'], ownAgency: true })
  @Write()
  withdraw(
    @Param('agencyId', AgencyIdPipe) agencyId: string,
    @Param('campaignId') campaignId: string,
    @Body() body: ReasonRequest,
    @WriteContext() meta: WriteMeta,
  ) {
    return this.writes.run(agencyId, { type: 'WithdrawPledge', data: { ...body, campaignId } }, meta);
  }

  /** The practice is checked against the agency's rule set by the decider (404 for one it lacks). */
  @Post('practices/:practiceId')
  @Access({ roles: ['agency', 'staff'], ownAgency: true })
  @Write()
  implementPractice(
    @Param('agencyId', AgencyIdPipe) agencyId: string,
    @Param('campaignId') campaignId: string,
    @Param('practiceId', RecordIdPipe) practiceId: string,
    @Body() body: ImplementPracticeRequest,
    @WriteContext() meta: WriteMeta,
  ) {
    const data = { campaignId, practiceId, ...body };
    return this.writes.run(agencyId, { type: 'ImplementPractice', data }, meta);
  }
}
