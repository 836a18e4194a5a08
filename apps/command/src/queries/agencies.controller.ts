import { Controller, Get, Param, Query, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiTags } from '@nestjs/swagger';
import { Access } from '../auth/access.decorator.js';
import { AgencyIdPipe } from '../infra/agency-id.pipe.js';
import { AgencyQueries } from './agency-queries.js';
import { AgencyListQuery, OfficersQuery } from './list-params.js';
import { PositionInterceptor } from './position.interceptor.js';

/** Agency reads from the read models (eventually consistent; X-Min-Position for read-your-writes). */
@ApiTags('queries')
@ApiBearerAuth()
@Controller('v1')
@UseInterceptors(PositionInterceptor)
@ApiHeader({
  name: 'X-Min-Position',
  required: false,
  description: 'wait (up to 10 s, then 504) until the read models reach this position',
})
export class AgenciesController {
  constructor(private readonly queries: AgencyQueries) {}

  @Get('agencies')
  @Access({ roles: ['staff', 'auditor'] })
  list(@Query() query: AgencyListQuery) {
    return this.queries.list(query);
  }

  @Get('agencies/:agencyId')
  @Access({ roles: ['agency', 'staff', 'auditor'], ownAgency: true })
  view(@Param('agencyId', AgencyIdPipe) agencyId: string) {
    return this.queries.view(agencyId);
  }

  /**
   * API-next.md: the agency's campaigns and its status in each. One campaign per agency until
   * agencies may join several (ADR 0008): the list has one item once the agency has pledged.
   */
  @Get('agencies/:agencyId/campaigns')
  @Access({ roles: ['agency', 'staff', 'auditor'], ownAgency: true })
  campaigns(@Param('agencyId', AgencyIdPipe) agencyId: string) {
    return this.queries.campaigns(agencyId);
  }

  @Get('agencies/:agencyId/officers')
  @Access({ roles: ['agency', 'staff', 'auditor'], ownAgency: true })
  officers(
    @Param('agencyId', AgencyIdPipe) agencyId: string,
    @Query() { covered, expiringWithinDays }: OfficersQuery,
  ) {
    if (expiringWithinDays !== undefined) return this.queries.expiringTrainings(agencyId, expiringWithinDays);
    return this.queries.officers(agencyId, covered === undefined ? undefined : covered === 'true');
  }

  @Get('agencies/:agencyId/review')
  @Access({ roles: ['staff'] })
  review(@Param('agencyId', AgencyIdPipe) agencyId: string) {
    return this.queries.reviewDetail(agencyId);
  }

  @Get('review-queue')
  @Access({ roles: ['staff'] })
  reviewQueue() {
    return this.queries.reviewQueue();
  }
}
