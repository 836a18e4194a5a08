import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { logJson, readModelFile, useProcessLogger, type Config } from '#config';
import { learnFromEvents } from '#domain';
import { openEventStore } from '#event-store/open';
import { CAMPAIGNS_STREAM } from '#events';
import { PgReadModels, currentReadModelFile } from '#read-models';
import {
  ProjectorLease,
  RedisLease,
  connectLeaseRedis,
  leaseKey,
  storedFence,
  type Fence,
} from './lease/index.js';
import { startReadModels } from './read-models.subscriber.js';
import { startReactors } from './reactors/reactors.subscriber.js';
import type { Subscriber, SubscriberFactory } from './subscriber.js';
import { whenDatabaseAnswers } from './wait-for-database.js';

/** Everything the projector runs. The read models and the job reactors (./reactors/). */
export const SUBSCRIBERS: SubscriberFactory[] = [startReadModels, startReactors];

export interface ProjectorHealth {
  ok: boolean;
  /**
   * `standby`: healthy, waiting for the lease (ready, but runs no subscriber). `lease: 'off'`: single
   * instance. `starting`: not ready yet, e.g. waiting for PostgreSQL (`waiting` says for what).
   */
  role: 'active' | 'standby' | 'starting';
  waiting?: string;
  fence?: number;
  lease?: 'off';
  subscribers: Record<string, unknown>;
}

export interface RunningProjector {
  port: number;
  health(): ProjectorHealth;
  stop(): Promise<void>;
}

export interface ProjectorOptions {
  port?: number;
  batchSize?: number;
  subscribers?: SubscriberFactory[];
  /** Called when a takeover cannot start for a configuration reason (main exits 78). */
  onFatal?: (err: Error) => void;
}

/**
 * Starts the health server and, while this instance holds the projector lease (lease/), the
 * subscribers. One lease for the whole process, not one per projection: all projections commit in
 * one shared batch transaction on one file, so they can only have one writer together, and the
 * reactors follow the same instance. With `ONEMIND_PROJECTOR_LEASE=off` (or `auto` and no Redis)
 * the subscribers simply start, as a single instance.
 */
export async function startProjector(
  config: Config,
  options: ProjectorOptions = {},
): Promise<RunningProjector> {
  useProcessLogger('projector', config.logLevel);
  const settings = config.projector.lease;
  // The health port answers from the start: while the projector waits (for PostgreSQL, below) an
  // orchestrator sees it alive and not ready, rather than a port that refuses connections.
  let health = (): ProjectorHealth => ({ ok: false, role: 'starting', subscribers: {} });
  const server = await listen(() => health(), options.port ?? config.projectorPort);
  logJson('info', { msg: 'health listening', port: (server.address() as AddressInfo).port });
  const closeServer = () => new Promise<void>((resolve) => server.close(() => resolve()));
  const store = await openEventStore(config).catch(async (err) => {
    await closeServer();
    throw err;
  });
  // PostgreSQL away at start: wait for it here, before the lease, so the fence floor is read from the
  // database once it answers (whenDatabaseAnswers); the subscribers ride out later outages themselves.
  const pgReadModels = await whenDatabaseAnswers(
    'projector start',
    async () => {
      // Checkpoints may be past a publication: learn every published campaign before any subscriber runs.
      learnFromEvents(await store.readStream(CAMPAIGNS_STREAM));
      return config.readModels === 'postgres'
        ? PgReadModels.open({ connectionString: config.databaseUrl! })
        : undefined;
    },
    () => {
      health = () => ({ ok: false, role: 'starting', waiting: 'PostgreSQL', subscribers: {} });
    },
  ).catch(async (err) => {
    await store.close();
    await closeServer();
    throw err;
  });
  const base = {
    config,
    store,
    readModelBase: readModelFile(config),
    batchSize: options.batchSize ?? config.projector.batch,
    pgReadModels,
  };
  let subscribers: Subscriber[] = [];
  const activate = async (fence?: Fence) => {
    const ctx = { ...base, fence };
    try {
      for (const start of options.subscribers ?? SUBSCRIBERS) subscribers.push(await start(ctx));
    } catch (err) {
      await deactivate();
      throw err;
    }
  };
  const deactivate = async () => {
    const running = subscribers;
    subscribers = [];
    await Promise.all(running.map((s) => s.stop().catch(() => undefined)));
  };

  const redis = await connectLeaseRedis(config, settings);
  let lease: ProjectorLease | null = null;
  if (redis) {
    lease = new ProjectorLease(new RedisLease(redis, leaseKey(config), settings.ttlMs), settings, {
      activate,
      deactivate,
      onFatal: options.onFatal,
      floor: () =>
        pgReadModels ? pgReadModels.storedFence() : storedFence(currentReadModelFile(base.readModelBase)),
    });
  }
  const running = (): ProjectorHealth => {
    const states = subscribers.map((s) => [s.name, s.health()] as const);
    const subs = Object.fromEntries(states);
    if (!lease) return { ok: states.every(([, h]) => h.ok), role: 'active', lease: 'off', subscribers: subs };
    if (lease.role === 'standby') return { ok: true, role: 'standby', subscribers: {} };
    return {
      ok: states.length > 0 && states.every(([, h]) => h.ok),
      role: 'active',
      fence: Number(lease.fence),
      subscribers: subs,
    };
  };
  health = running;
  try {
    if (lease) await lease.start();
    else await activate();
  } catch (err) {
    redis?.disconnect();
    await pgReadModels?.close();
    await store.close();
    await closeServer();
    throw err;
  }
  return {
    port: (server.address() as AddressInfo).port,
    health: running,
    async stop() {
      await closeServer();
      if (lease) await lease.stop();
      else await deactivate();
      redis?.disconnect();
      await pgReadModels?.close();
      await store.close();
    },
  };
}

/** Plain node:http: two routes do not need a framework. */
function listen(health: RunningProjector['health'], port: number): Promise<Server> {
  const server = createServer((req, res) => {
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.method !== 'GET') return send(405, { status: 405 });
    if (req.url === '/health/live') return send(200, { status: 'ok', role: health().role });
    if (req.url === '/health/ready') {
      const h = health();
      return send(h.ok ? 200 : 503, { status: h.ok ? 'ready' : 'not-ready', ...h });
    }
    return send(404, { status: 404 });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '0.0.0.0', () => resolve(server));
  });
}
