import type { AgencyState } from '#domain';

/** A fold of a stream's complete prefix up to `revision`, kept to answer later "as of" reads. */
export interface FoldPoint {
  revision: bigint;
  position: bigint;
  recordedAt: string;
  /** The latest recordedAt among events 0..revision: instants from several instances need not be monotonic. */
  maxRecordedAt: string;
  state: AgencyState;
  /** `campaignId`: a later campaign's reminder (absent: the agency's first campaign's). */
  reminders: { cycle: number; offsetDays: number; sentAt: string; campaignId?: string }[];
}

export type Bound = { asOf: string } | { revision: bigint } | { now: string };

/**
 * Fold points every `every` events of large agencies, so "state as of" on a 65,000-event agency
 * folds from the nearest point instead of from revision 0 (P5). A point is used only when every
 * event it covers is inside the requested bound, so the answer is exactly the full fold's. States
 * are immutable with structural sharing, which keeps the points cheap; they are a cache the log
 * rebuilds on demand, bounded per stream and in the number of streams.
 */
export class FoldPoints {
  private readonly streams = new Map<string, FoldPoint[]>();

  constructor(
    readonly every = 8192,
    readonly maxStreams = 16,
    private readonly maxPerStream = 16,
  ) {}

  best(streamId: string, bound: Bound): FoldPoint | undefined {
    const points = this.streams.get(streamId);
    if (!points) return undefined;
    this.streams.delete(streamId);
    this.streams.set(streamId, points);
    for (let i = points.length - 1; i >= 0; i--) {
      const p = points[i];
      if ('asOf' in bound && p.maxRecordedAt > bound.asOf) continue;
      if ('revision' in bound && p.revision > bound.revision) continue;
      return p;
    }
    return undefined;
  }

  record(streamId: string, point: FoldPoint): void {
    const points = this.streams.get(streamId) ?? [];
    if (points.some((p) => p.revision === point.revision)) return;
    points.push(point);
    points.sort((a, b) => (a.revision < b.revision ? -1 : 1));
    if (points.length > this.maxPerStream) points.splice(0, points.length - this.maxPerStream);
    this.streams.delete(streamId);
    this.streams.set(streamId, points);
    if (this.streams.size > this.maxStreams) this.streams.delete(this.streams.keys().next().value as string);
  }
}
