/**
 * Notices read models that are behind the log and not moving (G13). The clock starts at the first
 * look that finds them behind at a position, not at their last move: after an idle hour the first
 * new event would otherwise look like an hour without progress.
 */
export class ProgressWatch {
  private behind: { position: bigint; since: number } | null = null;

  constructor(
    private readonly stallMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Throws when `position` has stayed below `head` for at least stallMs. */
  check(position: bigint, head: bigint): void {
    if (head <= position) {
      this.behind = null;
      return;
    }
    if (this.behind?.position !== position) this.behind = { position, since: this.now() };
    const stalled = this.now() - this.behind.since;
    if (stalled >= this.stallMs) {
      throw new Error(
        `read models stuck at ${position}, ${head - position} events behind the log, for ${Math.round(stalled / 1000)} s`,
      );
    }
  }
}
