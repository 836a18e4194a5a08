import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { eventLogFile } from '#config';
import type { EventStore } from '#event-store';
import { agencyStream } from '#events';
import { seedLog } from '../../projector/test/support/seed-log.js';
import { seededRandom } from '#testing';
import { exportLines, oneStream } from '#audit';
import { verifyExport } from '#audit';
import { LogTamperer, type TamperKind } from './support/tamper.js';
import { TestApp, sqliteOnly } from './support/test-app.js';

const SEED = Number(process.env.TAMPER_SEED ?? Date.now() % 1_000_000);
const AGENCIES = 30;
const TRIALS = 100;
/** Spawning the CLI costs ~1–2 s on a loaded machine: once per kind keeps the suite near a minute. */
const CLI_EVERY = 100;
const cli = join(process.cwd(), 'bin/onemind.js');

/**
 * G6: 100 trials each of a flipped byte, a deleted event, two swapped revisions and a cut tail,
 * made directly in the SQLite file. Each is detected with the right first bad revision by the
 * verification endpoint and the offline verifier (on an export); the first of each kind also by a spawned
 * `onemind verify`. The stream is restored after each trial.
 */
sqliteOnly(describe, 'the tamper trials edit the SQLite log file (G6 on PostgreSQL: migrate-log and verify)')(
  `G6 tamper evidence (seed ${SEED})`,
  () => {
    const t = new TestApp();
    let staff: string;
    let store: EventStore;
    let tamper: LogTamperer;
    const rand = seededRandom(SEED);
    const pick = (n: number) => Math.floor(rand() * n);

    beforeAll(async () => {
      await t.start();
      staff = await t.token('staff', 'auditor@iacp');
      store = await t.openLog();
      await seedLog(store, SEED, AGENCIES, 4, 'tx');
      tamper = new LogTamperer(eventLogFile(t.config));
    }, 30_000);
    afterAll(async () => {
      tamper?.close();
      await store?.close();
      await t.stop();
    });

    const viaEndpoint = async (agencyId: string) =>
      (await t.request('GET', `/v1/agencies/${agencyId}/verification`, { token: staff })).json;
    const viaExport = async (agencyId: string) => {
      const lines: string[] = [];
      for await (const line of exportLines(store, oneStream(store, agencyStream(agencyId)))) lines.push(line);
      return (await verifyExport(lines))[0];
    };
    const viaCli = (args: string[]) =>
      spawnSync(process.execPath, [cli, 'verify', ...args], {
        env: t.cliEnv(),
        encoding: 'utf8',
      });

    /** Picks a stream and the edit; returns the revision the verifiers must name. */
    function plan(kind: TamperKind): { agencyId: string; edit: () => void; firstBad: bigint } {
      const agencyId = `tx-${pick(AGENCIES)}`;
      const stream = agencyStream(agencyId);
      const revs = tamper.revisions(stream);
      const k = revs[pick(revs.length)];
      switch (kind) {
        case 'flip':
          return { agencyId, firstBad: k, edit: () => tamper.flip(stream, k, pick) };
        case 'delete':
          return { agencyId, firstBad: k, edit: () => tamper.delete(stream, k) };
        case 'truncate':
          return { agencyId, firstBad: k, edit: () => tamper.truncate(stream, k) };
        case 'swap': {
          const a = BigInt(pick(revs.length - 1));
          const b = a + 1n + BigInt(pick(revs.length - 1 - Number(a)));
          return { agencyId, firstBad: a, edit: () => tamper.swap(stream, a, b) };
        }
      }
    }

    it.each(['flip', 'delete', 'swap', 'truncate'] as TamperKind[])(
      '%s: detected, first bad revision named, 100 trials',
      async (kind) => {
        for (let trial = 0; trial < TRIALS; trial++) {
          const { agencyId, edit, firstBad } = plan(kind);
          const context = `${kind} trial ${trial} on ${agencyId} (seed ${SEED})`;
          await tamper.withTampered(agencyStream(agencyId), edit, async () => {
            const endpoint = await viaEndpoint(agencyId);
            expect({ context, valid: endpoint.valid, firstBadRevision: endpoint.firstBadRevision }).toEqual({
              context,
              valid: false,
              firstBadRevision: String(firstBad),
            });
            const offline = await viaExport(agencyId);
            expect({ context, valid: offline.valid, firstBadRevision: offline.firstBadRevision }).toEqual({
              context,
              valid: false,
              firstBadRevision: String(firstBad),
            });
            if (trial % CLI_EVERY === 0) {
              const run = viaCli([agencyId]);
              expect({ context, status: run.status, out: run.stdout.split('\n')[0] }).toEqual({
                context,
                status: 1,
                out: expect.stringContaining(`BROKEN agency-${agencyId} at revision ${firstBad}`),
              });
            }
          });
          expect((await viaEndpoint(agencyId)).valid).toBe(true);
        }
      },
      60_000,
    );

    it('the untouched log verifies: endpoint, CLI over all streams, and an exported file offline', async () => {
      const all = viaCli([]);
      expect(all.status).toBe(0);
      expect(all.stdout).toMatch(new RegExp(`OK: ${AGENCIES} stream\\(s\\)`));
      let exported = '';
      for await (const line of exportLines(store, store.listStreams())) exported += line;
      expect(exported.split('\n').filter((l) => l.includes('"streamHead"'))).toHaveLength(AGENCIES);
      const file = join(t.dataDir, 'export.ndjson');
      writeFileSync(file, exported);
      expect(viaCli(['--file', file]).status).toBe(0);
      // The same file with one event's data edited: the offline verifier names it without the database.
      const lines = exported.split('\n');
      const i = lines.findIndex((l) => l.includes('"type":"PolicyAdopted"'));
      lines[i] = lines[i].replace('Crisis response', 'Crisis responsE');
      writeFileSync(file, lines.join('\n'));
      const broken = viaCli(['--file', file]);
      expect(broken.status).toBe(1);
      expect(broken.stdout).toMatch(/BROKEN agency-tx-\d+ at revision \d+: hash does not match/);
    }, 30_000);
  },
);
