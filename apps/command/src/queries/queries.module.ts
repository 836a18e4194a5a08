import { Module } from '@nestjs/common';
import { AgenciesController } from './agencies.controller.js';
import { AgencyQueries } from './agency-queries.js';
import { ProgramsQueriesController } from './programs-queries.controller.js';
import { PublicController } from './public.controller.js';
import { ReadModelsModule } from './read-models.module.js';
import { VerifyController } from '../verify/verify.controller.js';

/** The read side of the command app: read-model queries (the audit trail and /metrics are modules of their own). */
@Module({
  imports: [ReadModelsModule],
  controllers: [AgenciesController, PublicController, ProgramsQueriesController, VerifyController],
  providers: [AgencyQueries],
})
export class QueriesModule {}
