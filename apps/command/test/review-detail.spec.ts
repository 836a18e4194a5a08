import { withWaiting } from '../src/queries/review-detail.js';

describe('the review queue: how long a submission has waited', () => {
  it('counts whole UTC days from the submission date to today', () => {
    const item = { agencyId: 'a', submittedAt: '2026-11-27T23:59:00.000Z' };
    expect(withWaiting(item, '2026-12-01')).toEqual({
      ...item,
      waitingSince: '2026-11-27T23:59:00.000Z',
      waitingDays: 4,
    });
    expect(withWaiting(item, '2026-11-27').waitingDays).toBe(0);
    // across a month and a year end
    expect(withWaiting({ submittedAt: '2025-12-30T08:00:00Z' }, '2026-01-02').waitingDays).toBe(3);
  });
});
