import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { HttpReply } from '../infra/http.js';
import { Registry } from 'prom-client';
import type { EventStore } from '#event-store';
import { Public } from '../auth/access.decorator.js';
import { EVENT_STORE } from '../infra/tokens.js';
import { ReadModels } from '../queries/read-models.service.js';
import { projectionRegistry } from './projection-metrics.js';
import { processRegistry } from '../infra/metrics.js';

/** Prometheus text. Public in the app; keep it on the internal network at the proxy (API.md). */
@ApiTags('health')
@Controller('metrics')
export class MetricsController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly readModels: ReadModels,
  ) {}

  @Get()
  @Public()
  @ApiProduces('text/plain')
  @ApiOperation({
    summary:
      'Prometheus metrics: projection positions and lag, events projected, command latency, HTTP statuses',
  })
  async metrics(@Res() res: HttpReply) {
    const projections = projectionRegistry(await this.readModels.progress(), await this.store.headPosition());
    const merged = Registry.merge([processRegistry, projections]);
    res.header('Content-Type', merged.contentType);
    res.send(await merged.metrics());
  }
}
