import Database from 'better-sqlite3';
import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { jwtVerify } from 'jose';

/**
 * P1's floor (PERFORMANCE.md): the least a server must do to answer the benchmark's requests
 * durably, so that the engine's throughput is judged against what this machine can do over HTTP
 * rather than against a raw insert loop. It does what the engine does, in the plainest way:
 * node:http, the same HS256 JWT check with a key imported once, a hand-written body check, one
 * read of the stream head, an append with a hash chain, group commit (one transaction and one
 * fsync for every append waiting) with synchronous=FULL. Nothing else: no framework, no
 * validation library, no idempotency, no metrics. Run as its own process (like the apps).
 */

const MAX_BODY = 1 << 20;
const PROGRAMS = new Set(['cit', 'crit', 'mhfa', 'mhfa-public-safety']);
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const ID = /^[A-Za-z0-9._-]{3,64}$/;
const ROUTE = /^\/v1\/agencies\/([^/]+)\/(pledge|officers|trainings)$/;

type Body = Record<string, unknown>;
type Principal = { role: string; sub: string; agencyId?: string };
interface Append {
  streamId: string;
  expected: number; // -1: no stream
  prevHash: string;
  events: { type: string; data: unknown }[];
  meta: string;
  done: (r: { revision: number; position: number } | 'conflict') => void;
}

const str = (v: unknown, max: number): v is string =>
  typeof v === 'string' && v.length > 0 && v.length <= max;
const obj = (v: unknown): v is Body => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The hand-written body check: the fields the engine's DTOs require, nothing unknown. */
function eventsOf(kind: string, agencyId: string, b: Body): { type: string; data: unknown }[] | null {
  if (kind === 'pledge') {
    const { signatory: s, contact: c } = b;
    if (
      !str(b.name, 200) ||
      !obj(s) ||
      !str(s.name, 200) ||
      !str(s.title, 200) ||
      !obj(c) ||
      !str(c.name, 200) ||
      !str(c.email, 254) ||
      !/^[^@\s]+@[^@\s]+$/.test(c.email)
    )
      return null;
    const months = b.commitmentMonths ?? 36;
    if (typeof months !== 'number' || months < 12 || months > 36) return null;
    return [{ type: 'PledgeTaken', data: { ...b, agencyId, commitmentMonths: months } }];
  }
  const list = kind === 'officers' ? b.officers : b.records;
  if (!Array.isArray(list) || list.length < 1 || list.length > 5000) return null;
  for (const r of list) {
    if (!obj(r) || !str(r.officerRef, 128)) return null;
    if (kind === 'officers' && (!str(r.joinedOn, 10) || !DATE.test(r.joinedOn))) return null;
    if (
      kind === 'trainings' &&
      (!str(r.programId, 64) ||
        !PROGRAMS.has(r.programId) ||
        !str(r.completedOn, 10) ||
        !DATE.test(r.completedOn))
    )
      return null;
  }
  return list.map((data) => ({ type: kind === 'officers' ? 'OfficerJoined' : 'OfficerTrained', data }));
}

