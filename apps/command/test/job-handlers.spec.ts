import { UnrecoverableError } from 'bullmq';
import { DomainError } from '../../../libs/domain/src/index.js';
import { completeHandlers, unlessRefused } from '../src/queues/job-handlers.js';

const noop = async () => undefined;

describe('job handlers', () => {
  it('start-up refuses a job name without a handler, or with two', () => {
    const all = { handlers: { 'deadline-reminder': noop, 'pledge-lapse': noop, 'issue-certificate': noop, 'issue-letter': noop, 'feature-newsletter': noop, 'send-reminder-mail': noop } };
    expect(Object.keys(completeHandlers(all))).toHaveLength(6);
    expect(() => completeHandlers({ handlers: { 'pledge-lapse': noop } })).toThrow(/missing deadline-reminder/);
    expect(() => completeHandlers(all, { handlers: { 'pledge-lapse': noop } })).toThrow(/twice pledge-lapse/);
  });

  it('a business refusal fails the job for good; anything else is retried', async () => {
    await expect(unlessRefused(() => Promise.reject(new DomainError('agency-not-found', 'no such agency', [], 404)))).rejects.toBeInstanceOf(UnrecoverableError);
    const io = new Error('SQLITE_BUSY');
    await expect(unlessRefused(() => Promise.reject(io))).rejects.toBe(io);
  });
});
