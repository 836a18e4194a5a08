import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { link, mkdir, rm, stat, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { SHA256_HEX, type DocumentCheck, type DocumentStore } from './document-store.js';

/**
 * The local-folder adapter: `<dir>/ab/cdef…` (the first two hex digits as a folder, so no folder
 * grows past 256 × its share), uploads in progress in `<dir>/.incoming/`. A document appears
 * whole or not at all: it is written elsewhere and linked into place, and a link that already
 * exists means the document is already stored (never overwritten).
 */
export class LocalDocumentStore implements DocumentStore {
  constructor(readonly dir: string) {}

  path(sha256: string): string {
    if (!SHA256_HEX.test(sha256)) throw new Error(`not a SHA-256: ${sha256.slice(0, 80)}`);
    return join(this.dir, sha256.slice(0, 2), sha256.slice(2));
  }

  async scratchDir(): Promise<string> {
    const dir = join(this.dir, '.incoming');
    await mkdir(dir, { recursive: true });
    return dir;
  }

  async putFile(localPath: string, sha256: string): Promise<{ created: boolean }> {
    const target = this.path(sha256);
    await mkdir(dirname(target), { recursive: true });
    try {
      // link (not rename): fails with EEXIST instead of replacing a document already stored.
      await link(localPath, target);
      return { created: true };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      return { created: false };
    } finally {
      await unlink(localPath).catch(() => undefined);
    }
  }

  async open(sha256: string): Promise<{ size: number; stream: Readable } | null> {
    if (!SHA256_HEX.test(sha256)) return null;
    const file = this.path(sha256);
    const info = await stat(file).catch((err: NodeJS.ErrnoException) =>
      err.code === 'ENOENT' ? null : Promise.reject(err),
    );
    return info ? { size: info.size, stream: createReadStream(file) } : null;
  }

  async check(sha256: string): Promise<DocumentCheck> {
    const opened = await this.open(sha256);
    if (!opened) return 'missing';
    const hash = createHash('sha256');
    await pipeline(opened.stream, hash);
    return hash.digest('hex') === sha256 ? 'ok' : 'mismatch';
  }

  async remove(sha256: string): Promise<void> {
    await rm(this.path(sha256), { force: true });
  }
}

/** Where the evidence documents live: `<dataDir>/evidence` (README, docs/operations.md: back it up with the log). */
export const evidenceDir = (dataDir: string): string => join(dataDir, 'evidence');
