/**
 * Folded states by stream, so a command on a 65,000-event agency reads only the events appended
 * since it was last decided (P4) instead of the whole history. Safe because events are immutable
 * and states are never mutated (evolve copies; large maps are persistent): a cached state at
 * revision N plus the events after N is exactly the full fold. Several instances each keep their
 * own cache; none is ever trusted without reading the log past it.
 *
 * Bounded LRU, by entries and by the events the cached states fold (a state's size grows with its
 * stream): 20,000 streams — the whole field's agencies — and 500,000 events, about 150 MB of
 * states. The first bound was 512 streams: with 1,000 agencies active (bench P1, full mode) every
 * command missed and re-folded its agency, and the write path without HTTP fell from 3,013 to 2,083
 * commands/s within one run as the streams grew (a steady ~6,000 since).
 */
export interface CachedState<S> {
  revision: bigint;
  position: bigint;
  state: S;
}

export class StateCache {
  private readonly entries = new Map<string, CachedState<unknown>>();
  private readonly queues = new Map<string, Promise<void>>();
  private weight = 0;
  hits = 0;
  misses = 0;

  constructor(
    private readonly maxEntries = 20_000,
    private readonly maxEvents = 500_000,
  ) {}

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
    this.remove(key);
    this.entries.set(key, value);
    this.weight += weightOf(value);
    // The entry just set stays even alone over the event bound: the next command needs it.
    while (this.entries.size > 1 && (this.entries.size > this.maxEntries || this.weight > this.maxEvents)) {
      this.remove(this.entries.keys().next().value as string);
    }
  }

  /** Streams and folded events held now (tests, and the bounds above). */
  get size(): { entries: number; events: number } {
    return { entries: this.entries.size, events: this.weight };
  }

  clear(): void {
    this.entries.clear();
    this.weight = 0;
  }

  private remove(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.weight -= weightOf(entry);
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

/** A state's cost in events: its stream's revision + 1 (revisions count from 0). */
const weightOf = (entry: CachedState<unknown>): number => Number(entry.revision) + 1;
