import { rm, writeFile } from 'node:fs/promises';
import { StorageFullError, isStorageFull } from '../storage-full.js';

/** More than one small commit needs in the WAL (a few 4 KiB pages), far less than any real work. */
const PROBE_BYTES = 64 * 1024;

/**
 * Whether the folder of `file` can take a write again: writes and fsyncs a 64 KiB file beside it,
 * then deletes it. Used only after a write failed for lack of space, so that readiness (which
 * steers writers away) can see space come back without waiting for a write that will never come.
 */
export async function probeStorage(file: string): Promise<void> {
  const probe = `${file}.space-probe`;
  try {
    await writeFile(probe, Buffer.alloc(PROBE_BYTES), { flush: true });
  } catch (err) {
    throw isStorageFull(err) ? new StorageFullError(err) : err;
  } finally {
    await rm(probe, { force: true });
  }
}
