import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { EventStore } from '#event-store';
import { agencyIdOf, agencyStream } from '#events';
import { agencyCacheKey } from '../agency/agency-command.handler.js';
import { StateCache } from '../infra/state-cache.js';
import { EVENT_STORE } from '../infra/tokens.js';
import { foldFrom } from '#audit';
import { FoldPoints, type FoldPoint } from '#audit';

/**
 * Events folded between two yields to the event loop: ~15–25 ms of work, so a request arriving
 * meanwhile (a readiness probe during start-up) waits at most that long. With 8,192-event slices
 * the command app's own readiness took 3.8 s instead of 1.9 s (bench P4).
 */
const SLICE = 1024n;

export interface WarmUpReport {
  /** not-started: this process never started it (main.ts does; tests that build the app do not). */
  state: 'not-started' | 'running' | 'done' | 'stopped' | 'failed';
  /** Agencies whose fold points and command state were built. */
  streams: string[];
  events: number;
  ms: number;
  error?: string;
}

/**
 * After a start, folds the largest agency streams (at least `points.every` events, the
 * `points`' stream limit at most, largest first) so that neither the first command on them (P4) nor
 * the first "state as of" (P5) pays for a fold of their whole history: ~1.1 and ~1.6 s for
 * New York's 64,601 events, measured. It reads and folds SLICE events at a time, leaving a fold
 * point every `points.every` events, and yields to the event loop in between, so requests keep
 * being served meanwhile; it is only a cache fill, so anything that fails here is logged and left
 * to the requests to fold.
 */
export async function warmLargeStreams(
  store: EventStore,
  points: FoldPoints,
  cache: StateCache,
  report: WarmUpReport,
  shouldStop: () => boolean = () => false,
  slice: bigint = SLICE,
): Promise<WarmUpReport> {
  const started = performance.now();
  const every = BigInt(points.every);
  const large: { agencyId: string; head: bigint }[] = [];
  for await (const { streamId, head } of store.listStreams()) {
    const agencyId = agencyIdOf(streamId);
    if (agencyId !== null && head.revision + 1n >= every) large.push({ agencyId, head: head.revision });
  }
  large.sort((a, b) => (a.head > b.head ? -1 : a.head < b.head ? 1 : 0));
  for (const { agencyId, head } of large.slice(0, points.maxStreams)) {
    const streamId = agencyStream(agencyId);
    let at: FoldPoint | undefined;
    for (let from = 0n; from <= head; from += slice) {
      if (shouldStop()) return finish(report, 'stopped', started);
      const to = from + slice - 1n < head ? from + slice - 1n : head;
      at =
        foldFrom(at, await store.readStream(streamId, { fromRevision: from, toRevision: to }), {
          points,
          streamId,
        }) ?? at;
      await yieldToLoop();
    }
    if (at)
      cache.set(agencyCacheKey(agencyId), { revision: at.revision, position: at.position, state: at.state });
    report.streams.push(agencyId);
    report.events += Number(head) + 1;
  }
  return finish(report, 'done', started);
}

function finish(report: WarmUpReport, state: WarmUpReport['state'], started: number): WarmUpReport {
  report.state = state;
  report.ms = Math.round(performance.now() - started);
  return report;
}

/** The warm-up as a Nest provider: main.ts starts it once the server listens; shutdown stops it. */
@Injectable()
export class LargeStreamWarmUp implements OnApplicationShutdown {
  private readonly logger = new Logger('WarmUp');
  readonly report: WarmUpReport = { state: 'not-started', streams: [], events: 0, ms: 0 };
  private running: Promise<unknown> | null = null;
  private stopping = false;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly points: FoldPoints,
    private readonly cache: StateCache,
  ) {}

  start(): void {
    if (this.running) return;
    this.report.state = 'running';
    this.running = warmLargeStreams(
      this.store,
      this.points,
      this.cache,
      this.report,
      () => this.stopping,
    ).then(
      (r) =>
        this.logger.log({
          msg: 'large agencies folded',
          state: r.state,
          agencies: r.streams.length,
          events: r.events,
          ms: r.ms,
        }),
      (err: unknown) => {
        this.report.state = 'failed';
        this.report.error = err instanceof Error ? err.message : String(err);
        this.logger.warn({
          msg: 'warm-up of large agencies failed; their first requests fold instead',
          error: this.report.error,
        });
      },
    );
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    await this.running;
  }
}
