import type { EventStore } from '#event-store';
import { quoteIdent } from '#event-store/postgres';
import { PROJECTION_TABLES } from '../migrations.js';
import type { RebuildOptions } from '../runner/rebuild.js';
import { PG_PROJECTIONS } from '../runner/projections.js';
import { PgProjectionRunner } from './pg-projection-runner.js';
import type { PgReadModels } from './pg-read-models.js';

const generationNumber = (schema: string): number => Number(/_g(\d+)$/.exec(schema)?.[1] ?? -1);

/**
 * rebuildReadModels on PostgreSQL (ADR 0010): builds every read model (or one, the others copied
 * from the live generation in one snapshot) into a new generation schema while the live one keeps
 * serving, then switches the pointer row; the projector and the command apps follow it. Resumable:
 * a generation newer than the live one is the work of a rebuild that was stopped, and a second run
 * goes on from its checkpoints. Generations older than the live one are dropped first (nobody reads
 * them once the readers have moved on, which they do within a fraction of a second of a switch).
 * Returns the schema now live.
 */
export async function rebuildPgReadModels(
  store: EventStore,
  rm: PgReadModels,
  options: RebuildOptions = {},
): Promise<string> {
  if (options.projection && !Object.hasOwn(PROJECTION_TABLES, options.projection))
    throw new Error(
      `unknown projection "${options.projection}" (known: ${Object.keys(PROJECTION_TABLES).join(', ')})`,
    );
  const live = await rm.current();
  const generations = await rm.generations();
  for (const old of generations.filter((g) => generationNumber(g) < generationNumber(live)))
    await rm.dropGeneration(old);
  const unfinished = generations.filter((g) => generationNumber(g) > generationNumber(live));
  for (const extra of unfinished.slice(0, -1)) await rm.dropGeneration(extra);
  let work = unfinished.at(-1);
  if (!work) {
    work = await rm.createGeneration();
    if (options.projection) await seedFromLive(rm, live, work, options.projection);
  }
  const runner = await PgProjectionRunner.create(
    store,
    rm.pool(work),
    PG_PROJECTIONS,
    options.batchSize ?? 5000,
  );
  await runner.catchUp(options.onProgress);
  const failed = runner.states().filter((s) => s.state === 'failed');
  if (failed.length)
    throw new Error(
      `projection ${failed[0].projection} failed at position ${failed[0].position}: ${failed[0].error}`,
    );
  await rm.switchTo(work);
  return work;
}

/**
 * The live generation's rows and checkpoints of every projection but `projection`, copied in one
 * REPEATABLE READ transaction: one snapshot, so each copied checkpoint matches its copied rows.
 */
async function seedFromLive(rm: PgReadModels, live: string, work: string, projection: string): Promise<void> {
  const client = await rm.pool(work).connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
    const [from, to] = [quoteIdent(live), quoteIdent(work)];
    for (const [name, tables] of Object.entries(PROJECTION_TABLES)) {
      if (name === projection) continue;
      for (const table of tables)
        await client.query(`INSERT INTO ${to}.${table} SELECT * FROM ${from}.${table}`);
    }
    for (const table of ['checkpoints', 'projection_status'])
      await client.query(`INSERT INTO ${to}.${table} SELECT * FROM ${from}.${table} WHERE projection <> $1`, [
        projection,
      ]);
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}
