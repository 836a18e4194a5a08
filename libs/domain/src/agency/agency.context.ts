import type { DecisionContext } from '../decider.js';
import type { Catalogue } from '../programs/catalogue.js';

/**
 * What an agency decision may read besides its own stream: the training-programme catalogue (its
 * own stream, `training-programs`), loaded by the caller. RecordTraining checks programmes against
 * it; submissions and reminders evaluate with it.
 */
export interface AgencyDecisionContext extends DecisionContext {
  catalogue: Catalogue;
  /**
   * The installation's four-eyes setting (ONEMIND_FOUR_EYES): an approval needs a requirement
   * accepted by another staff member. Configuration, handed in as data so deciding stays pure.
   */
  fourEyes: boolean;
}
