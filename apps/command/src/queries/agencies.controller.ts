import { Controller, Get, Param, Query, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Access } from '../auth/access.decorator.js';
import { AgencyIdPipe } from '../infra/agency-id.pipe.js';
import { AgencyQueries } from './agency-queries.js';
import { agencyListFilter, optionalBoolean } from './list-params.js';
import { PositionInterceptor } from './position.interceptor.js';

/** Agency reads from the read models (eventually consistent; X-Min-Position for read-your-writes). */
@ApiTags('queries')
@ApiBearerAuth()
@Controller('v1')
@UseInterceptors(PositionInterceptor)
export class AgenciesController {
  constructor(private readonly queries: AgencyQueries) {}

  @Get('agencies')
  @Access({ roles: ['staff', 'auditor'] })
  list(@Query() query: Record<string, unknown>) {
    return this.queries.list(agencyListFilter(query));
  }

  @Get('agencies/:agencyId')
  @Access({ roles: ['agency', 'staff', 'auditor'], ownAgency: true })
  view(@Param('agencyId', AgencyIdPipe) agencyId: string) {
    return this.queries.view(agencyId);
  }

  @Get('agencies/:agencyId/officers')
  @Access({ roles: ['agency', 'staff', 'auditor'], ownAgency: true })
  officers(@Param('agencyId', AgencyIdPipe) agencyId: string, @Query() query: Record<string, unknown>) {
    return this.queries.officers(agencyId, optionalBoolean(query, 'covered'));
  }

  @Get('review-queue')
  @Access({ roles: ['staff'] })
  reviewQueue() {
    return this.queries.reviewQueue();
  }
}
