/**
 * An immutable string-keyed map with structural sharing. `evolve` must never mutate a state handed
 * out earlier, but copying a whole 32,300-officer Map for each of ~65,000 roster and training events
 * would make a fold quadratic (billions of copies). Here a `set` copies two 64-slot arrays and one
 * small leaf Map, so folding the largest agency stays linear.
 */
const FANOUT = 64;

type Leaf<V> = ReadonlyMap<string, V>;
type Branch<V> = readonly (Leaf<V> | undefined)[];

// FNV-1a: cheap, deterministic, well spread for short ids such as officer references.
function hash(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i += 1) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

export class PersistentMap<V> implements Iterable<[string, V]> {
  private constructor(
    private readonly root: readonly (Branch<V> | undefined)[],
    readonly size: number,
  ) {}

  static empty<V>(): PersistentMap<V> {
    return new PersistentMap<V>(new Array(FANOUT).fill(undefined), 0);
  }

  static from<V>(entries: Iterable<[string, V]>): PersistentMap<V> {
    let map = PersistentMap.empty<V>();
    for (const [k, v] of entries) map = map.set(k, v);
    return map;
  }

  get(key: string): V | undefined {
    const h = hash(key);
    return this.root[h % FANOUT]?.[(h >>> 6) % FANOUT]?.get(key);
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  /** A new map with `key` set; this one is left untouched. */
  set(key: string, value: V): PersistentMap<V> {
    const h = hash(key);
    const [i, j] = [h % FANOUT, (h >>> 6) % FANOUT];
    const branch = [...(this.root[i] ?? new Array<Leaf<V> | undefined>(FANOUT).fill(undefined))];
    const leaf = new Map(branch[j] ?? []);
    const added = leaf.has(key) ? 0 : 1;
    leaf.set(key, value);
    branch[j] = leaf;
    const root = [...this.root];
    root[i] = branch;
    return new PersistentMap(root, this.size + added);
  }

  *entries(): IterableIterator<[string, V]> {
    for (const branch of this.root) {
      if (!branch) continue;
      for (const leaf of branch) if (leaf) yield* leaf.entries();
    }
  }

  *values(): IterableIterator<V> {
    for (const [, v] of this.entries()) yield v;
  }

  *keys(): IterableIterator<string> {
    for (const [k] of this.entries()) yield k;
  }

  [Symbol.iterator](): IterableIterator<[string, V]> {
    return this.entries();
  }
}
