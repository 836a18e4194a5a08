import { cycleView, type Evaluation } from '#domain';
import type { EventStore } from '#event-store';
import { agencyStream } from '#events';
import { foldFrom, type FoldPoints } from '#audit';
import { evidenceByRequirement, loadCatalogue, viewedFold } from '#read-models';
import type Database from 'better-sqlite3';
import { buildReviewDetail, type ReviewDetail } from '../queries/review-detail.js';

/**
 * The staff review page of one campaign's submission (issue 18 item 3): what
 * `GET /v1/agencies/{id}/review` shows for the agency's first campaign, for any campaign it joined.
 * The cycle is folded from the log (the read models keep each campaign's status, not its whole
 * cycle); the evidence and the catalogue come from the read models as on the first campaign's
 * page. Null when the agency has no events; `status: 'none'` when it never joined the campaign.
 */
export async function campaignReviewDetail(input: {
  store: EventStore;
  points: FoldPoints;
  /** Runs a reader on the read models (ReadModels.read). */
  read: <T>(work: (db: Database.Database) => T) => Promise<T>;
  agencyId: string;
  campaignId: string;
  date: string;
}): Promise<ReviewDetail | null> {
  const { store, points, read, agencyId, campaignId, date } = input;
  const streamId = agencyStream(agencyId);
  const start = points.best(streamId, { now: date });
  const events = await store.readStream(streamId, start ? { fromRevision: start.revision + 1n } : {});
  const folded = foldFrom(start, events, { points, streamId });
  if (!folded) return null;
  const state = cycleView(folded.state, campaignId);
  const { catalogue, evidence } = await read((db) => ({
    catalogue: loadCatalogue(db),
    evidence: evidenceByRequirement(db, agencyId),
  }));
  const frozen = state.status === 'none' ? null : state.submission?.evaluation;
  return buildReviewDetail({
    agencyId,
    stored: {
      state: {
        ...viewedFold(state),
        partnerships: state.partnerships,
        policies: state.policies,
        practices: state.practices,
        officers: new Map(state.officers),
      },
      reminders: [],
      revision: folded.revision.toString(),
      position: folded.position.toString(),
    },
    // The evaluation frozen in the submission event, as the agencies row keeps it for the first campaign.
    atSubmission: (frozen ?? null) as Evaluation | null,
    catalogue,
    evidence,
    date,
  });
}
