/**
 * The command path's own refusals (not a business rule): a reused idempotency key, a pinned revision
 * that moved, a taken claim, a stream too busy to win. HTTP-free, like DomainError, because timers
 * and document jobs run the same path; the command app maps `code` to a status at its edge
 * (problem-codes.ts). `retryable`: the same command may succeed later (a job retries it).
 */
export type CommandRefusalCode =
  | 'idempotency-key-reused'
  | 'stale-revision'
  | 'claim-taken'
  | 'agency-id-taken'
  | 'certificate-number-taken'
  | 'contention';

export class CommandRefused extends Error {
  constructor(
    readonly code: CommandRefusalCode,
    message: string,
  ) {
    super(message);
    this.name = 'CommandRefused';
  }

  get retryable(): boolean {
    return this.code === 'contention';
  }
}
