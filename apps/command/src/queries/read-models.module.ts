import { Module } from '@nestjs/common';
import { PositionInterceptor } from './position.interceptor.js';
import { ReadModels } from './read-models.service.js';

/** One ReadModels connection shared by the queries, the audit routes (X-Position) and /metrics. */
@Module({ providers: [ReadModels, PositionInterceptor], exports: [ReadModels, PositionInterceptor] })
export class ReadModelsModule {}
