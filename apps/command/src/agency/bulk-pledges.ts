import { Inject, Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import type { Principal } from '#auth';
import type { EventStore } from '#event-store';
import { agencyStream } from '#events';
import { ProblemFilter } from '../infra/problem.filter.js';
import { ProblemException, problem } from '../infra/problem.js';
import { EVENT_STORE } from '../infra/tokens.js';
import { idempotencyFor, type Idempotency, type WriteMeta } from '../infra/write-request.js';
import { ExecuteAgencyCommand } from './agency-command.handler.js';
import type { BulkPledgeRow } from './bulk-pledge.request.js';

export type BulkPledgeResult = { index: number; agencyId: string } & (
  | { outcome: 'pledged'; revision: string; position: string }
  | {
      outcome: 'already-pledged';
      /** `same-key`: this row's key answered before (an earlier run); `exists`: the agency was already there. */
      reason: 'same-key' | 'exists';
    }
  | {
      /** What the single route would have answered for this row (409 agency-id-taken, 422 …). */
      outcome: 'failed';
      status: number;
      code?: string;
      detail: string;
      errors?: { path: string; message: string }[];
    }
);

export interface BulkPledgeAnswer {
  pledged: number;
  alreadyPledged: number;
  failed: number;
  /** The highest position appended (X-Min-Position for reading them back); null when nothing was. */
  position: string | null;
  /** Every event appended, as a single write lists its own (one PledgeTaken per pledged row). */
  events: { agencyId: string; type: string; revision: string }[];
  results: BulkPledgeResult[];
}

/** Agencies whose rows run at once; each agency's own rows run one after another, in row order. */
const PARALLEL_AGENCIES = 8;

type Checked = { index: number; row: BulkPledgeRow; body: Record<string, unknown> };

/**
 * `POST /v1/pledges/bulk` (staff migrations: `onemind import-agencies`). Each row is its own
 * TakePledge command with its own idempotency key, as if sent to the single pledge route, so a
 * row the business rules refuse fails alone. A row for an agency that already exists — in any
 * status — is answered `already-pledged` without a command: an import creates agencies, it never
 * opens a new cycle for one that lapsed or withdrew (the single route does, deliberately). A server-side
 * failure (5xx: storage full, contention) fails the whole request with its own problem and
 * Retry-After; the rows done before it are kept and a retry with the same keys answers them.
 */
@Injectable()
export class BulkPledges {
  constructor(
    private readonly commands: CommandBus,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  /**
   * `request`: the request's own write metadata (its id and X-Correlation-Id, shared by the rows);
   * `sent`: the rows as the client sent them, `rows` the same validated.
   */
  async run(
    request: WriteMeta,
    principal: Principal,
    sent: Record<string, unknown>[],
    rows: BulkPledgeRow[],
  ): Promise<BulkPledgeAnswer> {
    if (request.idempotency !== undefined)
      throw new ProblemException(
        problem(400, 'a bulk request takes no Idempotency-Key: give each row its own idempotencyKey'),
      );
    if (request.ifMatch !== undefined)
      throw new ProblemException(
        problem(400, 'a bulk request takes no If-Match: each row is its own agency'),
      );
    // Each row's key is fingerprinted over the body the single route would have received, as sent.
    const checked: Checked[] = rows.map((row, index) => {
      const { agencyId: _a, idempotencyKey: _k, ...body } = sent[index];
      return { index, row, body };
    });
    const results: BulkPledgeResult[] = new Array(rows.length);
    const events: BulkPledgeAnswer['events'] = [];
    let fatal: unknown = null;
    const pledgeOne = async ({ index, row, body }: Checked): Promise<void> => {
      const { agencyId, idempotencyKey, ...data } = row;
      const idempotency =
        idempotencyKey === undefined
          ? undefined
          : idempotencyFor(principal, idempotencyKey, `POST /v1/agencies/${agencyId}/pledge`, body);
      try {
        const existing = await this.alreadyThere(agencyId, idempotency);
        if (existing) {
          results[index] = { index, agencyId, outcome: 'already-pledged', reason: existing };
          return;
        }
        const meta: WriteMeta = {
          principal,
          commandId: randomUUID(),
          correlationId: request.correlationId,
          causationId: request.commandId,
          idempotency,
        };
        const command = { type: 'TakePledge' as const, data: { ...data, agencyId } };
        const outcome = await this.commands.execute(new ExecuteAgencyCommand(agencyId, command, meta));
        results[index] = {
          index,
          agencyId,
          outcome: 'pledged',
          revision: String(outcome.revision),
          position: outcome.position.toString(),
        };
        for (const e of outcome.events)
          events.push({ agencyId, type: e.type, revision: e.revision.toString() });
      } catch (err) {
        const { details } = ProblemFilter.toProblem(err);
        if (details.code === 'already-pledged')
          results[index] = { index, agencyId, outcome: 'already-pledged', reason: 'exists' };
        else if (details.status >= 500) {
          fatal ??= err;
          results[index] = {
            index,
            agencyId,
            outcome: 'failed',
            status: details.status,
            detail: details.detail,
          };
        } else
          results[index] = {
            index,
            agencyId,
            outcome: 'failed',
            status: details.status,
            ...(details.code ? { code: details.code } : {}),
            detail: details.detail,
            ...(details.errors ? { errors: details.errors } : {}),
          };
      }
    };
    // Ids differing only in letter case are one agency to the store (its claim): one queue for them.
    const byAgency = new Map<string, Checked[]>();
    for (const c of checked) {
      const k = c.row.agencyId.toLowerCase();
      byAgency.set(k, [...(byAgency.get(k) ?? []), c]);
    }
    const queues = [...byAgency.values()];
    const worker = async () => {
      for (let q = queues.shift(); q; q = queues.shift()) for (const c of q) await pledgeOne(c);
    };
    await Promise.all(Array.from({ length: PARALLEL_AGENCIES }, worker));
    if (fatal) throw fatal;
    return summarize(results, events);
  }

  /** Cheap: the stream's head and, for an existing agency, whether this key was what created it. */
  private async alreadyThere(
    agencyId: string,
    idempotency: Idempotency | undefined,
  ): Promise<'same-key' | 'exists' | null> {
    if (!(await this.store.streamHead(agencyStream(agencyId)))) return null;
    const prior = idempotency ? await this.store.findIdempotency(idempotency.key) : null;
    return prior && prior.fingerprint === idempotency?.fingerprint ? 'same-key' : 'exists';
  }
}

function summarize(results: BulkPledgeResult[], events: BulkPledgeAnswer['events']): BulkPledgeAnswer {
  let position: bigint | null = null;
  const count = { pledged: 0, 'already-pledged': 0, failed: 0 };
  for (const r of results) {
    count[r.outcome]++;
    if (r.outcome === 'pledged' && (position === null || BigInt(r.position) > position))
      position = BigInt(r.position);
  }
  return {
    pledged: count.pledged,
    alreadyPledged: count['already-pledged'],
    failed: count.failed,
    position: position === null ? null : position.toString(),
    events,
    results,
  };
}
