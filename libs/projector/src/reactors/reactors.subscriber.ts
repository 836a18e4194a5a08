import { join } from 'node:path';
import { checkRedisEvictionPolicy, JobQueues, queuePrefix, reconcile } from '#jobs/redis';
import { logJson } from '#config';
import type { Subscriber, SubscriberContext } from '../subscriber.js';
import { ReactorStore } from './reactor-store.js';
import { ScheduleReactor } from './schedule.reactor.js';

export const reactorFile = (dataDir: string): string => join(dataDir, 'reactors.sqlite');

/**
 * The reactors of the projector. At start: check Redis's eviction policy (G10: refuses production),
 * then, in the background so that the read models and the health server do not wait on Redis,
 * reconcile the queues with the schedule derived from the whole log (Redis may have lost jobs: G5)
 * and follow the log from the reactor's own checkpoint. Not ready until that has happened.
 */
export async function startReactors(ctx: SubscriberContext): Promise<Subscriber> {
  const { config } = ctx;
  // A read-model-only instance (several projectors, tests of projections): one reactor is enough.
  if (!config.projector.reactors)
    return {
      name: 'reactors',
      health: () => ({ ok: true, detail: 'off (ONEMIND_REACTORS=off)' }),
      stop: async () => undefined,
    };
  const queues = new JobQueues(config.redisUrl, queuePrefix(config));
  await checkRedisEvictionPolicy(queues.connection, config.production, (msg) => logJson('warn', { msg }));
  const now = () => new Date(Date.now() + config.clockOffsetMs).toISOString();
  const db = new ReactorStore(reactorFile(config.dataDir));
  let reactor: ScheduleReactor | null = null;
  let stopped = false;
  let startError: string | undefined;
  const started = (async () => {
    const report = await reconcile(ctx.store, queues, now);
    logJson('info', {
      msg: 'timers reconciled',
      pending: report.pending,
      added: report.added.length,
      removed: report.removed.length,
      addedIds: report.added.slice(0, 200),
      removedIds: report.removed.slice(0, 200),
    });
    if (!stopped)
      reactor = new ScheduleReactor(ctx.store, db, queues, now, ctx.config.projector.stallMs).start();
  })().catch((err) => {
    startError = String(err);
    logJson('error', { msg: 'reactors could not start', error: startError });
  });
  return {
    name: 'reactors',
    health: () => {
      const r = reactor as ScheduleReactor | null;
      const stall = r?.state === 'running' ? r.stall() : null;
      const state = stall ? 'stalled' : (r?.state ?? (startError ? 'failed' : 'starting'));
      return {
        ok: state === 'running',
        detail: {
          schedule: {
            state,
            position: r?.position.toString() ?? null,
            error: r?.error ?? stall ?? startError,
          },
        },
      };
    },
    async stop() {
      stopped = true;
      await started;
      await (reactor as ScheduleReactor | null)?.stop();
      db.close();
      await queues.close();
    },
  };
}
