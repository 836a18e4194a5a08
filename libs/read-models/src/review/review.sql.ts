import type Database from 'better-sqlite3';
import { atPosition, type EventStamp } from '../projection.js';
import type { PgQueryable } from '../postgres/pg-read-models.js';
import { lazyStatement } from '../postgres/pg-writer.js';

/** `campaignId`: as the events name it, '' for the agency's primary campaign (review.tables.ts). */
export type ReviewOp =
  | { op: 'new-cycle'; agencyId: string; campaignId: string; cycle: number }
  | {
      op: 'submitted';
      agencyId: string;
      campaignId: string;
      cycle: number;
      submittedAt: string;
      note: string | null;
    }
  | {
      op: 'decided';
      agencyId: string;
      campaignId: string;
      cycle: number;
      round: number;
      requirement: string;
      decision: string;
      message: string | null;
      decidedBy: string;
      decidedAt: string;
    };

const REVIEW_SQL = {
  newCycle: `INSERT INTO review_rounds (agency_id, campaign_id, cycle, round, submitted_at, note, position)
         VALUES (@agencyId, @campaignId, @cycle, 0, NULL, NULL, @position)
         ON CONFLICT DO UPDATE SET cycle = excluded.cycle, round = 0, submitted_at = NULL, note = NULL,
           position = excluded.position
         WHERE review_rounds.position < excluded.position`,
  clearDecisions:
    'DELETE FROM review_decisions WHERE agency_id = @agencyId AND campaign_id = @campaignId AND position < @position',
  submitted: `INSERT INTO review_rounds (agency_id, campaign_id, cycle, round, submitted_at, note, position)
         VALUES (@agencyId, @campaignId, @cycle, 1, @submittedAt, @note, @position)
         ON CONFLICT DO UPDATE SET
           round = CASE WHEN review_rounds.cycle = excluded.cycle THEN review_rounds.round + 1 ELSE 1 END,
           cycle = excluded.cycle, submitted_at = excluded.submitted_at, note = excluded.note,
           position = excluded.position
         WHERE review_rounds.position < excluded.position`,
  decided: `INSERT INTO review_decisions (agency_id, campaign_id, requirement, cycle, round, decision, message, decided_by, decided_at, position)
         SELECT @agencyId, @campaignId, @requirement, @cycle, @round, @decision, @message, @decidedBy, @decidedAt, @position
         WHERE EXISTS (SELECT 1 FROM review_rounds WHERE agency_id = @agencyId AND campaign_id = @campaignId
           AND cycle = @cycle AND round = @round)
         ON CONFLICT DO UPDATE SET cycle = excluded.cycle, round = excluded.round, decision = excluded.decision,
           message = excluded.message, decided_by = excluded.decided_by, decided_at = excluded.decided_at,
           position = excluded.position
         WHERE review_decisions.position < excluded.position`,
};

/**
 * Writes of the `review` read model, each guarded by position so that applying an event again
 * changes nothing. A submission numbers its round from the row it replaces (the next one in the
 * same cycle; a pledge leaves round 0) and clears the decisions of earlier rounds; a decision is written
 * only while its round is the current one, so replaying an old round's decision after its
 * resubmission does not bring it back.
 */
export class ReviewWriter {
  private readonly stmts;

  constructor(db: Database.Database) {
    this.stmts = {
      newCycle: db.prepare(REVIEW_SQL.newCycle),
      clearDecisions: db.prepare(REVIEW_SQL.clearDecisions),
      submitted: db.prepare(REVIEW_SQL.submitted),
      decided: db.prepare(REVIEW_SQL.decided),
    };
  }

  apply(op: ReviewOp, at: EventStamp): void {
    const position = at.position;
    switch (op.op) {
      case 'new-cycle':
        this.stmts.newCycle.run(atPosition(op, at));
        this.stmts.clearDecisions.run({ agencyId: op.agencyId, campaignId: op.campaignId, position });
        return;
      case 'submitted': {
        const changed = this.stmts.submitted.run(atPosition(op, at)).changes;
        // Only a submission that moved the round on clears the decisions (a replayed one must not).
        if (changed > 0)
          this.stmts.clearDecisions.run({ agencyId: op.agencyId, campaignId: op.campaignId, position });
        return;
      }
      case 'decided': {
        this.stmts.decided.run(atPosition(op, at));
        return;
      }
    }
  }
}

const PG_REVIEW = {
  newCycle: lazyStatement(REVIEW_SQL.newCycle),
  clearDecisions: lazyStatement(REVIEW_SQL.clearDecisions),
  submitted: lazyStatement(REVIEW_SQL.submitted),
  decided: lazyStatement(REVIEW_SQL.decided),
};

/** ReviewWriter on PostgreSQL, in the batch transaction `tx`. */
export class ReviewPgWriter {
  constructor(private readonly tx: PgQueryable) {}

  async apply(op: ReviewOp, at: EventStamp): Promise<void> {
    const position = at.position;
    const clear = { agencyId: op.agencyId, campaignId: op.campaignId, position };
    switch (op.op) {
      case 'new-cycle':
        await PG_REVIEW.newCycle.send(this.tx, atPosition(op, at));
        await PG_REVIEW.clearDecisions.send(this.tx, clear);
        return;
      case 'submitted':
        if (((await PG_REVIEW.submitted.run(this.tx, atPosition(op, at))).rowCount ?? 0) > 0)
          await PG_REVIEW.clearDecisions.send(this.tx, clear);
        return;
      case 'decided':
        await PG_REVIEW.decided.send(this.tx, atPosition(op, at));
        return;
    }
  }
}

export interface ReviewRoundRow {
  cycle: number;
  round: number;
  submitted_at: string | null;
  note: string | null;
}
export interface ReviewDecisionRow {
  requirement: string;
  decision: string;
  message: string | null;
  decided_by: string;
  decided_at: string;
}

export class ReviewReader {
  private readonly stmts;

  constructor(db: Database.Database) {
    // A campaign asked for by name is the '' row when it is the agency's primary campaign.
    const key = `CASE WHEN @campaignId = '' OR @campaignId = (SELECT primary_campaign FROM agencies
      WHERE agency_id = @agencyId) THEN '' ELSE @campaignId END`;
    this.stmts = {
      round: db.prepare(
        `SELECT cycle, round, submitted_at, note FROM review_rounds WHERE agency_id = @agencyId AND campaign_id = ${key}`,
      ),
      decisions: db.prepare(
        `SELECT requirement, decision, message, decided_by, decided_at FROM review_decisions
         WHERE agency_id = @agencyId AND campaign_id = ${key} AND cycle = @cycle AND round = @round ORDER BY requirement`,
      ),
    };
  }

  /**
   * The current round of the campaign's cycle and its decisions; undefined before the cycle's first
   * submission. Without a campaign: the agency's primary campaign (the one the agency row describes).
   */
  of(
    agencyId: string,
    campaignId = '',
  ): (ReviewRoundRow & { submitted_at: string; decisions: ReviewDecisionRow[] }) | undefined {
    const round = this.stmts.round.get({ agencyId, campaignId }) as ReviewRoundRow | undefined;
    if (!round || round.submitted_at === null) return undefined;
    const decisions = this.stmts.decisions.all({
      agencyId,
      campaignId,
      cycle: round.cycle,
      round: round.round,
    }) as ReviewDecisionRow[];
    return { ...round, submitted_at: round.submitted_at, decisions };
  }
}
