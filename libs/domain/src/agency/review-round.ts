import { reviewItemsOf, type RuleSet } from '../rule-sets.js';
import type { SubmissionRecord } from './agency.state.js';

/** The requirements of the round that stand at changes-requested, in the rule set's order, with their messages. */
export function standingChanges(
  rule: RuleSet,
  submission: SubmissionRecord,
): { requirement: string; message: string }[] {
  return reviewItemsOf(rule).flatMap((requirement) => {
    const d = submission.decisions.get(requirement);
    return d?.decision === 'changes-requested' ? [{ requirement, message: d.message ?? '' }] : [];
  });
}

/**
 * Four eyes (DOMAIN.md "Review per requirement"): someone other than the approver accepted at
 * least one requirement of the round. An approval accepts every requirement nobody decided, so an
 * approver who decided nothing, or accepted everything himself, is the only pair of eyes.
 */
export function acceptedByAnother(rule: RuleSet, submission: SubmissionRecord, approver: string): boolean {
  return reviewItemsOf(rule).some((requirement) => {
    const d = submission.decisions.get(requirement);
    return d?.decision === 'accepted' && d.decidedBy !== approver;
  });
}
