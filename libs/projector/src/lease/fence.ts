import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { checkPgFence, type PgBatchGuard, type PgQueryable } from '#read-models';

/** A batch was refused because a newer lease holder has written its fencing token to the file. */
export class FencedOutError extends Error {}

const TABLE = `CREATE TABLE IF NOT EXISTS lease_fence (
  id INTEGER PRIMARY KEY CHECK (id = 1), fence INTEGER NOT NULL, owner TEXT NOT NULL, at TEXT NOT NULL)`;

interface Stmts {
  get: Database.Statement;
  put: Database.Statement;
}
const prepared = new WeakMap<Database.Database, Stmts>();

function stmts(db: Database.Database): Stmts {
  let s = prepared.get(db);
  if (!s) {
    db.exec(TABLE);
    s = {
      get: db.prepare('SELECT fence FROM lease_fence WHERE id = 1').pluck().safeIntegers(true),
      put: db.prepare(`INSERT INTO lease_fence (id, fence, owner, at) VALUES (1, @fence, @owner, @at)
        ON CONFLICT (id) DO UPDATE SET fence = excluded.fence, owner = excluded.owner, at = excluded.at`),
    };
    prepared.set(db, s);
  }
  return s;
}

/**
 * The fencing token this instance acquired the projector lease with (`INCR <key>:fence`). The
 * read-model file keeps the highest token that ever wrote to it (`lease_fence`); every batch
 * transaction first checks, inside that same transaction, that the stored token is not newer than
 * its own, and records its own. So an instance that lost the lease while paused (GC, SIGSTOP, a
 * slow disk) and wakes up after a newer holder claimed the file cannot commit anything: the check
 * and the commit are one SQLite write transaction, and SQLite has one writer at a time.
 */
export class Fence {
  constructor(
    readonly token: bigint,
    readonly owner: string,
    private readonly onFencedOut: (err: FencedOutError) => void = () => undefined,
  ) {}

  /** On acquisition, in its own write transaction: record the token (refused if a newer one is there). */
  claim(db: Database.Database): void {
    db.transaction(() => this.check(db)).immediate();
  }

  /**
   * The same fence on PostgreSQL (READ_MODELS=postgres): `table` is PgReadModels.fenceTable, shared
   * by every generation. `checkPg` runs first in each batch transaction (PgProjectionRunner).
   */
  pg(table: string): PgBatchGuard & { claim(q: PgQueryable): Promise<void> } {
    const checkPg = async (tx: PgQueryable) => {
      const stored = await checkPgFence(tx, table, this.token, this.owner);
      if (stored === null) return;
      const err = new FencedOutError(
        `fenced out: the read models were claimed with fence ${stored}, this instance holds ${this.token}`,
      );
      this.onFencedOut(err);
      throw err;
    };
    return { checkPg, claim: checkPg };
  }

  /** Call inside the batch's write transaction before anything else; throws FencedOutError. */
  check(db: Database.Database): void {
    const s = stmts(db);
    const stored = s.get.get() as bigint | undefined;
    if (stored !== undefined && stored > this.token) {
      const err = new FencedOutError(
        `fenced out: the read model was claimed with fence ${stored}, this instance holds ${this.token}`,
      );
      this.onFencedOut(err);
      throw err;
    }
    if (stored !== this.token)
      s.put.run({ fence: this.token, owner: this.owner, at: new Date().toISOString() });
  }
}

/** The token stored in a read-model file (0 if none): the floor for the next one (see RedisLease). */
export function storedFence(file: string): bigint {
  if (!existsSync(file)) return 0n;
  // Not read-only: after a writer was killed, only a read-write connection may recover the WAL
  // (a read-only one fails with SQLITE_READONLY_RECOVERY / CANTOPEN until someone else does).
  const db = new Database(file, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    if (!db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'lease_fence'").get()) return 0n;
    return (
      (db.prepare('SELECT fence FROM lease_fence WHERE id = 1').pluck().safeIntegers(true).get() as
        bigint | undefined) ?? 0n
    );
  } finally {
    db.close();
  }
}
