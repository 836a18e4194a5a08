import type Database from 'better-sqlite3';
import type { EventStore } from '#event-store';
import { currentReadModelFile, openReadModels, watchGeneration } from '#read-models';
import { ProjectionRunner } from '#read-models';
import { logJson } from '#config';
import { PG_PROJECTIONS, PROJECTIONS, PgProjectionRunner, type PgReadModels } from '#read-models';
import type { Subscriber, SubscriberContext } from './subscriber.js';

/**
 * Keeps the read models current. When `onemind rebuild` swaps in a new generation, this closes
 * the old file and continues on the new one from that file's own checkpoints.
 */
export function startReadModels(ctx: SubscriberContext): Subscriber | Promise<Subscriber> {
  if (ctx.pgReadModels) return startPgReadModels(ctx, ctx.pgReadModels);
  let db: Database.Database;
  let runner: ProjectionRunner;
  let switching = Promise.resolve();
  const open = () => {
    const file = currentReadModelFile(ctx.readModelBase);
    db = openReadModels(file);
    ctx.fence?.claim(db);
    runner = new ProjectionRunner(
      ctx.store,
      db,
      PROJECTIONS,
      ctx.batchSize,
      ctx.fence,
      ctx.config.projector.stallMs,
    ).start();
    logJson('info', { msg: 'projecting', file });
  };
  open();
  const unwatch = watchGeneration(ctx.readModelBase, () => {
    switching = switching
      .then(async () => {
        await runner.stop();
        db.close();
        open();
      })
      .catch((err) =>
        logJson('error', { msg: 'could not switch to the new read-model generation', error: String(err) }),
      );
  });
  return {
    name: 'read-models',
    health: () => {
      const states = runner.states();
      return {
        ok: states.every((s) => s.state === 'running'),
        detail: states.map((s) => ({ ...s, position: s.position.toString() })),
      };
    },
    async stop() {
      unwatch();
      await switching;
      await runner.stop();
      db.close();
    },
  };
}

export type { EventStore };

/** How often the PostgreSQL projector looks at the generation pointer (a rebuild's switch). */
const GENERATION_POLL_MS = 250;

/**
 * READ_MODELS=postgres: the same, on the live generation's schema. The fence (if any) is claimed on
 * the control schema's `lease_fence` before the first batch and checked inside every batch
 * transaction. When `onemind rebuild` switches the pointer, the runner stops and starts again on
 * the new schema from that schema's own checkpoints.
 */
async function startPgReadModels(ctx: SubscriberContext, rm: PgReadModels): Promise<Subscriber> {
  const guard = ctx.fence?.pg(rm.fenceTable);
  let schema = await rm.current();
  const open = async () => {
    const pool = rm.pool(schema);
    await guard?.claim(pool);
    const runner = await PgProjectionRunner.create(
      ctx.store,
      pool,
      PG_PROJECTIONS,
      ctx.batchSize,
      guard,
      ctx.config.projector.stallMs,
    );
    logJson('info', { msg: 'projecting', schema });
    return runner.start();
  };
  let runner = await open();
  let stopped = false;
  let switching = Promise.resolve();
  const timer = setInterval(() => {
    switching = switching
      .then(async () => {
        const live = await rm.current();
        if (stopped || live === schema) return;
        await runner.stop();
        const old = schema;
        schema = live;
        runner = await open();
        await rm.release(old);
      })
      .catch((err) =>
        logJson('error', { msg: 'could not switch to the new read-model generation', error: String(err) }),
      );
  }, GENERATION_POLL_MS);
  timer.unref();
  return {
    name: 'read-models',
    health: () => {
      const states = runner.states();
      return {
        ok: states.every((s) => s.state === 'running'),
        detail: states.map((s) => ({ ...s, position: s.position.toString() })),
      };
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      await switching;
      await runner.stop();
    },
  };
}
