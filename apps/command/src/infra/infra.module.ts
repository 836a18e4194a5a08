import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import { createTokenVerifier } from '#auth';
import type { Config } from '#config';
import type { EventStore } from '#event-store';
import { openEventStore } from '#event-store/open';
import { CampaignsRefresh } from './campaigns-refresh.js';
import { StateCache } from './state-cache.js';
import { CLOCK, CONFIG, EVENT_STORE, REDIS, TOKEN_VERIFIER, type Clock } from './tokens.js';

/** Process-wide ports: config, clock, event store, token verifier, Redis; the campaigns this process knows. */
@Global()
@Module({})
export class InfraModule implements OnApplicationShutdown {
  static forRoot(config: Config) {
    return {
      module: InfraModule,
      providers: [
        { provide: CONFIG, useValue: config },
        {
          provide: CLOCK,
          useValue: { now: () => new Date(Date.now() + config.clockOffsetMs).toISOString() } satisfies Clock,
        },
        { provide: EVENT_STORE, useFactory: () => openEventStore(config) },
        { provide: StateCache, useValue: new StateCache() },
        CampaignsRefresh,
        {
          provide: TOKEN_VERIFIER,
          useValue: createTokenVerifier({
            secret: config.jwtSecret,
            jwksUrl: config.jwksUrl,
            issuer: config.jwtIssuer,
            audience: config.jwtAudience,
            maxLifetimeSeconds: config.tokenMaxLifetimeSeconds,
          }),
        },
        // lazyConnect + a short retry: readiness reports Redis down instead of the app failing to boot.
        {
          provide: REDIS,
          useFactory: () =>
            new Redis(config.redisUrl, {
              lazyConnect: true,
              maxRetriesPerRequest: 1,
              enableOfflineQueue: false,
            }),
        },
      ],
      exports: [CONFIG, CLOCK, EVENT_STORE, TOKEN_VERIFIER, REDIS, StateCache, CampaignsRefresh],
    };
  }

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  async onApplicationShutdown() {
    await this.store.close();
    this.redis.disconnect();
  }
}
