import { reviewItemOf } from '../campaigns/requirement.js';
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

/**
 * The practices of the round nobody accepted yet, in the rule set's order. A One Mind approval
 * accepts every requirement nobody decided; a practice must be accepted one by one (DOMAIN.md:
 * certification needs every practice implemented, evidenced and accepted), so an approval waits
 * for all of them.
 */
export function unacceptedPractices(rule: RuleSet, submission: SubmissionRecord): string[] {
  const items = rule.requirements.filter((r) => r.kind === 'practice').map(reviewItemOf);
  return [...new Set(items)].filter((item) => submission.decisions.get(item)?.decision !== 'accepted');
}
