import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import type { Config } from '../../../libs/config/src/index.js';
import { AgencyCommandHandler } from './agency/agency-command.handler.js';
import { AgencyController } from './agency/agency.controller.js';
import { AuthGuard } from './auth/auth.guard.js';
import { HealthController } from './health/health.controller.js';
import { InfraModule } from './infra/infra.module.js';
import { ProblemFilter } from './infra/problem.filter.js';

@Module({})
export class CommandModule {
  static forRoot(config: Config): DynamicModule {
    return {
      module: CommandModule,
      imports: [InfraModule.forRoot(config), CqrsModule.forRoot()],
      controllers: [AgencyController, HealthController],
      providers: [
        AgencyCommandHandler,
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useClass: ProblemFilter },
      ],
    };
  }
}
