import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { agencyIdClaim } from '#events';
import { ev } from '#event-store/contract';
import { ClaimTakenError } from '#event-store';
import { PostgresEventStore } from '#event-store/postgres';
import { SqliteEventStore } from '#event-store';
import { postgresAnswers, ScratchDatabase } from '#event-store/testing';

/**
 * `npx onemind migrate-log --to postgres` (the built CLI, bin/onemind.js): SQLite log → an empty
 * PostgreSQL log, killed with SIGKILL mid-copy, run again to the end; `verify` passes on both logs
 * and they hold the same events at the same positions with the same hashes.
 */
const available = await postgresAnswers('migrate-log --to postgres');
const run = available ? describe : describe.skip;

run('onemind migrate-log --to postgres (a PostgreSQL answers)', () => {
  let dir: string;
  let db: ScratchDatabase;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'onemind-migrate-pg-'));
    db = await ScratchDatabase.create('migrate');
  });
  afterAll(async () => {
    await db?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  const env = (store: 'sqlite' | 'postgres') => ({
    ...process.env,
    ONEMIND_DATA_DIR: dir,
    DATABASE_URL: db.url,
    EVENT_STORE: store,
  });
  const cli = (store: 'sqlite' | 'postgres', ...args: string[]) =>
    spawnSync(process.execPath, ['bin/onemind.js', ...args], { env: env(store), encoding: 'utf8' });

  async function fillSource(rounds: number): Promise<void> {
    const source = new SqliteEventStore(join(dir, 'events.sqlite'));
    try {
      for (let r = 0; r < rounds; r++) {
        // Eight streams per round in one tick: group commit keeps the fill quick.
        await Promise.all(
          Array.from({ length: 8 }, (_, s) =>
            source.append(
              `agency-m${s}`,
              Array.from({ length: 1 + ((r + s) % 3) }, (_, k) =>
                ev(`E${r}.${k}`, {}, { r, s, k, text: 'é' }),
              ),
              r === 0 ? 'no-stream' : 'exists',
            ),
          ),
        );
      }
    } finally {
      await source.close();
    }
  }

  it('copies every event, hash and position; resumes after kill -9; verify passes on both logs', async () => {
    await fillSource(40);
    const source = new SqliteEventStore(join(dir, 'events.sqlite'));
    const target = new PostgresEventStore({ connectionString: db.url });
    try {
      const total = await source.headPosition();
      const child = spawn(process.execPath, ['bin/onemind.js', 'migrate-log', '--to', 'postgres'], {
        env: env('sqlite'),
        stdio: 'ignore',
      });
      const exited = new Promise((r) => child.on('close', r));
      while ((await target.headPosition()) < 50n) await new Promise((r) => setTimeout(r, 5));
      child.kill('SIGKILL');
      await exited;
      const partial = await target.headPosition();
      console.log(`migrate-log killed at ${partial} of ${total} events`);
      expect(partial).toBeLessThan(total); // the kill landed mid-copy

      const again = cli('sqlite', 'migrate-log', '--to', 'postgres');
      expect(again.stderr).not.toMatch(/Error/);
      expect(again.status).toBe(0);
      expect(again.stdout).toMatch(
        new RegExp(`OK: ${total} event\\(s\\) in PostgreSQL \\(\\d+ copied now, ${partial} already there\\)`),
      );

      const from = await source.readAll(0n, 100_000);
      const to = await target.readAll(0n, 100_000);
      const shape = (events: typeof from) =>
        events.map((e) => [e.position, e.streamId, e.revision, e.id, e.prevHash, e.hash]);
      expect(shape(to)).toEqual(shape(from));
      for (const store of ['sqlite', 'postgres'] as const) {
        const verified = cli(store, 'verify');
        expect(verified.status).toBe(0);
        expect(verified.stdout).toContain(`OK: 8 stream(s), ${total} event(s) verified, 0 broken`);
      }
      // A third run finds everything there and copies nothing.
      expect(cli('sqlite', 'migrate-log', '--to', 'postgres').stdout).toContain(
        `(0 copied now, ${total} already there)`,
      );
      // The copy took each agency stream's id claim on the target: a case twin is refused there.
      const twin = await target
        .append('agency-M3', [ev('PledgeTaken')], 'no-stream', { claims: [agencyIdClaim('M3')] })
        .catch((e: unknown) => e);
      expect(twin).toBeInstanceOf(ClaimTakenError);
      expect(twin).toMatchObject({ heldBy: 'agency-m3' });
    } finally {
      await source.close();
      await target.close();
    }
  }, 120_000);

  it('refuses a target other than postgres', () => {
    const wrong = cli('sqlite', 'migrate-log', '--to', 'mysql');
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toMatch(/--to postgres/);
  });
});

describe('migrate-log suite selection', () => {
  it(
    available
      ? 'runs against a real PostgreSQL'
      : 'is skipped on purpose: no PostgreSQL answers (and CI is not set)',
    () => {
      if (!available) expect(process.env.CI === 'true' || process.env.CI === '1').toBe(false);
      expect(typeof PostgresEventStore).toBe('function');
    },
  );
});
