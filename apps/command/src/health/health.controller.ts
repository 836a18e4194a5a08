import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { HttpReply } from '../infra/http.js';
import type { Redis } from 'ioredis';
import type { EventStore } from '#event-store';
import { Public } from '../auth/access.decorator.js';
import { CONFIG, EVENT_STORE, REDIS } from '../infra/tokens.js';
import { LargeStreamWarmUp } from '../audit/warm-up.js';
import { projectorHealth } from '../queries/projector-health.js';
import { ProgressWatch } from '../queries/progress-watch.js';
import { ReadModels } from '../queries/read-models.service.js';
import type { Config } from '#config';

type Check = { ok: boolean; detail?: string };

@ApiTags('health')
@Controller('health')
export class HealthController {
  private readonly projectorProgress: ProgressWatch;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(REDIS) private readonly redis: Redis,
    private readonly warmUp: LargeStreamWarmUp,
    @Inject(CONFIG) config: Config,
  ) {
    this.projectorProgress = new ProgressWatch(config.projector.stallMs);
  }

  @Get('live')
  @Public()
  live() {
    return { status: 'ok' };
  }

  /** Ready only when every dependency a write or a job needs answers. */
  @Get('ready')
  @Public()
  async ready(@Res() res: HttpReply) {
    const checks: Record<string, Check> = {
      eventStore: await this.check(async () => `head position ${await this.store.headPosition()}`),
      // G13: fails while the store cannot write for lack of space (after a failed write, a probe).
      storage: await this.check(
        async () => (await this.store.checkWritable?.()) ?? 'not checked by this store',
      ),
      // On PostgreSQL the read models' database is named on its own (it may differ from the log's).
      readModels: await this.check(async () => {
        const readModels = ReadModels.instance();
        if (!readModels) throw new Error('read models are not open');
        return readModels.probe();
      }),
      projector: await this.check(() =>
        projectorHealth(() => this.store.headPosition(), this.projectorProgress),
      ),
      redis: await this.check(async () => {
        if (this.redis.status === 'wait' || this.redis.status === 'end')
          await this.redis.connect().catch(() => undefined);
        return String(await withTimeout(this.redis.ping(), 1000));
      }),
    };
    const ok = Object.values(checks).every((c) => c.ok);
    // warmUp is information, not a check: large agencies are served while they are being folded.
    res
      .status(ok ? 200 : 503)
      .send({ status: ok ? 'ready' : 'not-ready', checks, warmUp: this.warmUp.report });
  }

  private async check(probe: () => Promise<string>): Promise<Check> {
    try {
      return { ok: true, detail: await probe() };
    } catch (err) {
      return { ok: false, detail: err instanceof Error ? err.message : String(err) };
    }
  }
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return Promise.race([
    p,
    new Promise<T>((_, reject) =>
      setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms).unref(),
    ),
  ]);
}
