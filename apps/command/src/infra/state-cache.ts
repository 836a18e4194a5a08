/**
 * Folded states by stream, so a command on a 65,000-event agency reads only the events appended
 * since it was last decided (P4) instead of the whole history. Safe because events are immutable
 * and states are never mutated (evolve copies; large maps are persistent): a cached state at
 * revision N plus the events after N is exactly the full fold. Several instances each keep their
 * own cache; none is ever trusted without reading the log past it. Bounded LRU.
 */
export interface CachedState<S> {
  revision: bigint;
  position: bigint;
  state: S;
}

export class StateCache {
  private readonly entries = new Map<string, CachedState<unknown>>();
  private readonly queues = new Map<string, Promise<void>>();
  hits = 0;
  misses = 0;

  constructor(private readonly maxEntries = 512) {}

  get<S>(key: string): CachedState<S> | undefined {
    const entry = this.entries.get(key) as CachedState<S> | undefined;
    if (!entry) {
      this.misses += 1;
      return undefined;
    }
    this.hits += 1;
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry;
  }

  set<S>(key: string, value: CachedState<S>): void {
    const current = this.entries.get(key);
    if (current && current.revision > value.revision) return;
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
  }

  clear(): void {
    this.entries.clear();
  }

  /**
   * Runs `fn` after every earlier call for the same key has settled: this process decides one
   * command per stream at a time (P1). Two commands on one agency no longer read the same head, both
   * decide, and one fails its expected revision in the group commit and retries after a random pause
   * (the p99 of a busy agency); the second now decides on the first's committed state, in the next
   * commit. Deciding on the first's *pending* state was tried and is wrong: revisions count events,
   * they do not name them, so if another instance appends first, the second decision's expected
   * revision can match a log that lacks the first's events.
   */
  async exclusive<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(key);
    let release!: () => void;
    const mine = new Promise<void>((resolve) => (release = resolve));
    const tail = previous ? previous.then(() => mine) : mine;
    this.queues.set(key, tail);
    try {
      if (previous) await previous;
      return await fn();
    } finally {
      release();
      if (this.queues.get(key) === tail) this.queues.delete(key);
    }
  }
}
