import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A small RAM disk to run out of (G13). `reason` is set, and nothing mounted, where mount is refused. */
export class Tmpfs {
  readonly dir: string;
  readonly reason: string | null;

  constructor(size: string) {
    this.dir = mkdtempSync(join(tmpdir(), 'onemind-tmpfs-'));
    this.reason = tryMount(size, this.dir);
    if (this.reason) rmSync(this.dir, { recursive: true, force: true });
  }

  /** Fills every free block with a filler file; returns its path (delete it to free the space). */
  fill(name = 'filler'): string {
    const file = join(this.dir, name);
    const fd = openSync(file, 'w');
    const chunk = Buffer.alloc(1 << 20, 1);
    try {
      for (;;) writeSync(fd, chunk); // short writes fill the last blocks, then ENOSPC
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
    } finally {
      closeSync(fd);
    }
    return file;
  }

  free(file: string): void {
    unlinkSync(file);
  }

  unmount(): void {
    if (this.reason) return;
    try {
      execFileSync('umount', [this.dir], { stdio: 'pipe' });
    } catch {
      execFileSync('umount', ['-l', this.dir], { stdio: 'pipe' }); // a file still open somewhere
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}

function tryMount(size: string, dir: string): string | null {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], { stdio: 'pipe' });
    return null;
  } catch (err) {
    const stderr = String((err as { stderr?: Buffer }).stderr ?? '').trim();
    return `mount -t tmpfs refused (uid ${process.getuid?.() ?? '?'}): ${stderr || (err as Error).message}`;
  }
}
