import { readFileSync } from 'node:fs';
import { DomainError } from '#domain';
import { CommandRefused } from '../src/infra/command-refused.js';
import { refusalProblem, statusOf } from '../src/infra/problem-codes.js';

/** Issue 15: refusals are HTTP-free; the edge's table gives API.md's statuses. */
describe('refusal codes → HTTP statuses (the edge table)', () => {
  it('a business rule that says no is 422 with its code and errors', () => {
    const p = refusalProblem(new DomainError('already-pledged', 'no', [{ path: 'x', message: 'y' }]));
    expect(p?.details).toMatchObject({
      status: 422,
      code: 'already-pledged',
      type: 'https://onemind.example/problems/already-pledged',
      errors: [{ path: 'x', message: 'y' }],
    });
  });

  it('every code the domain documents with another status maps to it', () => {
    // agency.commands.ts and catalogue.commands.ts list codes as `code (404)`: the table must agree.
    const docs = ['agency/agency.commands.ts', 'programs/catalogue.commands.ts']
      .map((f) => readFileSync(new URL(`../../../libs/domain/src/${f}`, import.meta.url), 'utf8'))
      .join('\n');
    const noted = [...docs.matchAll(/([a-z][a-z-]+) \((\d{3})\)/g)].map((m) => [m[1], Number(m[2])]);
    expect(noted.length).toBeGreaterThanOrEqual(4);
    for (const [code, status] of noted) expect([code, statusOf(code as string)]).toEqual([code, status]);
  });

  it("the command path's refusals: 409s, and 503 with Retry-After for contention", () => {
    for (const code of [
      'idempotency-key-reused',
      'stale-revision',
      'claim-taken',
      'agency-id-taken',
    ] as const)
      expect(refusalProblem(new CommandRefused(code, 'x'))?.details.status).toBe(409);
    const busy = refusalProblem(new CommandRefused('contention', 'busy'));
    expect([busy?.details.status, busy?.headers]).toEqual([503, { 'Retry-After': '1' }]);
    expect(new CommandRefused('contention', 'busy').retryable).toBe(true);
    expect(new CommandRefused('stale-revision', 'x').retryable).toBe(false);
  });

  it('anything else is not a refusal', () => {
    expect(refusalProblem(new Error('disk'))).toBeNull();
  });
});
