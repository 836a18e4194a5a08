import type { EventStore } from '#event-store';
import { agencyIdOf, decodeAgencyEvent, type AgencyEvent } from '#events';

export interface Feature {
  agencyId: string;
  agencyName: string;
  region?: string;
  certificateNumber: string;
  queuedAt: string;
}

/**
 * Newsletter highlights folded from the log (NewsletterFeatureQueued), kept in memory and topped up
 * from the last position seen, so a request reads only what was appended since the previous one.
 * A certificate revoked afterwards leaves the feed.
 */
export class NewsletterFeed {
  private position = 0n;
  private readonly agencies = new Map<string, { name: string; region?: string }>();
  private readonly features = new Map<string, Feature>();
  private catchingUp: Promise<void> | null = null;

  constructor(private readonly store: EventStore) {}

  async latest(limit: number): Promise<Feature[]> {
    await (this.catchingUp ??= this.catchUp().finally(() => (this.catchingUp = null)));
    return [...this.features.values()].sort((a, b) => b.queuedAt.localeCompare(a.queuedAt)).slice(0, limit);
  }

  private async catchUp(): Promise<void> {
    for (;;) {
      const page = await this.store.readAllBodies(this.position, 5_000);
      if (page.length === 0) return;
      for (const stored of page) {
        const agencyId = agencyIdOf(stored.streamId);
        if (agencyId !== null) this.apply(agencyId, decodeAgencyEvent(stored));
      }
      this.position = page[page.length - 1].position;
    }
  }

  private apply(agencyId: string, e: AgencyEvent): void {
    if (e.type === 'PledgeTaken') this.agencies.set(agencyId, { name: e.data.name, region: e.data.region });
    if (e.type === 'CertificationRevoked') this.features.delete(e.data.certificateNumber);
    if (e.type !== 'NewsletterFeatureQueued') return;
    const agency = this.agencies.get(agencyId);
    this.features.set(e.data.certificateNumber, {
      agencyId,
      agencyName: agency?.name ?? agencyId,
      region: agency?.region,
      certificateNumber: e.data.certificateNumber,
      queuedAt: e.data.queuedAt,
    });
  }
}
