import type { Readable } from 'node:stream';

/** What a stored document turned out to be when its bytes were hashed again (G12). */
export type DocumentCheck = 'ok' | 'missing' | 'mismatch';

/**
 * Content-addressed storage for evidence documents, outside the event log: a document is stored
 * once under its SHA-256, and the log's EvidenceAttached names that hash, so the hash chain vouches
 * for the bytes. The port speaks in hashes and streams only, so an S3-compatible adapter (key
 * `<prefix>/ab/cdef…`, PutObject with `If-None-Match: *`, GetObject for `open` and `check`) can
 * stand beside the local folder without the callers changing.
 */
export interface DocumentStore {
  /**
   * Moves a complete local file whose SHA-256 the caller computed while writing it into the store,
   * consuming the file. `created: false` when the store already held that document (the file is
   * then simply dropped): a document is stored once.
   */
  putFile(localPath: string, sha256: string): Promise<{ created: boolean }>;
  /** The document's bytes as a stream, or null when it is not stored. */
  open(sha256: string): Promise<{ size: number; stream: Readable } | null>;
  /** Hashes the stored bytes again: does the store still hold exactly what the log names? */
  check(sha256: string): Promise<DocumentCheck>;
  /** Undoes a `putFile` that created the document when its event could not be appended. */
  remove(sha256: string): Promise<void>;
  /** A folder on the same file system as the store for uploads in progress (rename is atomic there). */
  scratchDir(): Promise<string>;
}

export const SHA256_HEX = /^[0-9a-f]{64}$/;
