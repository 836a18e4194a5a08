import Database from 'better-sqlite3';

/** Direct edits of the SQLite log, as an attacker with file access would make them (G6). */
export type TamperKind = 'flip' | 'delete' | 'swap' | 'truncate';

export class LogTamperer {
  readonly db: Database.Database;

  constructor(file: string) {
    this.db = new Database(file);
    this.db.defaultSafeIntegers(true);
  }

  revisions(streamId: string): bigint[] {
    return this.db
      .prepare('SELECT revision FROM events WHERE stream_id = ? ORDER BY revision')
      .pluck()
      .all(streamId) as bigint[];
  }

  /** Runs `edit`, then `check`, then puts every row of the stream back exactly as it was. */
  async withTampered<T>(streamId: string, edit: () => void, check: () => Promise<T>): Promise<T> {
    const saved = this.db.prepare('SELECT * FROM events WHERE stream_id = ?').all(streamId) as Record<
      string,
      unknown
    >[];
    edit();
    try {
      return await check();
    } finally {
      this.db.transaction(() => {
        this.db.prepare('DELETE FROM events WHERE stream_id = ?').run(streamId);
        const insert = this.db.prepare(
          `INSERT INTO events (${Object.keys(saved[0]).join(', ')}) VALUES (${Object.keys(saved[0])
            .map((k) => `@${k}`)
            .join(', ')})`,
        );
        for (const row of saved) insert.run(row);
      })();
    }
  }

  /** Toggles the case of one letter inside a JSON string of the event's data: still valid JSON. */
  flip(streamId: string, revision: bigint, pick: (n: number) => number): void {
    const data = this.db
      .prepare('SELECT data FROM events WHERE stream_id = ? AND revision = ?')
      .pluck()
      .get(streamId, revision) as string;
    const letters = letterPositions(data);
    const i = letters[pick(letters.length)];
    const flipped = data.slice(0, i) + String.fromCharCode(data.charCodeAt(i) ^ 0x20) + data.slice(i + 1);
    this.db
      .prepare('UPDATE events SET data = ? WHERE stream_id = ? AND revision = ?')
      .run(flipped, streamId, revision);
  }

  delete(streamId: string, revision: bigint): void {
    this.db.prepare('DELETE FROM events WHERE stream_id = ? AND revision = ?').run(streamId, revision);
  }

  swap(streamId: string, a: bigint, b: bigint): void {
    this.db.transaction(() => {
      const set = this.db.prepare('UPDATE events SET revision = ? WHERE stream_id = ? AND revision = ?');
      set.run(-1n, streamId, a);
      set.run(a, streamId, b);
      set.run(b, streamId, -1n);
    })();
  }

  truncate(streamId: string, from: bigint): void {
    this.db.prepare('DELETE FROM events WHERE stream_id = ? AND revision >= ?').run(streamId, from);
  }

  close(): void {
    this.db.close();
  }
}

/** Positions of ASCII letters inside JSON strings, not after a backslash (escapes stay valid). */
function letterPositions(json: string): number[] {
  const out: number[] = [];
  let inString = false;
  for (let i = 0; i < json.length; i++) {
    const c = json[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === '"') {
      inString = !inString;
      continue;
    }
    if (inString && /[A-Za-z]/.test(c)) out.push(i);
  }
  return out;
}
