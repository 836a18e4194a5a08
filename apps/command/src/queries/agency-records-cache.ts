import type { AgencyRecords } from '#read-models';

const MAX_ENTRIES = 32;

/**
 * Reading a 32,300-officer roster from rows takes hundreds of milliseconds, and it only changes
 * when the agency's stream does. Records are kept per agency with the stream revision they were
 * read at; a read whose agency row (in the same transaction) shows that revision reuses them.
 * `evaluate` still runs on every read (the date moves on). Never stale: the revision comes from
 * the same snapshot.
 */
export class AgencyRecordsCache {
  private readonly entries = new Map<string, { revision: string; records: AgencyRecords }>();

  /** For `loadAgency`: the records of `agencyId` at `revision`, read with `read` unless kept. */
  of(agencyId: string): (revision: string, read: () => AgencyRecords) => AgencyRecords {
    return (revision, read) => {
      const hit = this.entries.get(agencyId);
      const entry = hit && hit.revision === revision ? hit : { revision, records: read() };
      this.entries.delete(agencyId);
      this.entries.set(agencyId, entry);
      if (this.entries.size > MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
      return entry.records;
    };
  }
}
