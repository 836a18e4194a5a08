import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { asStorageError } from '#event-store';

export const sha256Hex = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

/**
 * Content-addressed files under `<dataDir>/documents/<sha256>.pdf`: writing the same document twice
 * is a no-op, and a file that no longer matches its name (a changed byte) is refused on read.
 */
export class DocumentStore {
  constructor(private readonly dir: string) {}

  async save(bytes: Buffer): Promise<string> {
    const sha256 = sha256Hex(bytes);
    await mkdir(this.dir, { recursive: true });
    const tmp = join(this.dir, `.${sha256}.${process.pid}.tmp`);
    try {
      await writeFile(tmp, bytes);
      await rename(tmp, this.path(sha256)); // atomic: a reader never sees half a PDF
    } catch (err) {
      // G13: a disk that filled up mid-file leaves no half-written temp file holding the space.
      await rm(tmp, { force: true });
      throw asStorageError(err);
    }
    return sha256;
  }

  /** null when missing; throws DocumentCorruptedError when the bytes no longer hash to the name. */
  async read(sha256: string): Promise<Buffer | null> {
    if (!/^[0-9a-f]{64}$/.test(sha256)) return null;
    const bytes = await readFile(this.path(sha256)).catch((err: NodeJS.ErrnoException) =>
      err.code === 'ENOENT' ? null : Promise.reject(err),
    );
    if (bytes && sha256Hex(bytes) !== sha256) throw new DocumentCorruptedError(sha256);
    return bytes;
  }

  path(sha256: string): string {
    return join(this.dir, `${sha256}.pdf`);
  }
}

export class DocumentCorruptedError extends Error {
  constructor(readonly sha256: string) {
    super(`the stored document ${sha256} does not match its SHA-256`);
  }
}
