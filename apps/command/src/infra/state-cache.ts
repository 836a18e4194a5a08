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
}
