import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { eventLogFile, readModelFile } from '#config';
import { SqliteEventStore } from '#event-store';
import { PROJECTION_NAMES, buildInto } from '#read-models';
import { checkConsistent, checkpoints, dumpReadModels } from './support/read-model-checks.js';
import { seedLog } from './support/seed-log.js';
import { seededRandom } from '#testing';
import { tempData } from './support/temp-dir.js';

const SEED = Number(process.env.CRASH_SEED ?? Date.now() % 1_000_000);
const KILLS = 25;
const main = join(process.cwd(), 'dist/apps/projector/src/main.js');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * G4: the projector process is killed with SIGKILL at random points while it projects (25 times,
 * new events appended between runs), each time the read models are checked for a checkpoint that
 * is never behind the data; at the end they must equal a clean rebuild row for row.
 */
describe(`G4 crash and rebuild (seed ${SEED})`, () => {
  const t = tempData('onemind-g4-');
  const rand = seededRandom(SEED);
  let store: SqliteEventStore;

  beforeAll(() => {
    if (!existsSync(main))
      throw new Error('run `npm run build` first: this test spawns dist/apps/projector/src/main.js');
    store = new SqliteEventStore(eventLogFile(t.config));
  });
  afterAll(async () => {
    await store.close();
    t.cleanup();
  });

  const spawnProjector = () =>
    spawn(process.execPath, [main], {
      env: {
        ...process.env,
        ONEMIND_DATA_DIR: t.dir,
        PROJECTOR_PORT: '0',
        ONEMIND_LOG_LEVEL: 'silent',
        ONEMIND_PROJECTOR_BATCH: String(20 + Math.floor(rand() * 200)),
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });

  /** Waits until the agencies checkpoint moves past `from` (the process is projecting), or times out. */
  async function waitForProgress(from: bigint, ms: number): Promise<void> {
    const until = Date.now() + ms;
    while (Date.now() < until) {
      if (existsSync(readModelFile(t.config))) {
        const db = new Database(readModelFile(t.config), { readonly: true, fileMustExist: true });
        try {
          const cp = db.prepare("SELECT name FROM sqlite_master WHERE name = 'checkpoints'").get()
            ? checkpoints(db)
            : {};
          if ((cp.agencies ?? 0n) > from) return;
        } catch {
          /* the file is being created */
        } finally {
          db.close();
        }
      }
      await sleep(5);
    }
  }

  it('converges to a clean rebuild after 25 kill -9s, the checkpoint never behind the data', async () => {
    const seeded = await seedLog(store, SEED, 500, 9, 'ag');
    expect(seeded).toBeGreaterThanOrEqual(10_000);
    let midway = 0;
    let last = { agencies: 0n, roster: 0n };
    for (let kill = 0; kill < KILLS; kill++) {
      if (kill > 0) await seedLog(store, SEED + kill, 40, 9, `k${kill}`);
      const head = await store.headPosition();
      const child = spawnProjector();
      const exited = new Promise((r) => child.once('exit', r));
      await waitForProgress(last.agencies, 15_000);
      await sleep(Math.floor(rand() * 100));
      child.kill('SIGKILL');
      await exited;
      const now = checkConsistent(readModelFile(t.config), eventLogFile(t.config));
      expect(now.agencies).toBeGreaterThanOrEqual(last.agencies);
      if (now.agencies < head) midway += 1;
      last = now;
    }
    console.log(
      `G4: ${KILLS} kills, ${midway} mid-projection, ${await store.headPosition()} events (seed ${SEED})`,
    );
    expect(midway).toBeGreaterThanOrEqual(5);

    const head = await store.headPosition();
    const child = spawnProjector();
    const until = Date.now() + 60_000;
    for (;;) {
      const done =
        existsSync(readModelFile(t.config)) &&
        (() => {
          const db = new Database(readModelFile(t.config), { readonly: true });
          try {
            return (
              Object.values(checkpoints(db)).filter((p) => p === head).length === PROJECTION_NAMES.length
            );
          } finally {
            db.close();
          }
        })();
      if (done || Date.now() > until) break;
      await sleep(50);
    }
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));

    const clean = join(t.dir, 'clean.sqlite');
    await buildInto(store, clean);
    expect(dumpReadModels(readModelFile(t.config))).toEqual(dumpReadModels(clean));
  }, 240_000);
});
