import type { RuleSetId } from '../../../events/src/index.js';

/** Commands on one agency's stream. The actor and the time come in the DecisionContext. */
export interface TakePledge {
  type: 'TakePledge';
  data: {
    agencyId: string;
    name: string;
    ori?: string;
    country: string;
    region?: string;
    agencyType?: string;
    signatory: { name: string; title: string };
    contact: { name: string; email: string };
    commitmentMonths?: number;
    pledgedOn?: string;
    ruleSet?: RuleSetId;
  };
}

export type AgencyCommand = TakePledge;
export type AgencyCommandType = AgencyCommand['type'];
