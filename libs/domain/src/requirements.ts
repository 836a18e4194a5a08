import type { EvaluationSnapshot } from '#events';
import type { RuleSet } from './rule-sets.js';
import type { Catalogue } from './programs/catalogue.js';
import { firstResult, judge, type Judgement } from './campaigns/judge.js';
import type { RequirementRecords } from './campaigns/records.js';

export type Evaluation = EvaluationSnapshot;

/**
 * A pledge's evaluation in the shape stored in CertificationSubmitted and shown by the agency view
 * since the first round (partnership, policy, training numbers): the judgement of a typed rule set
 * read back into it, so that stored events and HTTP answers keep their bytes. A section the rule set
 * does not ask for is reported as met with nothing counted.
 */
export function snapshotOf(rule: RuleSet, j: Judgement): Evaluation {
  const partnership = firstResult(j, 'partnership');
  const policy = firstResult(j, 'policy');
  const ratio = firstResult(j, 'training-ratio');
  const coverage = firstResult(j, 'training-coverage');
  const { sworn, byClass } = j.roster;
  const covered = coverage ? coverage.covered : sworn;
  return {
    evaluatedOn: j.evaluatedOn,
    ruleSet: rule.id,
    met: j.met,
    partnership: { met: partnership?.met ?? true, active: partnership?.active ?? 0 },
    policy: {
      met: policy?.met ?? true,
      policyId: policy?.policyId ?? null,
      effectiveOn: policy?.effectiveOn ?? null,
    },
    training: {
      met: j.results.every((r) => (r.kind !== 'training-ratio' && r.kind !== 'training-coverage') || r.met),
      sworn,
      crisisTrained: ratio ? ratio.counted : byClass.crisis,
      crisisRequired: ratio?.required ?? 0,
      awarenessTrained: byClass.awareness,
      covered,
      uncovered: sworn - covered,
    },
  };
}

/** Judge a pledgeable rule set and give the evaluation in its stored shape. */
export function evaluate(
  rule: RuleSet,
  records: RequirementRecords,
  date: string,
  catalogue: Catalogue,
): Evaluation {
  return snapshotOf(rule, judge(rule, records, date, catalogue));
}
