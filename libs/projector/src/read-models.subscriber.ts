import type Database from 'better-sqlite3';
import type { EventStore } from '#event-store';
import { currentReadModelFile, openReadModels, watchGeneration } from '#read-models';
import { ProjectionRunner } from '#read-models';
import { logJson } from '#config';
import { PROJECTIONS } from '#read-models';
import type { Subscriber, SubscriberContext } from './subscriber.js';

/**
 * Keeps the read models current. When `onemind rebuild` swaps in a new generation, this closes
 * the old file and continues on the new one from that file's own checkpoints.
 */
export function startReadModels(ctx: SubscriberContext): Subscriber {
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
