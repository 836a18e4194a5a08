import { join } from 'node:path';
import { checkRedisEvictionPolicy, JobQueues, queuePrefix, reconcile } from '../../../../libs/jobs/src/redis/index.js';
import { logJson } from '../infra/log.js';
import type { Subscriber, SubscriberContext } from '../subscriber.js';
import { ReactorStore } from './reactor-store.js';
import { ScheduleReactor } from './schedule.reactor.js';

export const reactorFile = (dataDir: string): string => join(dataDir, 'reactors.sqlite');

/**
 * The reactors of the projector. At start: check Redis's eviction policy (G10), reconcile the
 * queues with the schedule derived from the whole log (Redis may have lost jobs: G5), then follow
 * the log from the reactor's own checkpoint.
 */
export async function startReactors(ctx: SubscriberContext): Promise<Subscriber> {
  const { config } = ctx;
  const queues = new JobQueues(config.redisUrl, queuePrefix(config));
  await checkRedisEvictionPolicy(queues.connection, config.production, (msg) => logJson('warn', { msg }));
  const now = () => new Date(Date.now() + config.clockOffsetMs).toISOString();
  const report = await reconcile(ctx.store, queues, now);
  logJson('info', { msg: 'timers reconciled', pending: report.pending, added: report.added.length, removed: report.removed.length });
  const db = new ReactorStore(reactorFile(config.dataDir));
  const reactor = new ScheduleReactor(ctx.store, db, queues, now).start();
  return {
    name: 'reactors',
    health: () => ({ ok: reactor.state === 'running', detail: { schedule: { state: reactor.state, position: reactor.position.toString(), error: reactor.error } } }),
    async stop() {
      await reactor.stop();
      db.close();
      await queues.close();
    },
  };
}
