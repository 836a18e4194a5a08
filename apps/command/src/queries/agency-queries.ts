import { Inject, Injectable } from '@nestjs/common';
import { classesOn, isCovered, ruleSet, swornOn } from '#domain';
import {
  AgenciesReader,
  buildAgencyView,
  EvidenceReader,
  loadAgency,
  loadCatalogue,
  type AgencyListFilter,
  type AgencyView,
} from '#read-models';
import { AgencyRecordsCache } from './agency-records-cache.js';
import { ProblemException, problem } from '../infra/problem.js';
import { CLOCK, type Clock } from '../infra/tokens.js';
import { ReadModels } from './read-models.service.js';

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

  view(agencyId: string): AgencyView {
    const db = this.readModels.db();
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

  list(filter: AgencyListFilter) {
    return {
      ...new AgenciesReader(this.readModels.db()).list(filter),
      page: filter.page,
      pageSize: filter.pageSize,
    };
  }

  reviewQueue() {
    return new AgenciesReader(this.readModels.db()).reviewQueue();
  }

  /** Officers on the roster today with the classes they hold; `covered=false`: sworn and still needing training. */
  officers(agencyId: string, covered?: boolean) {
    const db = this.readModels.db();
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

  private today(): string {
    return this.clock.now().slice(0, 10);
  }
}

const notFound = (agencyId: string) =>
  new ProblemException(problem(404, `no agency ${agencyId}`, { code: 'agency-not-found' }));
