/**
 * A PostgreSQL server of the test's own (initdb into a temp folder, a free port on 127.0.0.1), for
 * tests that stop and start the server: the machine's shared cluster must never be restarted under
 * other tests. Uses the machine's PostgreSQL binaries; as root, the server runs as the `postgres`
 * user (PostgreSQL refuses to run as root).
 */
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const inCi = process.env.CI === 'true' || process.env.CI === '1';

/** The newest installed server's bin folder (Debian: /usr/lib/postgresql/<major>/bin), else null. */
function binDir(): string | null {
  const root = '/usr/lib/postgresql';
  const majors = existsSync(root)
    ? readdirSync(root)
        .filter((d) => /^\d+$/.test(d))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  for (const m of majors) if (existsSync(join(root, m, 'bin', 'pg_ctl'))) return join(root, m, 'bin');
  const found = spawnSync('sh', ['-c', 'command -v pg_ctl'], { encoding: 'utf8' }).stdout.trim();
  return found ? join(found, '..') : null;
}

/** A port nothing listens on yet (the OS picks it; closed again at once). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export class PrivatePostgres {
  private constructor(
    private readonly bin: string,
    readonly dir: string,
    readonly port: number,
    private readonly owner: { uid: number; gid: number } | null,
  ) {}

  /** postgres://…/postgres on this server (the test owns the whole server). */
  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  /**
   * A running server, or the reason there cannot be one here (no PostgreSQL binaries). Outside CI
   * the caller skips and prints the reason; in CI that is a failure, as for the other PostgreSQL suites.
   */
  static async start(suite: string): Promise<PrivatePostgres | string> {
    const bin = binDir();
    if (!bin) {
      const why = `${suite}: no PostgreSQL server binaries (initdb, pg_ctl) on this machine`;
      if (inCi) throw new Error(`${why}. In CI they must be installed (apt-get install postgresql).`);
      return `${why}: SKIPPED`;
    }
    const root = process.getuid?.() === 0;
    // As root the server runs as `postgres`, which must reach its folder: /tmp, not a TMPDIR that
    // may sit under root's home.
    const dir = mkdtempSync(join(root ? '/tmp' : tmpdir(), 'onemind-pg-'));
    let owner: { uid: number; gid: number } | null = null;
    if (root) {
      const id = (flag: string) =>
        Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
      owner = { uid: id('-u'), gid: id('-g') };
      chownSync(dir, owner.uid, owner.gid);
    }
    const server = new PrivatePostgres(bin, dir, await freePort(), owner);
    await server.run('initdb', [
      '-D',
      server.data,
      '-U',
      'postgres',
      '--auth=trust',
      '--no-sync',
      '-E',
      'UTF8',
    ]);
    await server.resume();
    return server;
  }

  private get data(): string {
    return join(this.dir, 'data');
  }

  /** Starts the stopped server and waits until it accepts connections. */
  resume(): Promise<void> {
    const opts = `-p ${this.port} -h 127.0.0.1 -k ${this.dir} -c fsync=on -c max_connections=40`;
    return this.run('pg_ctl', [
      '-D',
      this.data,
      '-o',
      opts,
      '-l',
      join(this.dir, 'server.log'),
      '-w',
      'start',
    ]);
  }

  /** Stops the server the way a restart does (`-m fast`: sessions are ended, nothing committed is lost). */
  halt(): Promise<void> {
    return this.run('pg_ctl', ['-D', this.data, '-m', 'fast', '-w', 'stop']);
  }

  destroy(): void {
    spawnSync(join(this.bin, 'pg_ctl'), ['-D', this.data, '-m', 'immediate', '-w', 'stop'], {
      ...this.as(),
      stdio: 'ignore',
    });
    rmSync(this.dir, { recursive: true, force: true });
  }

  private as() {
    return this.owner ? { uid: this.owner.uid, gid: this.owner.gid, cwd: this.dir } : { cwd: this.dir };
  }

  /** Asynchronous, so the app under test keeps serving requests while the server stops or starts. */
  private async run(tool: string, args: string[]): Promise<void> {
    try {
      await promisify(execFile)(join(this.bin, tool), args, { ...this.as(), encoding: 'utf8' });
    } catch (err) {
      const e = err as { stderr?: string; stdout?: string; message: string };
      throw new Error(`${tool} ${args.join(' ')} failed: ${e.stderr || e.stdout || e.message}`, {
        cause: err,
      });
    }
  }
}
