import Database from 'better-sqlite3';
import { existsSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { EventStore } from '#event-store';
import { currentReadModelFile, switchGeneration } from '../generation.js';
import { PROJECTION_TABLES } from '../migrations.js';
import { openReadModels } from '../open-read-models.js';
import { ProjectionRunner } from './projection-runner.js';
import { PROJECTIONS } from './projections.js';

export interface RebuildOptions {
  /** Rebuild only this projection; the others are copied from the live file and caught up. */
  projection?: string;
  batchSize?: number;
  onProgress?: (position: bigint, events: number) => void;
}

export const workFileOf = (base: string): string => base.replace(/\.sqlite$/, '') + '.rebuild.sqlite';

/**
 * Builds read models into a new file while the live one keeps serving, then swaps the generation
 * pointer. Resumable: the work file keeps its own checkpoints, so a rebuild killed half-way goes
 * on from where it was. Returns the new live file.
 */
export async function rebuildReadModels(
  store: EventStore,
  base: string,
  options: RebuildOptions = {},
): Promise<string> {
  if (options.projection && !Object.hasOwn(PROJECTION_TABLES, options.projection))
    throw new Error(
      `unknown projection "${options.projection}" (known: ${Object.keys(PROJECTION_TABLES).join(', ')})`,
    );
  const work = workFileOf(base);
  removeOldGenerations(base);
  if (!existsSync(work) && options.projection)
    seedFromLive(currentReadModelFile(base), work, options.projection);
  await buildInto(store, work, options);
  const next = base.replace(/\.sqlite$/, '') + `.g${Date.now()}.sqlite`;
  // Closed cleanly above, so there is no -wal file left to go astray with the rename.
  if (existsSync(`${work}-wal`)) throw new Error(`${work}-wal still exists; refusing to move the file`);
  renameSync(work, next);
  switchGeneration(base, next);
  return next;
}

/**
 * Deletes generation files older than the live one. Readers leave a replaced file within a
 * fraction of a second of the swap, so by the next rebuild nobody holds them open any more.
 */
function removeOldGenerations(base: string): void {
  const live = basename(currentReadModelFile(base));
  const prefix = `${basename(base).replace(/\.sqlite$/, '')}.g`;
  const isGeneration = (name: string) =>
    name.startsWith(prefix) && /^\d+\.sqlite(-wal|-shm)?$/.test(name.slice(prefix.length));
  for (const name of readdirSync(dirname(base))) {
    if (isGeneration(name) && !name.startsWith(live)) rmSync(join(dirname(base), name), { force: true });
  }
}

/** Applies the whole log to `file` (created if missing) and closes it. */
export async function buildInto(
  store: EventStore,
  file: string,
  options: RebuildOptions = {},
): Promise<bigint> {
  const db = openReadModels(file);
  // The work file is not live and is re-derived from the log if lost, so it may skip the per-batch
  // fsync (P3). Atomicity does not depend on it: in WAL mode a batch's rows and checkpoint still
  // commit together, so a killed rebuild resumes from a consistent checkpoint (G4). The live
  // projector reopens the swapped-in file with synchronous=FULL.
  db.pragma('synchronous = NORMAL');
  db.pragma('cache_size = -65536');
  db.pragma('wal_autocheckpoint = 10000');
  try {
    const runner = new ProjectionRunner(store, db, PROJECTIONS, options.batchSize ?? 5000);
    const reached = await runner.catchUp(options.onProgress);
    const failed = runner.states().filter((s) => s.state === 'failed');
    if (failed.length)
      throw new Error(
        `projection ${failed[0].projection} failed at position ${failed[0].position}: ${failed[0].error}`,
      );
    return reached;
  } finally {
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
  }
}

/** A consistent copy of the live file (VACUUM INTO), with one projection's tables emptied. */
function seedFromLive(live: string, work: string, projection: string): void {
  const tmp = `${work}.tmp`;
  rmSync(tmp, { force: true });
  const source = openReadModels(live);
  try {
    source.prepare('VACUUM INTO ?').run(tmp);
  } finally {
    source.close();
  }
  const db = new Database(tmp);
  db.transaction(() => {
    for (const table of PROJECTION_TABLES[projection]) db.exec(`DELETE FROM ${table}`);
    db.prepare('DELETE FROM checkpoints WHERE projection = ?').run(projection);
    db.prepare('DELETE FROM projection_status WHERE projection = ?').run(projection);
  })();
  db.close();
  renameSync(tmp, work);
}
