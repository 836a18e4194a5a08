import fc from 'fast-check';
import { PersistentMap } from './persistent-map.js';

const seed = Number(process.env.FC_SEED ?? Date.now());
console.log(`persistent-map properties: FC_SEED=${seed}`);

describe('PersistentMap', () => {
  it('behaves like a Map and never changes an earlier version', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.string({ maxLength: 4 }), fc.integer())), (writes) => {
        const reference = new Map<string, number>();
        let map = PersistentMap.empty<number>();
        const versions: [PersistentMap<number>, Map<string, number>][] = [];
        for (const [k, v] of writes) {
          versions.push([map, new Map(reference)]);
          map = map.set(k, v);
          reference.set(k, v);
        }
        expect(map.size).toBe(reference.size);
        expect(new Map(map.entries())).toEqual(reference);
        for (const [old, snapshot] of versions) expect(new Map(old)).toEqual(snapshot);
      }),
      { seed, numRuns: 1000 },
    );
  });
  it('holds a 32,300-officer roster (New York) without copying it per write', () => {
    let map = PersistentMap.empty<number>();
    for (let i = 0; i < 32_300; i += 1) map = map.set(`NYPD-${i}`, i).set(`NYPD-${i}`, i + 1);
    expect(map.size).toBe(32_300);
    expect(map.get('NYPD-6460')).toBe(6461);
    expect(map.has('NYPD-32300')).toBe(false);
  });
});
