import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { text } from 'node:stream/consumers';
import { LocalDocumentStore } from './local-document-store.js';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('LocalDocumentStore (a real folder)', () => {
  let dir: string;
  let store: LocalDocumentStore;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'onemind-docs-'));
    store = new LocalDocumentStore(join(dir, 'evidence'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  async function scratchFile(bytes: Buffer): Promise<string> {
    const path = join(await store.scratchDir(), `${Math.random()}.part`);
    writeFileSync(path, bytes);
    return path;
  }

  it('stores a document once under <dir>/ab/cdef…, consuming the scratch file', async () => {
    const bytes = Buffer.from('%PDF-1.7 the agreement');
    const hash = sha(bytes);
    const first = await scratchFile(bytes);
    expect(await store.putFile(first, hash)).toEqual({ created: true });
    expect(readFileSync(join(dir, 'evidence', hash.slice(0, 2), hash.slice(2))).equals(bytes)).toBe(true);
    expect(existsSync(first)).toBe(false);
    const second = await scratchFile(bytes);
    expect(await store.putFile(second, hash)).toEqual({ created: false });
    expect(existsSync(second)).toBe(false);
    expect(readdirSync(join(dir, 'evidence', '.incoming'))).toEqual([]);
    const opened = await store.open(hash);
    expect(opened?.size).toBe(bytes.length);
    expect(await text(opened!.stream)).toBe(bytes.toString());
  });

  it('never overwrites a stored document, even with other bytes under the same name', async () => {
    const bytes = Buffer.from('%PDF-1.7 original');
    const hash = sha(bytes);
    await store.putFile(await scratchFile(bytes), hash);
    expect(await store.putFile(await scratchFile(Buffer.from('impostor')), hash)).toEqual({ created: false });
    expect(await store.check(hash)).toBe('ok');
  });

  it('check: ok, mismatch after a changed byte, missing after removal; open of a missing or malformed hash is null', async () => {
    const bytes = Buffer.from('%PDF-1.7 checked');
    const hash = sha(bytes);
    await store.putFile(await scratchFile(bytes), hash);
    expect(await store.check(hash)).toBe('ok');
    writeFileSync(store.path(hash), Buffer.from('%PDF-1.7 checkeD'));
    expect(await store.check(hash)).toBe('mismatch');
    await store.remove(hash);
    expect(await store.check(hash)).toBe('missing');
    expect(await store.open(hash)).toBeNull();
    expect(await store.open('../../etc/passwd')).toBeNull();
    expect(() => store.path('ABC')).toThrow(/not a SHA-256/);
  });
});
