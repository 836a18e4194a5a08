import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AgencyCommand } from '#domain';
import { SqliteEventStore } from '#event-store';
import { agencyStream } from '#events';
import { agencyCacheKey } from '../src/agency/agency-command.handler.js';
import { StateCache } from '../src/infra/state-cache.js';
import { directAgencyCommand } from './support/direct-command.js';

const AGENCY = 'tx-idem-race-pd';
const pledge: AgencyCommand = {
  type: 'TakePledge',
  data: {
    agencyId: AGENCY,
    name: 'Race PD',
    country: 'US',
    signatory: { name: 'A', title: 'B' },
    contact: { name: 'C', email: 'c@x.org' },
  },
};
const idempotency = { key: 'staff:alice:retry-1', fingerprint: 'same-request' };

/**
 * A state cache (one per process) whose first turn on the agency lets `first` run to the end: as if
 * this process was descheduled after its first key lookup, while another instance answered a copy.
 */
class DescheduledCache extends StateCache {
  constructor(private first: (() => Promise<unknown>) | null) {
    super();
  }

  override async exclusive<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const first = this.first;
    if (first && key === agencyCacheKey(AGENCY)) {
      this.first = null;
      await first();
    }
    return super.exclusive(key, fn);
  }
}

describe('one Idempotency-Key on two instances of one store (int, real SQLite)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'onemind-idem-race-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('a copy that looked the key up before the other instance committed still answers with that commit, not 422', async () => {
    const a = new SqliteEventStore(join(dir, 'events.sqlite'));
    const b = new SqliteEventStore(join(dir, 'events.sqlite'));
    try {
      let firstAnswer: unknown;
      const onA = async () =>
        (firstAnswer = await directAgencyCommand(a, AGENCY, pledge, new StateCache(), idempotency));
      const second = await directAgencyCommand(b, AGENCY, pledge, new DescheduledCache(onA), idempotency);
      expect(second).toEqual(firstAnswer);
      expect((await a.readStream(agencyStream(AGENCY))).map((e) => e.type)).toEqual(['PledgeTaken']);
    } finally {
      await a.close();
      await b.close();
    }
  });
});
