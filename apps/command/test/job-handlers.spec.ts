import { UnrecoverableError } from 'bullmq';
import { DomainError } from '#domain';
import type { JobHandlers } from '#jobs';
import { completeHandlers, unlessRefused } from '../src/infra/job-handlers.js';

const noop = async () => undefined;
const timers = {
  handlers: { 'deadline-reminder': noop, 'pledge-lapse': noop, 'certification-expiry': noop },
};
const documents = {
  handlers: { 'issue-certificate': noop, 'issue-letter': noop, 'feature-newsletter': noop },
};
const mail = { handlers: { 'send-reminder-mail': noop, 'send-notification': noop } };

describe('job handlers', () => {
  it('joins the features into one handler per job name', () => {
    const all: JobHandlers = completeHandlers(timers, documents, mail);
    expect(Object.keys(all).sort()).toEqual([
      'certification-expiry',
      'deadline-reminder',
      'feature-newsletter',
      'issue-certificate',
      'issue-letter',
      'pledge-lapse',
      'send-notification',
      'send-reminder-mail',
    ]);
  });

  it('a job name without a handler does not compile (the type-check step of npm test holds this)', () => {
    // @ts-expect-error -- the mail jobs have no handler: without this error the type-check fails
    const incomplete: JobHandlers = completeHandlers(timers, documents);
    expect(Object.keys(incomplete)).toHaveLength(6);
  });

  it('start-up refuses a job name handled twice', () => {
    expect(() => completeHandlers(timers, documents, mail, { handlers: { 'pledge-lapse': noop } })).toThrow(
      /pledge-lapse handled twice/,
    );
  });

  it('a business refusal fails the job for good; anything else is retried', async () => {
    await expect(
      unlessRefused(() => Promise.reject(new DomainError('agency-not-found', 'no such agency'))),
    ).rejects.toBeInstanceOf(UnrecoverableError);
    const io = new Error('SQLITE_BUSY');
    await expect(unlessRefused(() => Promise.reject(io))).rejects.toBe(io);
  });
});
