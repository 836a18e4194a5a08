import { ProgressWatch } from './progress-watch.js';

describe('ProgressWatch (G13: a projector that stopped behind the log)', () => {
  let now = 0;
  const watch = () => new ProgressWatch(1000, () => now);

  it('fails once the position has not moved behind the head for the stall time', () => {
    const w = watch();
    now = 0;
    w.check(10n, 1011n);
    now = 999;
    expect(() => w.check(10n, 1011n)).not.toThrow();
    now = 1000;
    expect(() => w.check(10n, 1011n)).toThrow('read models stuck at 10, 1001 events behind the log');
  });

  it('restarts the clock when the position moves or the head is reached', () => {
    const w = watch();
    now = 0;
    w.check(10n, 20n);
    now = 900;
    w.check(11n, 20n);
    now = 1800;
    expect(() => w.check(11n, 20n)).not.toThrow();
    w.check(20n, 20n);
    now = 5000;
    expect(() => w.check(20n, 21n)).not.toThrow(); // idle for long, then one new event: not a stall
  });
});
