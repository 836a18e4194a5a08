import { Inject, Injectable } from '@nestjs/common';
import type Database from 'better-sqlite3';
import {
  certificationExpiresOn,
  classesOn,
  findCampaign,
  findRuleSet,
  isCovered,
  ruleSet,
  swornOn,
  trainingsExpiringWithin,
  type Evaluation,
} from '#domain';
import {
  AgenciesReader,
  buildAgencyView,
  EvidenceReader,
  evidenceByRequirement,
  loadAgency,
  loadCatalogue,
  type AgencyListFilter,
  type AgencyView,
} from '#read-models';
import { AgencyRecordsCache } from './agency-records-cache.js';
import { ProblemException, problem } from '../infra/problem.js';
import { CLOCK, type Clock } from '../infra/tokens.js';
import { ReadModels } from './read-models.service.js';
import { buildReviewDetail, withWaiting, type ReviewDetail } from './review-detail.js';

export interface OfficerItem {
  officerRef: string;
  sworn: boolean;
  joinedOn: string;
  classes: string[];
  covered: boolean;
}

/** The agency reads: the agency row and its records, judged by the domain's `evaluate`. */
@Injectable()
export class AgencyQueries {
  private readonly records = new AgencyRecordsCache();

  constructor(
    private readonly readModels: ReadModels,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  view(agencyId: string): Promise<AgencyView> {
    return this.readModels.read((db) => this.viewIn(db, agencyId));
  }

  private viewIn(db: Database.Database, agencyId: string): AgencyView {
    const stored = loadAgency(db, agencyId, this.records.of(agencyId));
    if (!stored) throw notFound(agencyId);
    const evidence = new EvidenceReader(db).countsByRequirement(agencyId);
    return buildAgencyView({
      agencyId,
      ...stored,
      evidence,
      catalogue: loadCatalogue(db),
      date: this.today(),
    });
  }

  /**
   * The agency's campaigns (agency_campaigns), its first campaign first, each with its status,
   * dates and certificate (ADR 0008). `expiresOn` from the row, or from the cycle's rule set for a
   * row the migration back-filled (as the agency view works it out).
   */
  campaigns(agencyId: string) {
    return this.readModels.read((db) => this.campaignsIn(db, agencyId));
  }

  private campaignsIn(db: Database.Database, agencyId: string) {
    const reader = new AgenciesReader(db);
    if (reader.revisionOf(agencyId) === undefined) throw notFound(agencyId);
    const items = reader.campaigns(agencyId).map((c) => {
      const rule = findRuleSet(c.ruleSet);
      return {
        campaignId: c.campaignId,
        title: findCampaign(c.campaignId)?.title ?? c.campaignId,
        ruleSet: c.ruleSet,
        status: c.status,
        pledgedOn: c.pledgedOn,
        deadline: c.deadline,
        certificate:
          c.certificateNumber && c.effectiveOn
            ? {
                number: c.certificateNumber,
                effectiveOn: c.effectiveOn,
                expiresOn: c.expiresOn ?? ((rule && certificationExpiresOn(rule, c.effectiveOn)) || null),
              }
            : null,
      };
    });
    return { agencyId, items };
  }

  async list(filter: AgencyListFilter) {
    return {
      ...(await this.readModels.read((db) => new AgenciesReader(db).list(filter))),
      page: filter.page,
      pageSize: filter.pageSize,
    };
  }

  /**
   * Submissions under review, oldest first, each with how long it has waited: `waitingSince` (the
   * latest submission instant) and `waitingDays`, whole UTC days from that date to today.
   */
  async reviewQueue() {
    const today = this.today();
    return (await this.readModels.read((db) => new AgenciesReader(db).reviewQueue())).map((row) =>
      withWaiting(row as { submittedAt: string }, today),
    );
  }

  /** Everything a reviewer needs to judge the agency's current submission, in one answer. */
  reviewDetail(agencyId: string): Promise<ReviewDetail> {
    return this.readModels.read((db) => this.reviewDetailIn(db, agencyId));
  }

  private reviewDetailIn(db: Database.Database, agencyId: string): ReviewDetail {
    // One snapshot: the frozen evaluation belongs to the same submission as the round.
    const read = db.transaction(() => ({
      stored: loadAgency(db, agencyId, this.records.of(agencyId)),
      frozen: new AgenciesReader(db).get(agencyId)?.submission_evaluation,
      evidence: evidenceByRequirement(db, agencyId),
    }));
    const { stored, frozen, evidence } = read();
    if (!stored) throw notFound(agencyId);
    return buildReviewDetail({
      agencyId,
      stored,
      atSubmission: frozen ? (JSON.parse(frozen) as Evaluation) : null,
      catalogue: loadCatalogue(db),
      evidence,
      date: this.today(),
    });
  }

  /** Officers on the roster today with the classes they hold; `covered=false`: sworn and still needing training. */
  officers(agencyId: string, covered?: boolean) {
    return this.readModels.read((db) => this.officersIn(db, agencyId, covered));
  }

  private officersIn(db: Database.Database, agencyId: string, covered?: boolean) {
    const stored = loadAgency(db, agencyId, this.records.of(agencyId));
    if (!stored || !stored.state.ruleSet) throw notFound(agencyId);
    const date = this.today();
    const rule = ruleSet(stored.state.ruleSet);
    const catalogue = loadCatalogue(db);
    const items: OfficerItem[] = [];
    for (const [officerRef, o] of stored.state.officers) {
      if (o.joinedOn > date || (o.separatedOn !== undefined && o.separatedOn <= date)) continue;
      const classes = classesOn(o, date, catalogue);
      const item = {
        officerRef,
        sworn: o.sworn,
        joinedOn: o.joinedOn,
        classes: [...classes].sort(),
        covered: swornOn(o, date) && isCovered(rule, classes),
      };
      if (covered === undefined || (item.sworn && item.covered === covered)) items.push(item);
    }
    items.sort((a, b) => (a.officerRef < b.officerRef ? -1 : a.officerRef > b.officerRef ? 1 : 0));
    return { agencyId, date, total: items.length, items };
  }

  /** The training expiry watch: counting training that runs out within `days` (issue 18). */
  expiringTrainings(agencyId: string, days: number) {
    return this.readModels.read((db) => this.expiringTrainingsIn(db, agencyId, days));
  }

  private expiringTrainingsIn(db: Database.Database, agencyId: string, days: number) {
    const stored = loadAgency(db, agencyId, this.records.of(agencyId));
    if (!stored) throw notFound(agencyId);
    const date = this.today();
    const items = trainingsExpiringWithin(stored.state, date, days, loadCatalogue(db));
    return { agencyId, date, expiringWithinDays: days, total: items.length, items };
  }

  private today(): string {
    return this.clock.now().slice(0, 10);
  }
}

const notFound = (agencyId: string) =>
  new ProblemException(problem(404, `no agency ${agencyId}`, { code: 'agency-not-found' }));
