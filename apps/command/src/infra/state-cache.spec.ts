import { StateCache } from './state-cache.js';

const at = (revision: number, state = `s${revision}`) => ({
  revision: BigInt(revision),
  position: BigInt(revision + 100),
  state,
});

describe('StateCache bounds', () => {
  it('keeps at most maxEntries streams, dropping the least recently used', () => {
    const cache = new StateCache(2, 1_000);
    cache.set('a', at(0));
    cache.set('b', at(0));
    cache.get('a');
    cache.set('c', at(0));
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')?.state).toBe('s0');
    expect(cache.get('c')?.state).toBe('s0');
    expect(cache.size).toEqual({ entries: 2, events: 2 });
  });

  it('keeps the folded events under maxEvents, counting a replaced state once', () => {
    const cache = new StateCache(100, 10);
    cache.set('a', at(3)); // 4 events
    cache.set('b', at(3)); // 8
    cache.set('a', at(5)); // a replaced: 4 + 6 = 10
    expect(cache.size).toEqual({ entries: 2, events: 10 });
    cache.set('c', at(0)); // 11 > 10: b (least recently used) goes
    expect(cache.get('b')).toBeUndefined();
    expect(cache.size).toEqual({ entries: 2, events: 7 });
  });

  it('keeps the newest state even when it alone is over the event bound', () => {
    const cache = new StateCache(100, 10);
    cache.set('small', at(1));
    cache.set('huge', at(64_600));
    expect(cache.get('huge')?.revision).toBe(64_600n);
    expect(cache.get('small')).toBeUndefined();
    expect(cache.size).toEqual({ entries: 1, events: 64_601 });
  });

  it('never goes back to an older revision', () => {
    const cache = new StateCache();
    cache.set('a', at(7));
    cache.set('a', at(6));
    expect(cache.get('a')?.revision).toBe(7n);
    expect(cache.size.events).toBe(8);
  });
});
