import { Module, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { ReadModelsModule } from '../queries/read-models.module.js';
import { MetricsController } from './metrics.controller.js';
import { httpResponses } from '../infra/metrics.js';

function countResponses(req: Request, res: Response, next: NextFunction) {
  res.on('finish', () => httpResponses.inc({ method: req.method, status: String(res.statusCode) }));
  next();
}

@Module({ imports: [ReadModelsModule], controllers: [MetricsController] })
export class MetricsModule implements NestModule {
  configure(consumer: MiddlewareConsumer) {
    consumer.apply(countResponses).forRoutes('{*path}');
  }
}
