import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { UnsafeStoreSettingsError } from '../event-store.js';

export type Synchronous = 'FULL' | 'EXTRA' | 'NORMAL' | 'OFF';
const SYNCHRONOUS_CODES: Record<number, Synchronous> = { 0: 'OFF', 1: 'NORMAL', 2: 'FULL', 3: 'EXTRA' };

export interface OpenOptions {
  readonly?: boolean;
  /** Anything weaker than FULL is refused: a 2xx must mean the events survive power loss (G1). */
  synchronous?: Synchronous;
  busyTimeoutMs?: number;
}

/**
 * Opens a SQLite file in WAL mode with synchronous=FULL and a busy timeout, then reads the
 * settings back and refuses to continue if SQLite did not take them (G1, G10).
 */
export function openDatabase(file: string, options: OpenOptions = {}): Database.Database {
  if (!options.readonly) mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file, {
    readonly: options.readonly ?? false,
    fileMustExist: options.readonly ?? false,
  });
  try {
    db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 10_000}`);
    if (!options.readonly) db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${options.synchronous ?? 'FULL'}`);
    // G13: statement journals (one per append's savepoint; a 50,000-row import spills past SQLite's
    // 64 KiB in-memory limit) and sorts stay in memory instead of SQLITE_TMPDIR / /tmp. The files
    // SQLite writes are then only the database, its -wal and -shm in the data folder: one place
    // whose free space decides whether a write can commit (and the one the disk-full test fills).
    db.pragma('temp_store = MEMORY');
    checkDurability(db, file);
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

export function checkDurability(db: Database.Database, file: string): void {
  const mode = String(db.pragma('journal_mode', { simple: true })).toLowerCase();
  if (mode !== 'wal') throw new UnsafeStoreSettingsError(`${file}: journal_mode is ${mode}, WAL is required`);
  const sync = SYNCHRONOUS_CODES[Number(db.pragma('synchronous', { simple: true }))];
  if (sync !== 'FULL' && sync !== 'EXTRA') {
    throw new UnsafeStoreSettingsError(
      `${file}: synchronous is ${sync}; the engine refuses to run unless it is FULL (acknowledged writes must be durable)`,
    );
  }
}
