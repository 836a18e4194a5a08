/**
 * G13: running out of disk is an answer, not a crash. SQLite reports it as SQLITE_FULL, or as an
 * SQLITE_IOERR_* when the write, the fsync or the growth of the `-shm` file fails (on tmpfs a full
 * disk shows as SQLITE_IOERR_SHMSIZE); file writes report ENOSPC (EDQUOT over a quota). Matched on
 * the error's code, never its message: the message is SQLite's or the OS's wording and may change.
 */
const STORAGE_CODES = /^(SQLITE_FULL|SQLITE_IOERR(_[A-Z_]+)?|ENOSPC|EDQUOT)$/;

export function isStorageFull(error: unknown): boolean {
  if (error instanceof StorageFullError) return true;
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && STORAGE_CODES.test(code);
}

/** Nothing of the failed write was stored; retrying once space is back is safe (HTTP 507). */
export class StorageFullError extends Error {
  readonly code = 'storage-full';
  constructor(
    override readonly cause: unknown,
    message?: string,
  ) {
    super(
      message ??
        `the data folder has no room left (${String((cause as { code?: unknown } | null)?.code ?? cause)})`,
    );
  }
}

/** The typed error for a storage failure, anything else unchanged. */
export function asStorageError(error: unknown): unknown {
  return isStorageFull(error) && !(error instanceof StorageFullError) ? new StorageFullError(error) : error;
}
