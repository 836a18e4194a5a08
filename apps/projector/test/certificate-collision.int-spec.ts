import Database from 'better-sqlite3';
import { eventLogFile, readModelFile } from '#config';
import { SqliteEventStore } from '#event-store';
import { agencyStream, type AgencyEvent } from '#events';
import { verificationCodeHash } from '#read-models';
import { startProjector } from '#projector';
import { startReadModels } from '#projector';
import { toNew } from './support/seed-log.js';
import { tempData } from './support/temp-dir.js';

const waitFor = async (check: () => boolean, what: string, ms = 10_000) => {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};

/** What the old numbering gave both `agency-bbb` and `AGENCY-BBB` (such events stay in old logs). */
const SHARED_NUMBER = 'OM-2025-AGENCY-BBB-1';

const pledged = (agencyId: string): AgencyEvent =>
  ({
    type: 'PledgeTaken',
    data: {
      agencyId,
      cycle: 1,
      name: `Agency ${agencyId}`,
      country: 'US',
      signatory: { name: 'Chief', title: 'Chief' },
      contact: { name: 'Lt', email: 'lt@example.org' },
      commitmentMonths: 36,
      pledgedOn: '2025-01-15',
      deadline: '2028-01-15',
      ruleSet: 'one-mind-2023',
    },
  }) as AgencyEvent;
const approved = (code: string): AgencyEvent => ({
  type: 'CertificationApproved',
  data: {
    cycle: 1,
    certificateNumber: SHARED_NUMBER,
    verificationCode: code,
    effectiveOn: '2025-09-10',
    approvedAt: '2025-09-10T10:00:00.000Z',
  },
});

/** G9 (issue 13): the read model refuses a certificate number that belongs to another agency. */
describe('certificates read model: a duplicate number (real SQLite log and read-model files)', () => {
  it('stops the certificates projection at the impostor, loudly; the genuine certificate keeps verifying', async () => {
    const t = tempData();
    const store = new SqliteEventStore(eventLogFile(t.config));
    const projector = await startProjector(t.config, { subscribers: [startReadModels] });
    const rm = new Database(readModelFile(t.config), { readonly: true });
    try {
      await store.append(
        agencyStream('agency-bbb'),
        [toNew(pledged('agency-bbb')), toNew(approved('GENUINE'))],
        'no-stream',
      );
      const impostor = await store.append(
        agencyStream('AGENCY-BBB'),
        [toNew(pledged('AGENCY-BBB')), toNew(approved('IMPOSTOR'))],
        'no-stream',
      );
      await waitFor(() => !projector.health().ok, 'the certificates projection to stop');

      const status = rm
        .prepare("SELECT state, position, error FROM projection_status WHERE projection = 'certificates'")
        .get() as { state: string; position: number; error: string };
      expect(status).toMatchObject({ state: 'failed', position: Number(impostor.position) });
      expect(status.error).toMatch(/another agency/);
      // Never an upsert over the genuine row, never skipped: the checkpoint stays before the impostor.
      expect(rm.prepare('SELECT number, agency_id, code_sha256 FROM certificates').all()).toEqual([
        { number: SHARED_NUMBER, agency_id: 'agency-bbb', code_sha256: verificationCodeHash('GENUINE') },
      ]);
      expect(
        rm.prepare("SELECT position FROM checkpoints WHERE projection = 'certificates'").pluck().get(),
      ).toBeLessThan(Number(impostor.position));
      // The other projections are not held up by it.
      expect(rm.prepare('SELECT agency_id FROM agencies ORDER BY agency_id').pluck().all()).toEqual([
        'AGENCY-BBB',
        'agency-bbb',
      ]);
    } finally {
      rm.close();
      await projector.stop();
      await store.close();
      t.cleanup();
    }
  });
});
