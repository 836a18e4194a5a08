import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import type { Config } from '#config';
import { AgencyCommandHandler } from './agency/agency-command.handler.js';
import { AgencyController } from './agency/agency.controller.js';
import { AgencyWrites } from './agency/agency-writes.js';
import { BulkPledges } from './agency/bulk-pledges.js';
import { BulkPledgesController } from './agency/bulk-pledges.controller.js';
import { RecordsController } from './agency/records.controller.js';
import { ReviewController } from './agency/review.controller.js';
import { HistoricCertificationController } from './agency/historic.controller.js';
import { CampaignController } from './agency/campaign.controller.js';
import { RosterController } from './agency/roster.controller.js';
import { AuthGuard } from './auth/auth.guard.js';
import { CampaignCommandHandler } from './campaigns/campaign-command.handler.js';
import { CampaignsRefreshInterceptor } from './infra/campaigns-refresh.js';
import { CampaignsController } from './campaigns/campaigns.controller.js';
import { CatalogueCommandHandler } from './programs/catalogue-command.handler.js';
import { ProgramsController } from './programs/programs.controller.js';
import { ImportsController } from './imports/imports.controller.js';
import { OfficeCommandHandler } from './offices/office-command.handler.js';
import { OfficeHoldersController } from './offices/office-holders.controller.js';
import { AuditModule } from './audit/audit.module.js';
import { EvidenceModule } from './evidence/evidence.module.js';
import { HealthController } from './health/health.controller.js';
import { InfraModule } from './infra/infra.module.js';
import { MetricsModule } from './metrics/metrics.module.js';
import { ProblemFilter } from './infra/problem.filter.js';
import { QueriesModule } from './queries/queries.module.js';
import { QueuesModule } from './queues/queues.module.js';
import { securityProviders } from './security/rate-limit.guard.js';

@Module({})
export class CommandModule {
  static forRoot(config: Config): DynamicModule {
    return {
      module: CommandModule,
      imports: [
        InfraModule.forRoot(config),
        CqrsModule.forRoot(),
        QueriesModule,
        QueuesModule,
        AuditModule,
        EvidenceModule,
        MetricsModule,
      ],
      controllers: [
        AgencyController,
        BulkPledgesController,
        RecordsController,
        RosterController,
        ReviewController,
        HistoricCertificationController,
        CampaignController,
        ProgramsController,
        ImportsController,
        OfficeHoldersController,
        HealthController,
        CampaignsController,
      ],
      providers: [
        AgencyCommandHandler,
        AgencyWrites,
        BulkPledges,
        CatalogueCommandHandler,
        CampaignCommandHandler,
        OfficeCommandHandler,
        { provide: APP_GUARD, useClass: AuthGuard },
        ...securityProviders, // write rate limit per token subject: must come after AuthGuard
        { provide: APP_FILTER, useClass: ProblemFilter },
        { provide: APP_INTERCEPTOR, useClass: CampaignsRefreshInterceptor },
      ],
    };
  }
}
