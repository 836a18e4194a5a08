import { onAgencyStreams, unhandled, type Handled, type Projection } from '../projection.js';
import { REVIEW_TABLES } from './review.tables.js';
import { ReviewWriter, ReviewPgWriter, type ReviewOp } from './review.sql.js';

/** A new cycle starts without a review, a submission starts a round, staff decide within it. */
export const REVIEW_EVENTS = [
  'PledgeTaken',
  'RecertificationStarted',
  'CertificationSubmitted',
  'RequirementReviewed',
] as const;

/**
 * review_rounds + review_decisions. A send-back (CertificationChangesRequested) changes nothing
 * here: the agency keeps seeing the round's decisions until it resubmits.
 */
export function evolveReview(e: Handled<typeof REVIEW_EVENTS>, agencyId: string): ReviewOp[] {
  // Each campaign's review apart: '' is the agency's primary campaign (its events name none).
  const campaignId = e.data.campaignId ?? '';
  switch (e.type) {
    case 'PledgeTaken':
    case 'RecertificationStarted':
      return [{ op: 'new-cycle', agencyId, campaignId, cycle: e.data.cycle }];
    case 'CertificationSubmitted': {
      const { cycle, submittedAt, note } = e.data;
      return [{ op: 'submitted', agencyId, campaignId, cycle, submittedAt, note: note ?? null }];
    }
    case 'RequirementReviewed': {
      const { cycle, round, requirement, decision, message, decidedBy, decidedAt } = e.data;
      return [
        {
          op: 'decided',
          agencyId,
          campaignId,
          cycle,
          round,
          requirement,
          decision,
          message: message ?? null,
          decidedBy,
          decidedAt,
        },
      ];
    }
    default:
      return unhandled(e);
  }
}

export const reviewProjection: Projection<ReviewOp> = {
  name: 'review',
  tables: REVIEW_TABLES,
  ...onAgencyStreams(REVIEW_EVENTS, evolveReview),
  writer: (db) => new ReviewWriter(db),
  pgWriter: (tx) => new ReviewPgWriter(tx),
};
