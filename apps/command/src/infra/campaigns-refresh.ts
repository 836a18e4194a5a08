import {
  Inject,
  Injectable,
  Logger,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { catchError, defer, from, mergeMap, type Observable } from 'rxjs';
import { findCampaign, findRuleSet, learnFromEvents, UnknownRuleSetError } from '#domain';
import { isStoreUnavailable, type EventStore } from '#event-store';
import { CAMPAIGNS_STREAM } from '#events';
import { EVENT_STORE } from './tokens.js';

/** How stale this process's campaigns may be when another instance published (ADR 0009). */
export const CAMPAIGNS_REFRESH_MS = 1_000;

/**
 * Keeps this process's campaign registry (libs/domain campaigns/registry.ts) up with the
 * `campaigns` stream: at start, after a publication here, every second for publications by other
 * instances (also what lets a document or mail job of such a campaign succeed on its retry), and at
 * once when a request meets a rule set it does not know. Each refresh reads only the events after
 * the last one learnt (usually none: one indexed query a second).
 */
@Injectable()
export class CampaignsRefresh implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | null = null;
  /** The campaigns stream's next revision to read: each refresh reads only what is new. */
  private next = 0n;
  private readonly logger = new Logger('CampaignsRefresh');

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  /**
   * A log whose database does not answer at start does not stop the app (it starts, not ready, and
   * writes answer 503 meanwhile): the timer learns the campaigns once it answers, and a request
   * that meets an unknown rule set before then refreshes itself.
   */
  async onApplicationBootstrap() {
    await this.refresh().catch((error: unknown) => {
      if (!isStoreUnavailable(error)) throw error;
      this.logger.warn(`campaigns not read at start, retried every second: ${error.message}`);
    });
    this.timer = setInterval(() => void this.refresh().catch(() => undefined), CAMPAIGNS_REFRESH_MS);
    this.timer.unref();
  }

  onApplicationShutdown() {
    clearInterval(this.timer);
  }

  /** The number of rule sets learnt; concurrent callers share one read. */
  refresh(): Promise<number> {
    this.running ??= this.store
      .readStream(CAMPAIGNS_STREAM, { fromRevision: this.next })
      .then((events) => {
        const learnt = learnFromEvents(events);
        if (events.length) this.next = events[events.length - 1].revision + 1n;
        return learnt;
      })
      .finally(() => (this.running = null));
    return this.running;
  }
}

interface SeenRequest {
  method?: string;
  params?: Record<string, string | undefined>;
  body?: unknown;
}

const MAX_ROWS_LOOKED_AT = 100;

/** Whether the request names, in its path or its JSON body (or a bulk body's rows), an unknown id. */
function namesUnknown({ params, body }: SeenRequest): boolean {
  if (params?.campaignId !== undefined && !findCampaign(params.campaignId)) return true;
  const ruleSetOf = (x: unknown) =>
    x !== null && typeof x === 'object' && typeof (x as { ruleSet?: unknown }).ruleSet === 'string'
      ? (x as { ruleSet: string }).ruleSet
      : undefined;
  const rows =
    body !== null && typeof body === 'object' && Array.isArray((body as { rows?: unknown }).rows)
      ? (body as { rows: unknown[] }).rows.slice(0, MAX_ROWS_LOOKED_AT)
      : [];
  return [body, ...rows].some((x) => {
    const id = ruleSetOf(x);
    return id !== undefined && !findRuleSet(id);
  });
}

/**
 * A read that met a rule set this process has not learnt yet (published by another instance a
 * moment ago) refreshes and is answered again, once; a write that names one (or an unknown
 * campaign) refreshes first, and is also retried by the agency command handler itself if its
 * stream names one. Global, so every route is covered.
 */
@Injectable()
export class CampaignsRefreshInterceptor implements NestInterceptor {
  constructor(private readonly campaigns: CampaignsRefresh) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<SeenRequest>();
    const method = request.method;
    if (method !== 'GET' && method !== 'HEAD') {
      // A write naming a campaign or rule set this process has not learnt: refresh before the
      // body is validated (the validators know only the learnt ones) and before the decider runs
      // (a campaign in the path is not a rule set, so its refusal is not retried there).
      if (!namesUnknown(request)) return next.handle();
      return from(this.campaigns.refresh()).pipe(mergeMap(() => next.handle()));
    }
    return next
      .handle()
      .pipe(
        catchError((error: unknown) =>
          error instanceof UnknownRuleSetError
            ? from(this.campaigns.refresh()).pipe(
                mergeMap((learnt) => (learnt > 0 ? defer(() => next.handle()) : Promise.reject(error))),
              )
            : Promise.reject(error),
        ),
      );
  }
}
