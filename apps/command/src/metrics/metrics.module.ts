import { Module } from '@nestjs/common';
import { ReadModelsModule } from '../queries/read-models.module.js';
import { MetricsController } from './metrics.controller.js';

/** /metrics; responses are counted by the app's onResponse hook (infra/request-log.ts). */
@Module({ imports: [ReadModelsModule], controllers: [MetricsController] })
export class MetricsModule {}
