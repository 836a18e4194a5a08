import { loadConfig, readModelFile } from '#config';
import { openEventStore } from '#event-store/open';
import { rebuildReadModels } from '#read-models';
import { PROJECTION_TABLES } from '#read-models';
import { stringFlag, UsageError, type ParsedArgs } from './args.js';
import { Progress } from './progress.js';

/**
 * `rebuild [--projection P]`: builds the read models into a new file while the service keeps
 * answering from the live one, then swaps the generation pointer (the command app and the
 * projector reopen on it). Killed half-way, a second run resumes from the new file's checkpoint.
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
    const file = await rebuildReadModels(store, readModelFile(config), {
      projection,
      onProgress: (_position, events) => progress.tick(events),
    });
    process.stderr.write(`\n`);
    process.stdout.write(`rebuilt read models up to position ${head} into ${file}; it is now live\n`);
    return 0;
  } finally {
    await store.close();
  }
}
