/**
 * An immutable string-keyed map with structural sharing. `evolve` must never mutate a state handed
 * out earlier, but copying a whole 32,300-officer Map for each of ~65,000 roster and training events
 * would make a fold quadratic (billions of copies). This is a fixed-depth trie on the key's hash:
 * a `set` copies one small array per level and one leaf, so folding the largest agency stays linear
 * and allocates little (garbage collection dominated the first, wider version).
 */
const BITS = 4;
const FANOUT = 1 << BITS;
const DEPTH = 3; // 16^3 = 4,096 leaves: a few entries each for the largest roster

// A leaf holds the entries whose hash lands in it: at that size an array is cheaper than a Map.
type Leaf<V> = readonly (readonly [string, V])[];
type Node<V> = readonly (Node<V> | Leaf<V> | undefined)[];

// FNV-1a: cheap, deterministic, well spread for short ids such as officer references.
function hash(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i += 1) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
const slot = (h: number, level: number): number => (h >>> (level * BITS)) & (FANOUT - 1);

export class PersistentMap<V> implements Iterable<[string, V]> {
  private constructor(
    private readonly root: Node<V>,
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
    let node: Node<V> | Leaf<V> | undefined = this.root;
    for (let level = 0; level < DEPTH && node; level += 1) node = (node as Node<V>)[slot(h, level)];
    const entry = (node as Leaf<V> | undefined)?.find((e) => e[0] === key);
    return entry?.[1];
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  /** A new map with `key` set; this one is left untouched. */
  set(key: string, value: V): PersistentMap<V> {
    const h = hash(key);
    let added = 1;
    const write = (node: Node<V> | Leaf<V> | undefined, level: number): Node<V> | Leaf<V> => {
      if (level === DEPTH) {
        const leaf = node ? (node as Leaf<V>).slice() : [];
        const at = leaf.findIndex((e) => e[0] === key);
        if (at >= 0) added = 0;
        if (at >= 0) leaf[at] = [key, value];
        else leaf.push([key, value]);
        return leaf;
      }
      const copy = node ? (node as Node<V>).slice() : new Array<undefined>(FANOUT).fill(undefined);
      copy[slot(h, level)] = write(copy[slot(h, level)], level + 1);
      return copy;
    };
    const root = write(this.root, 0) as Node<V>;
    return new PersistentMap(root, this.size + added);
  }

  *entries(): IterableIterator<[string, V]> {
    const walk = function* (node: Node<V> | Leaf<V> | undefined, level: number): Generator<[string, V]> {
      if (!node) return;
      if (level === DEPTH) for (const [k, v] of node as Leaf<V>) yield [k, v];
      else for (const child of node as Node<V>) yield* walk(child, level + 1);
    };
    yield* walk(this.root, 0);
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
