import { CoalescedReads } from './coalesced-reads.js';

/** A statement runner that records what each statement carried and answers when told to. */
function statements() {
  const sent: { queries: number[]; answer: () => void; fail: (e: Error) => void }[] = [];
  const run = (queries: number[]) =>
    new Promise<number[]>((resolve, reject) => {
      sent.push({ queries, answer: () => resolve(queries.map((q) => q * 10)), fail: reject });
    });
  return { sent, run };
}
const tick = () => new Promise((r) => setImmediate(r));

describe('CoalescedReads', () => {
  it('sends reads asked for in one tick as one statement and deals the answers back in order', async () => {
    const { sent, run } = statements();
    const reads = new CoalescedReads(run, 2);
    const answers = Promise.all([1, 2, 3].map((q) => reads.read(q)));
    await tick();
    expect(sent.map((s) => s.queries)).toEqual([[1, 2, 3]]);
    sent[0].answer();
    expect(await answers).toEqual([10, 20, 30]);
  });

  it('holds reads while maxInFlight statements run, then sends them together; never adds to a sent one', async () => {
    const { sent, run } = statements();
    const reads = new CoalescedReads(run, 1);
    const first = reads.read(1);
    await tick();
    const later = [reads.read(2), reads.read(3)];
    await tick();
    expect(sent.map((s) => s.queries)).toEqual([[1]]);
    sent[0].answer();
    expect(await first).toBe(10);
    await tick();
    expect(sent.map((s) => s.queries)).toEqual([[1], [2, 3]]);
    sent[1].answer();
    expect(await Promise.all(later)).toEqual([20, 30]);
  });

  it('a failed statement fails its own reads only; the next reads go on', async () => {
    const { sent, run } = statements();
    const reads = new CoalescedReads(run, 2);
    const failing = [reads.read(1), reads.read(2)].map((p) => p.catch((e: Error) => e.message));
    await tick();
    sent[0].fail(new Error('gone'));
    expect(await Promise.all(failing)).toEqual(['gone', 'gone']);
    const next = reads.read(4);
    await tick();
    sent[1].answer();
    expect(await next).toBe(40);
  });

  it('caps a statement at maxBatch reads', async () => {
    const { sent, run } = statements();
    const reads = new CoalescedReads(run, 2, 2);
    const all = Promise.all([1, 2, 3, 4, 5].map((q) => reads.read(q)));
    await tick();
    await tick();
    expect(sent.map((s) => s.queries)).toEqual([
      [1, 2],
      [3, 4],
    ]);
    sent[0].answer();
    await tick();
    await tick();
    expect(sent.map((s) => s.queries)).toEqual([[1, 2], [3, 4], [5]]);
    sent[1].answer();
    sent[2].answer();
    expect(await all).toEqual([10, 20, 30, 40, 50]);
  });
});
