import { Controller, Get, Param, Query, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Access } from '../auth/access.decorator.js';
import { AgencyIdPipe } from '../infra/agency-id.pipe.js';
import { AgencyQueries } from './agency-queries.js';
import { AGENCY_STATUSES, MAX_PAGE_SIZE, agencyListFilter, optionalBoolean } from './list-params.js';
import { PositionInterceptor } from './position.interceptor.js';

/** Agency reads from the read models (eventually consistent; X-Min-Position for read-your-writes). */
@ApiTags('queries')
@ApiBearerAuth()
@Controller('v1')
@UseInterceptors(PositionInterceptor)
@ApiHeader({ name: 'X-Min-Position', required: false, description: 'wait (up to 10 s, then 504) until the read models reach this position' })
export class AgenciesController {
  constructor(private readonly queries: AgencyQueries) {}

  @Get('agencies')
  @Access({ roles: ['staff', 'auditor'] })
  @ApiQuery({ name: 'status', required: false, enum: AGENCY_STATUSES })
  @ApiQuery({ name: 'region', required: false })
  @ApiQuery({ name: 'q', required: false, description: 'part of the name, agencyId or ORI' })
  @ApiQuery({ name: 'page', required: false, type: Number })
  @ApiQuery({ name: 'pageSize', required: false, type: Number, description: `1–${MAX_PAGE_SIZE}, default 50` })
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
  @ApiQuery({ name: 'covered', required: false, enum: ['true', 'false'], description: 'false: sworn officers still needing training' })
  officers(@Param('agencyId', AgencyIdPipe) agencyId: string, @Query() query: Record<string, unknown>) {
    return this.queries.officers(agencyId, optionalBoolean(query, 'covered'));
  }

  @Get('review-queue')
  @Access({ roles: ['staff'] })
  reviewQueue() {
    return this.queries.reviewQueue();
  }
}
