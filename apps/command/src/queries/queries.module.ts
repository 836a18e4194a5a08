import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { MetricsModule } from '../metrics/metrics.module.js';
import { AgenciesController } from './agencies.controller.js';
import { AgencyQueries } from './agency-queries.js';
import { PublicController } from './public.controller.js';
import { ReadModelsModule } from './read-models.module.js';

/** The read side of the command app: read-model queries, the audit trail (from the log), /metrics. */
@Module({
  imports: [ReadModelsModule, AuditModule, MetricsModule],
  controllers: [AgenciesController, PublicController],
  providers: [AgencyQueries],
})
export class QueriesModule {}
