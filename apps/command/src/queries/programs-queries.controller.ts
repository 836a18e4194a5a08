import { Controller, Get, Query, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiTags } from '@nestjs/swagger';
import type { Principal } from '#auth';
import { listCatalogue, listCataloguePg } from '#read-models';
import { Access } from '../auth/access.decorator.js';
import { CurrentPrincipal } from '../auth/principal.decorator.js';
import { ProgramListQuery } from './list-params.js';
import { PositionInterceptor } from './position.interceptor.js';
import { ReadModels } from './read-models.service.js';

/**
 * The training-programme catalogue, so that nobody has to guess programme ids (API-next.md): staff
 * find the proposals waiting for recognition, agencies the ids their records may name.
 */
@ApiTags('training-programs')
@ApiBearerAuth()
@Controller('v1/training-programs')
@UseInterceptors(PositionInterceptor)
@ApiHeader({
  name: 'X-Min-Position',
  required: false,
  description: 'wait (up to 10 s, then 504) until the read models reach this position',
})
export class ProgramsQueriesController {
  constructor(private readonly readModels: ReadModels) {}

  @Get()
  @Access({ roles: ['agency', 'staff', 'auditor'] })
  async list(@Query() { status }: ProgramListQuery, @CurrentPrincipal() p: Principal) {
    const catalogue = this.readModels.onPostgres
      ? await this.readModels.pgRead((pool) => listCataloguePg(pool, status))
      : listCatalogue(this.readModels.db(), status);
    const items = catalogue.map((item) =>
      // Which agency proposed a programme is that agency's business (G7): another agency sees that
      // it was proposed and when, not by whom.
      p.role === 'agency' && item.proposedBy !== null && item.proposedBy !== p.agencyId
        ? { ...item, proposedBy: null }
        : item,
    );
    return { total: items.length, items };
  }
}