function openLog(dir: string) {
  const db = new Database(join(dir, 'floor.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(`CREATE TABLE IF NOT EXISTS events (position INTEGER PRIMARY KEY, stream_id TEXT NOT NULL, revision INTEGER NOT NULL,
    id TEXT NOT NULL UNIQUE, type TEXT NOT NULL, data TEXT NOT NULL, metadata TEXT NOT NULL, hash TEXT NOT NULL, UNIQUE (stream_id, revision))`);
  const head = db.prepare(
    'SELECT revision, hash FROM events WHERE stream_id = ? ORDER BY revision DESC LIMIT 1',
  );
  const insert = db.prepare(
    'INSERT INTO events (stream_id, revision, id, type, data, metadata, hash) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const commit = db.transaction((batch: Append[]) => batch.map((a) => appendOne(a)));
  // One append: every event chained to the previous hash; a taken revision is a conflict.
  function appendOne(a: Append): { revision: number; position: number } | 'conflict' {
    let prev = a.prevHash;
    let revision = a.expected;
    let position = 0;
    try {
      for (const e of a.events) {
        revision += 1;
        const data = JSON.stringify(e.data);
        prev = createHash('sha256')
          .update(`${prev}|${a.streamId}|${revision}|${e.type}|${data}|${a.meta}`)
          .digest('hex');
        position = Number(
          insert.run(a.streamId, revision, randomUUID(), e.type, data, a.meta, prev).lastInsertRowid,
        );
      }
      return { revision, position };
    } catch {
      return 'conflict';
    }
  }
  let pending: Append[] = [];
  const flush = () => {
    const batch = pending;
    pending = [];
    const results = commit(batch);
    batch.forEach((a, i) => a.done(results[i]));
  };
  return {
    head: (streamId: string) => head.get(streamId) as { revision: number; hash: string } | undefined,
    append(a: Append) {
      if (pending.push(a) === 1) setImmediate(flush);
    },
  };
}

function readBody(req: IncomingMessage): Promise<Body | null> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= MAX_BODY) chunks.push(c);
    });
    req.on('end', () => {
      if (size > MAX_BODY) return resolve(null);
      try {
        const v: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        resolve(obj(v) ? v : null);
      } catch {
        resolve(null);
      }
    });
  });
}

function reply(res: ServerResponse, status: number, body: unknown, etag?: string): void {
  const text = JSON.stringify(body);
  const headers: Record<string, string | number> = {
    'content-type': status < 300 ? 'application/json' : 'application/problem+json',
    'content-length': Buffer.byteLength(text),
  };
  if (etag) headers.etag = etag;
  res.writeHead(status, headers).end(text);
}

async function main(): Promise<void> {
  const secret = process.env.ONEMIND_JWT_SECRET;
  if (!secret)
    throw new Error('the floor server needs ONEMIND_JWT_SECRET (the bench passes the one it signs with)');
  const key = await crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['verify'],
  );
  const log = openLog(process.env.ONEMIND_DATA_DIR ?? '.');

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (req.method === 'GET' && req.url === '/health/ready') return reply(res, 200, { ok: true });
    const m = req.method === 'POST' ? ROUTE.exec(req.url ?? '') : null;
    if (!m || !ID.test(m[1])) return reply(res, 404, { status: 404, title: 'no such resource' });
    const [, agencyId, kind] = m;
    let principal: Principal;
    try {
      const token = (req.headers.authorization ?? '').replace(/^Bearer /, '');
      principal = (await jwtVerify(token, key, { algorithms: ['HS256'] })).payload as unknown as Principal;
    } catch {
      return reply(res, 401, { status: 401, title: 'invalid token' });
    }
    if (principal.role !== 'staff' && !(principal.role === 'agency' && principal.agencyId === agencyId))
      return reply(res, 403, { status: 403, title: 'forbidden' });
    if (!(req.headers['content-type'] ?? '').startsWith('application/json'))
      return reply(res, 415, { status: 415, title: 'JSON only' });
    const body = await readBody(req);
    const events = body && eventsOf(kind, agencyId, body);
    if (!events) return reply(res, 400, { status: 400, title: 'invalid body' });
    const streamId = `agency-${agencyId}`;
    const head = log.head(streamId);
    if (kind === 'pledge' ? head : !head)
      return reply(res, 422, { status: 422, code: kind === 'pledge' ? 'already-pledged' : 'not-pledged' });
    const meta = JSON.stringify({
      actor: { sub: principal.sub, role: principal.role },
      recordedAt: new Date().toISOString(),
    });
    log.append({
      streamId,
      expected: head?.revision ?? -1,
      prevHash: head?.hash ?? '',
      events,
      meta,
      done: (r) => {
        if (r === 'conflict') return reply(res, 409, { status: 409, code: 'conflict' });
        const first = r.revision - events.length + 1;
        reply(
          res,
          head ? 200 : 201,
          {
            agencyId,
            revision: String(r.revision),
            position: String(r.position),
            events: events.map((e, i) => ({ type: e.type, revision: String(first + i) })),
          },
          `"${r.revision}"`,
        );
      },
    });
  };

  const server = createServer({ keepAliveTimeout: 65_000 }, (req, res) => {
    handle(req, res).catch(() => reply(res, 500, { status: 500 }));
  });
  server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
    const a = server.address();
    process.stdout.write(`listening ${typeof a === 'object' && a ? a.port : ''}\n`);
  });
  process.on('SIGTERM', () => server.close(() => process.exit(0)));
}

main().catch((err: Error) => {
  process.stderr.write(`floor server: ${err.message}\n`);
  process.exit(1);
});
