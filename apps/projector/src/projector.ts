import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eventLogFile, readModelFile, type Config } from '../../../libs/config/src/index.js';
import { SqliteEventStore } from '../../../libs/event-store/src/index.js';
import { startReadModels } from './read-models.subscriber.js';
import { startReactors } from './reactors/reactors.subscriber.js';
import type { Subscriber, SubscriberFactory } from './subscriber.js';

/** Everything the projector runs. Reactors (apps/projector/src/reactors/) are added to this list. */
export const SUBSCRIBERS: SubscriberFactory[] = [startReadModels, startReactors];

export interface RunningProjector {
  port: number;
  health(): { ok: boolean; subscribers: Record<string, unknown> };
  stop(): Promise<void>;
}

export async function startProjector(config: Config, options: { port?: number; batchSize?: number; subscribers?: SubscriberFactory[] } = {}): Promise<RunningProjector> {
  if (config.eventStore !== 'sqlite') throw new Error('the projector reads the SQLite event log; EVENT_STORE=kurrentdb is not available in this build');
  const store = new SqliteEventStore(eventLogFile(config));
  const ctx = { config, store, readModelBase: readModelFile(config), batchSize: options.batchSize ?? batchSizeFromEnv() };
  const subscribers: Subscriber[] = [];
  for (const start of options.subscribers ?? SUBSCRIBERS) subscribers.push(await start(ctx));
  const health = () => {
    const states = subscribers.map((s) => [s.name, s.health()] as const);
    return { ok: states.every(([, h]) => h.ok), subscribers: Object.fromEntries(states) };
  };
  const server = await listen(health, options.port ?? config.projectorPort);
  return {
    port: (server.address() as AddressInfo).port,
    health,
    async stop() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      for (const s of subscribers) await s.stop();
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
    if (req.url === '/health/live') return send(200, { status: 'ok' });
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

function batchSizeFromEnv(): number {
  const n = Number(process.env.ONEMIND_PROJECTOR_BATCH ?? 1000);
  return Number.isInteger(n) && n > 0 ? n : 1000;
}
