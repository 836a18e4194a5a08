import type Database from 'better-sqlite3';
import { AgenciesReader, loadAgency, type StoredAgency } from '../../../../libs/read-models/src/index.js';

const MAX_ENTRIES = 32;

/**
 * Rebuilding a 32,300-officer AgencyState from rows takes hundreds of milliseconds, and it only
 * changes when the agency's stream does. States are kept per agency with the stream revision they
 * were read at; a read whose agency row shows the same revision reuses it. `evaluate` still runs
 * on every read (the date moves on). Never stale: the revision comes from the same database.
 */
export class AgencyStateCache {
  private readonly entries = new Map<string, StoredAgency>();

  load(db: Database.Database, agencyId: string): StoredAgency | null {
    const revision = new AgenciesReader(db).revisionOf(agencyId);
    if (revision === undefined) return null;
    const hit = this.entries.get(agencyId);
    if (hit && hit.revision === revision) {
      this.entries.delete(agencyId);
      this.entries.set(agencyId, hit);
      return hit;
    }
    const fresh = loadAgency(db, agencyId);
    if (fresh) this.remember(agencyId, fresh);
    return fresh;
  }

  private remember(agencyId: string, stored: StoredAgency): void {
    this.entries.delete(agencyId);
    this.entries.set(agencyId, stored);
    if (this.entries.size > MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
  }
}
