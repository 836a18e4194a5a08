import { reviewItemOf } from './requirement.js';
import type { Judgement, RequirementResult } from './judge.js';

export interface Missing {
  path: string;
  message: string;
}

const officers = (n: number) => `${n} more officer${n === 1 ? '' : 's'} need${n === 1 ? 's' : ''}`;

/**
 * Human sentences for what is still missing ("crisis: 19 of 20 required (1 more officer needs
 * crisis-intervention training)"), one per unmet requirement, in the rule set's order; the path is
 * the requirement's id. An empty roster is said once, under the training requirements' review item.
 */
export function missingRequirements(j: Judgement): Missing[] {
  const out: Missing[] = [];
  let emptyRosterSaid = false;
  for (const result of j.results) {
    if ((result.kind === 'training-ratio' || result.kind === 'training-coverage') && result.sworn === 0) {
      if (!emptyRosterSaid)
        out.push({ path: reviewItemOf(result.requirement), message: 'no sworn officers on the roster' });
      emptyRosterSaid = true;
    }
    const message = messageFor(result);
    if (message !== null) out.push({ path: result.requirement.id, message });
  }
  return out;
}

function messageFor(r: RequirementResult): string | null {
  switch (r.kind) {
    case 'partnership':
      return r.met ? null : `no active partnership with ${r.requirement.partner}`;
    case 'policy':
      return r.met ? null : `no ${r.requirement.policy} adopted and in effect`;
    // Said from the numbers, not the verdict: on an empty roster 0 of 0 is not a shortfall.
    case 'training-ratio': {
      const more = r.required - r.counted;
      return more <= 0
        ? null
        : `${r.requirement.label}: ${r.counted} of ${r.required} required (${officers(more)} ${r.requirement.training})`;
    }
    case 'training-coverage':
      return r.covered >= r.required
        ? null
        : `coverage: ${r.covered} of ${r.sworn} sworn officers trained (${r.sworn - r.covered} without a qualifying class)`;
    case 'practice': {
      if (r.met) return null;
      const practice = `practice ${r.requirement.number} (${r.requirement.focusArea})`;
      return r.implementedOn === null
        ? `${practice} not yet in place: ${r.requirement.text}`
        : `${practice} implemented on ${r.implementedOn} but no evidence attached`;
    }
    case 'evidence':
      return r.met ? null : `no document attached: ${r.requirement.text}`;
  }
}
