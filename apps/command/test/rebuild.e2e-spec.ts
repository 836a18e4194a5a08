import Database from 'better-sqlite3';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { readModelFile } from '#config';
import type { EventStore } from '#event-store';
import { currentReadModelFile } from '#read-models';
import { startProjector, type RunningProjector } from '#projector';
import { startReadModels } from '#projector';
import { buildInto, workFileOf } from '#read-models';
import { dumpReadModels } from '../../projector/test/support/read-model-checks.js';
import { seedLog } from '../../projector/test/support/seed-log.js';
import { TestApp } from './support/test-app.js';

const cli = join(process.cwd(), 'bin/onemind.js');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * `onemind rebuild` while the service answers: killed half-way it resumes from the new file's own
 * checkpoint; when done it swaps the generation, the command app and the projector follow it, and
 * the new file equals a clean build.
 */
describe('rebuild: resumable, swapped in while serving (e2e)', () => {
  // The generation files themselves are checked here, so the read models stay in SQLite files even on
  // an e2e-pg run (the log is then PostgreSQL's); the rebuild on PostgreSQL schemas is
  // postgres-read-models.e2e-spec.ts's.
  const t = new TestApp({ READ_MODELS: 'sqlite' });
  let projector: RunningProjector;
  let store: EventStore;
  let staff: string;

  beforeAll(async () => {
    await t.start();
    projector = await startProjector(await t.projectorConfig(), { subscribers: [startReadModels] });
    store = await t.openLog();
    staff = await t.token('staff', 'alice@iacp');
    await seedLog(store, 11, 300, 12, 'rb');
  }, 60_000);
  afterAll(async () => {
    await projector?.stop();
    await store?.close();
    await t.stop();
  });

  const env = () => t.cliEnv({ ONEMIND_LOG_LEVEL: 'silent' });
  const stats = async (minPosition: bigint) =>
    t.request('GET', '/v1/public/stats', { headers: { 'x-min-position': minPosition.toString() } });

  it('is killed mid-way, resumes, swaps, and the service keeps answering throughout', async () => {
    const head = await store.headPosition();
    const before = await stats(head);
    expect(before.json.total).toBe(300);
    const work = workFileOf(readModelFile(t.config));

    const first = spawn(process.execPath, [cli, 'rebuild'], { env: env(), stdio: 'ignore' });
    const exited = new Promise((r) => first.once('exit', r));
    for (let i = 0; i < 1500 && !(await progressed(work)); i++) await sleep(5);
    first.kill('SIGKILL');
    await exited;
    const resumedFrom = await progressed(work);
    expect(resumedFrom).toBeGreaterThan(0n);
    expect((await stats(head)).json).toEqual(before.json);

    const second = spawnSync(process.execPath, [cli, 'rebuild'], { env: env(), encoding: 'utf8' });
    expect(second.status).toBe(0);
    expect(second.stderr).toMatch(/rebuild \[#+-*\] +\d+%/);
    expect(existsSync(work)).toBe(false);
    const live = currentReadModelFile(readModelFile(t.config));
    expect(live).not.toBe(readModelFile(t.config));
    expect(readdirSync(t.dataDir).filter((f) => f.endsWith('-wal') && f.startsWith('read-models.g'))).toEqual(
      [],
    );

    // A write after the swap reaches the new generation through the projector, and the app reads it.
    const pledged = await t.request('POST', '/v1/agencies/tx-after-swap/pledge', {
      token: staff,
      body: {
        name: 'After Swap PD',
        signatory: { name: 'A', title: 'Chief' },
        contact: { name: 'B', email: 'b@example.org' },
      },
    });
    expect(pledged.status).toBe(201);
    const after = await stats(BigInt(pledged.json.position));
    expect(after.status).toBe(200);
    expect(after.json.total).toBe(301);

    await projector.stop();
    const clean = join(t.dataDir, 'clean.sqlite');
    await buildInto(store, clean);
    expect(dumpReadModels(live)).toEqual(dumpReadModels(clean));
    projector = await startProjector(await t.projectorConfig(), { subscribers: [startReadModels] });
  }, 120_000);

  it('rebuilds one projection from a copy of the live file', async () => {
    const res = spawnSync(process.execPath, [cli, 'rebuild', '--projection', 'roster'], {
      env: env(),
      encoding: 'utf8',
    });
    expect(res.status).toBe(0);
    const view = await t.request('GET', '/v1/agencies/rb-1', {
      token: staff,
      headers: { 'x-min-position': (await store.headPosition()).toString() },
    });
    expect(view.status).toBe(200);
    expect(view.json.requirements.training.sworn).toBeGreaterThan(0);
    expect(
      spawnSync(process.execPath, [cli, 'rebuild', '--projection', 'nope'], { env: env(), encoding: 'utf8' })
        .status,
    ).not.toBe(0);
    // A third rebuild removes the generation two swaps back; the live one and its predecessor stay.
    expect(spawnSync(process.execPath, [cli, 'rebuild'], { env: env(), encoding: 'utf8' }).status).toBe(0);
    const generations = readdirSync(t.dataDir).filter((f) => /^read-models\.g\d+\.sqlite$/.test(f));
    expect(generations).toHaveLength(2);
    expect(generations).toContain(currentReadModelFile(readModelFile(t.config)).split('/').at(-1));
  }, 60_000);
});

async function progressed(file: string): Promise<bigint> {
  if (!existsSync(file)) return 0n;
  try {
    const db = new Database(file, { readonly: true, fileMustExist: true });
    try {
      return (
        (db
          .prepare('SELECT COALESCE(MIN(position), 0) FROM checkpoints')
          .pluck()
          .safeIntegers(true)
          .get() as bigint) ?? 0n
      );
    } finally {
      db.close();
    }
  } catch {
    return 0n;
  }
}
