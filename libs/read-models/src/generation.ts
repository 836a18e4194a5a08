import { existsSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * Which read-model file is live. `readModelFile(config)` names the first generation; a rebuild
 * writes a new file and then atomically replaces the small pointer file `<base>.current` (write +
 * rename) with the new file's name. Renaming a SQLite file over one that other processes hold open
 * is unsafe in WAL mode (their `-wal` file would be replayed into the new database), so the live
 * database file itself is never renamed over; readers notice the pointer change and reopen.
 */
export const pointerFile = (base: string): string => `${base}.current`;

export function currentReadModelFile(base: string): string {
  const pointer = pointerFile(base);
  if (!existsSync(pointer)) return base;
  const name = readFileSync(pointer, 'utf8').trim();
  return name ? join(dirname(base), name) : base;
}

/** A token that changes whenever the pointer is replaced (rename gives the pointer a new inode). */
export function generationToken(base: string): string {
  try {
    const s = statSync(pointerFile(base));
    return `${s.ino}:${s.mtimeMs}`;
  } catch {
    return 'initial';
  }
}

export function switchGeneration(base: string, file: string): void {
  const pointer = pointerFile(base);
  const tmp = `${pointer}.tmp`;
  writeFileSync(tmp, `${basename(file)}\n`, { flush: true });
  renameSync(tmp, pointer);
}

/**
 * Watches the pointer and calls `onChange` when a rebuild swapped in a new file. Polling (not
 * fs.watch) because rename events are unreliable across platforms and containers.
 */
export function watchGeneration(base: string, onChange: () => void, intervalMs = 250): () => void {
  let token = generationToken(base);
  const timer = setInterval(() => {
    const next = generationToken(base);
    if (next === token) return;
    token = next;
    onChange();
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
