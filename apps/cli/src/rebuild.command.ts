import { loadConfig, readModelFile } from '#config';
import { openEventStore } from '#event-store/open';
import { PgReadModels, rebuildPgReadModels, rebuildReadModels } from '#read-models';
import { PROJECTION_TABLES } from '#read-models';
import { stringFlag, UsageError, type ParsedArgs } from './args.js';
import { Progress } from './progress.js';

/**
 * `rebuild [--projection P]`: builds the read models into a new file (READ_MODELS=postgres: a new
 * schema) while the service keeps answering from the live one, then swaps the generation pointer
 * (the command app and the projector move to it). Killed half-way, a second run resumes from the
 * new generation's checkpoints.
 */
export async function rebuildCommand(args: ParsedArgs): Promise<number> {
  const projection = stringFlag(args, 'projection');
  // Checked before the store is opened; own keys only (`--projection constructor` is no projection).
  if (projection !== undefined && !Object.hasOwn(PROJECTION_TABLES, projection)) {
    throw new UsageError(
      `unknown projection "${projection}"; choose one of ${Object.keys(PROJECTION_TABLES).join(', ')}`,
    );
  }
  const config = loadConfig();
  const store = await openEventStore(config);
  try {
    const head = await store.headPosition();
    const progress = new Progress('rebuild', Number(head));
    const options = { projection, onProgress: (_position: bigint, events: number) => progress.tick(events) };
    let file: string;
    if (config.readModels === 'postgres') {
      // A new generation schema in DATABASE_URL's database, then the pointer row (ADR 0010).
      const rm = await PgReadModels.open({ connectionString: config.databaseUrl! });
      try {
        file = `schema ${await rebuildPgReadModels(store, rm, options)}`;
      } finally {
        await rm.close();
      }
    } else file = await rebuildReadModels(store, readModelFile(config), options);
    process.stderr.write(`\n`);
    process.stdout.write(`rebuilt read models up to position ${head} into ${file}; it is now live\n`);
    return 0;
  } finally {
    await store.close();
  }
}
