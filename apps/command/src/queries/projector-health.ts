import { ReadModels } from './read-models.service.js';
import type { ProgressWatch } from './progress-watch.js';

/**
 * Readiness fails when a projection has stopped, when the read models lag this far behind the log,
 * or when they are behind and have not moved for ONEMIND_PROJECTOR_STALL_MS (G13: the watch).
 */
export const MAX_READY_LAG = 100_000n;

/** The health controller's projector check (one line there): throws to report "not ready". */
export async function projectorHealth(
  headPosition: () => Promise<bigint>,
  watch?: ProgressWatch,
): Promise<string> {
  const readModels = ReadModels.instance();
  if (!readModels) throw new Error('read models are not open');
  const progress = await readModels.progress();
  const failed = progress.filter((p) => p.state === 'failed');
  if (failed.length)
    throw new Error(
      `projection ${failed.map((f) => `${f.projection} failed at ${f.failedAt}: ${f.error}`).join('; ')}`,
    );
  const head = await headPosition();
  const position = await readModels.position();
  if (head - position > MAX_READY_LAG)
    throw new Error(`read models lag ${head - position} events behind the log`);
  watch?.check(position, head);
  return `read models at ${position}, log head ${head}`;
}
