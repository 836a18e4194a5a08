/**
 * Reads of one kind that callers issue while earlier ones are on the wire, sent together as one
 * statement (the reads' group commit). Every command reads its stream and its context (the
 * programme catalogue) before deciding: two queries per command, each a round trip and ~150 µs of
 * the `pg` driver's socket write on this machine (docs/benchmarks.md, PostgreSQL, 2026-12-07
 * evening). With 64 clients those reads arrive together; one statement serves them all.
 *
 * A read is sent once no more than `maxInFlight` statements of its kind are running, so an idle
 * process sends a lone read at once (as the plain statement, the same plan as before) and a busy one
 * waits at most for a statement in flight to return while later reads join it. Each statement
 * starts after every read it carries was asked for, so each still sees every commit acknowledged
 * before it was asked (read-your-writes, and a head at least as new as the caller's last append).
 */
export class CoalescedReads<Q, R> {
  private pending: { query: Q; resolve: (r: R) => void; reject: (e: unknown) => void }[] = [];
  private inFlight = 0;
  private scheduled = false;

  constructor(
    /** One statement answering every query, in order; `queries.length` is ≥ 1. */
    private readonly run: (queries: Q[]) => Promise<R[]>,
    private readonly maxInFlight = 2,
    private readonly maxBatch = 256,
  ) {}

  read(query: Q): Promise<R> {
    return new Promise((resolve, reject) => {
      this.pending.push({ query, resolve, reject });
      this.schedule();
    });
  }

  /** After the current I/O phase: the reads its other callbacks ask for join the statement. */
  private schedule(): void {
    if (this.scheduled || this.inFlight >= this.maxInFlight || !this.pending.length) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.send();
    });
  }

  private send(): void {
    while (this.inFlight < this.maxInFlight && this.pending.length) {
      const batch = this.pending.splice(0, this.maxBatch);
      this.inFlight += 1;
      this.run(batch.map((b) => b.query))
        .then(
          (results) => batch.forEach((b, i) => b.resolve(results[i])),
          (error) => batch.forEach((b) => b.reject(error)),
        )
        .finally(() => {
          this.inFlight -= 1;
          this.send(); // reads that queued behind the statements in flight go now, together
        });
    }
  }
}
