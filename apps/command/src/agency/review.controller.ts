import { Body, Controller, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Access } from '../auth/access.decorator.js';
import { AgencyIdPipe } from '../infra/agency-id.pipe.js';
import { Write, WriteContext } from '../infra/write-endpoint.js';
import type { WriteMeta } from '../infra/write-request.js';
import { AgencyWrites } from './agency-writes.js';
import {
  ApproveRequest,
  DeadlineExtensionRequest,
  ReasonRequest,
  ReviewRequirementRequest,
} from './agency.requests.js';
import { RequestChangesRequest } from './roster.requests.js';

/** The route's campaign, if it names one; the decider gives a command without one its default. */
const onCampaign = (campaignId: string | undefined) => (campaignId === undefined ? {} : { campaignId });

/**
 * IACP staff decisions: only staff certify, extend and revoke (G7). Each route also has its general
 * form under `campaigns/{campaignId}/` (issue 18 item 3), acting on that campaign's cycle; without
 * one, on One Mind's (or, for an agency that never joined One Mind, its first campaign's).
 */
@ApiTags('review')
@ApiBearerAuth()
@Controller(['v1/agencies/:agencyId', 'v1/agencies/:agencyId/campaigns/:campaignId'])
export class ReviewController {
  constructor(private readonly writes: AgencyWrites) {}

  /** The requirement is checked against the agency's rule set by the decider (404 for one it lacks). */
  @Post('review/requirements/:requirement')
  @Access({ roles: ['staff'] })
  @Write()
  reviewRequirement(
    @Param('agencyId', AgencyIdPipe) agencyId: string,
    @Param('requirement') requirement: string,
    @Body() body: ReviewRequirementRequest,
    @WriteContext() meta: WriteMeta,
    @Param('campaignId') campaignId?: string,
  ) {
    const message = body.message ? { message: body.message } : {};
    const data = { requirement, decision: body.decision, ...message, ...onCampaign(campaignId) };
    return this.writes.run(agencyId, { type: 'ReviewRequirement', data }, meta);
  }

  @Post('review/request-changes')
  @Access({ roles: ['staff'] })
  @Write()
  requestChanges(
    @Param('agencyId', AgencyIdPipe) agencyId: string,
    @Body() body: RequestChangesRequest,
    @WriteContext() meta: WriteMeta,
    @Param('campaignId') campaignId?: string,
  ) {
    const reasons = body.reasons?.map((r) => ({ requirement: r.requirement, message: r.message }));
    const data = { ...(reasons ? { reasons } : {}), ...onCampaign(campaignId) };
    return this.writes.run(agencyId, { type: 'RequestChanges', data }, meta);
  }

  @Post('review/approve')
  @Access({ roles: ['staff'] })
  @Write()
  approve(
    @Param('agencyId', AgencyIdPipe) agencyId: string,
    @Body() body: ApproveRequest,
    @WriteContext() meta: WriteMeta,
    @Param('campaignId') campaignId?: string,
  ) {
    return this.writes.run(
      agencyId,
      { type: 'ApproveCertification', data: { ...body, ...onCampaign(campaignId) } },
      meta,
    );
  }

  @Post('deadline-extension')
  @Access({ roles: ['staff'] })
  @Write()
  extend(
    @Param('agencyId', AgencyIdPipe) agencyId: string,
    @Body() body: DeadlineExtensionRequest,
    @WriteContext() meta: WriteMeta,
    @Param('campaignId') campaignId?: string,
  ) {
    return this.writes.run(
      agencyId,
      { type: 'ExtendDeadline', data: { ...body, ...onCampaign(campaignId) } },
      meta,
    );
  }

  @Post('certification/revoke')
  @Access({ roles: ['staff'] })
  @Write()
  revoke(
    @Param('agencyId', AgencyIdPipe) agencyId: string,
    @Body() body: ReasonRequest,
    @WriteContext() meta: WriteMeta,
    @Param('campaignId') campaignId?: string,
  ) {
    return this.writes.run(
      agencyId,
      { type: 'RevokeCertification', data: { ...body, ...onCampaign(campaignId) } },
      meta,
    );
  }
}
