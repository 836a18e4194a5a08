import { isStorageFull } from '#event-store';
import { logJson } from '#config';

const FIRST_BACKOFF_MS = 100;
/** Also the longest a stop waits for a sleeping retry. */
const MAX_BACKOFF_MS = 2_000;

/**
 * Runs one subscriber batch, retrying it with backoff while it fails for lack of space or an I/O
 * error (G13): nothing of a failed batch committed, so the same batch is applied again once space
 * is back, without a restart. Any other error is thrown at once: a handler that throws is a bug,
 * and its projection stops visibly rather than skipping the event (G4).
 */
export class BatchRetry {
  private failing: { since: string; error: string } | null = null;
  private busySince: number | null = null;

  constructor(
    private readonly name: string,
    /** ONEMIND_PROJECTOR_STALL_MS (config.projector.stallMs). */
    private readonly stallMs: number,
    /** Which failures are retried (PostgreSQL: also a database that is away, G11). */
    private readonly retryable: (error: unknown) => boolean = isStorageFull,
    /** What such a failure is, in the log and in readiness. */
    private readonly words = {
      failed: 'batch failed for lack of storage; retrying with backoff',
      recovered: 'storage writable again; batch applied',
      failing: 'storage full or failing',
    },
  ) {}

  async run(batch: () => unknown, stopped: () => boolean): Promise<void> {
    this.busySince = Date.now();
    try {
      for (let backoff = FIRST_BACKOFF_MS; ; backoff = Math.min(backoff * 2, MAX_BACKOFF_MS)) {
        try {
          await batch();
          if (this.failing)
            logJson('info', {
              msg: this.words.recovered,
              subscriber: this.name,
              failingSince: this.failing.since,
            });
          this.failing = null;
          return;
        } catch (error) {
          if (!this.retryable(error)) throw error;
          this.noteFailure(error);
        }
        // Stopping: the batch stays unapplied and the next start resumes from the checkpoint.
        if (stopped()) return;
        await new Promise((r) => setTimeout(r, backoff));
        if (stopped()) return;
      }
    } finally {
      this.busySince = null;
    }
  }

  /** Why this subscriber is not progressing (readiness fails), or null. */
  problem(): string | null {
    if (this.failing)
      return `${this.words.failing} since ${this.failing.since}, retrying: ${this.failing.error}`;
    const busyMs = this.busySince === null ? 0 : Date.now() - this.busySince;
    return busyMs >= this.stallMs
      ? `one batch has been in progress for ${Math.round(busyMs / 1000)} s`
      : null;
  }

  private noteFailure(error: unknown): void {
    const text =
      error instanceof Error
        ? `${(error as { code?: string }).code ?? ''} ${error.message}`.trim()
        : String(error);
    if (!this.failing)
      logJson('error', {
        msg: this.words.failed,
        subscriber: this.name,
        error: text,
      });
    this.failing = { since: this.failing?.since ?? new Date().toISOString(), error: text };
  }
}
