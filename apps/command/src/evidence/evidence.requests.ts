import { ProblemException, problem } from '../infra/problem.js';
import { hasControlChars } from '../infra/control-chars.js';
import type { EvidenceRequirement } from '#events';

export const EVIDENCE_REQUIREMENTS: readonly EvidenceRequirement[] = [
  'partnership',
  'policy',
  'training',
  'other',
];

/** A practice id of a practice-based campaign (`practice-01` …); the decider checks the agency's rule set has it. */
const PRACTICE_ID = /^practice-\d{1,3}$/;

/**
 * The form fields besides the file, checked like a JSON body's DTO: a 400 naming each bad field.
 * (class-validator does not see multipart bodies.)
 */
export function evidenceFields(fields: Record<string, string>): {
  requirement: EvidenceRequirement;
  description?: string;
} {
  const errors: { path: string; message: string }[] = [];
  const requirement = fields.requirement as EvidenceRequirement;
  if (!EVIDENCE_REQUIREMENTS.includes(requirement) && !PRACTICE_ID.test(requirement ?? ''))
    errors.push({
      path: 'requirement',
      message: `requirement must be one of: ${EVIDENCE_REQUIREMENTS.join(', ')}, or a campaign's practice id (practice-01 …)`,
    });
  const description = fields.description;
  if (description !== undefined) {
    if (description.length > 2000)
      errors.push({ path: 'description', message: 'description must be at most 2000 characters' });
    if (hasControlChars(description, true))
      errors.push({ path: 'description', message: 'description must not contain control characters' });
  }
  if (errors.length)
    throw new ProblemException(problem(400, errors.map((e) => e.message).join('; '), { errors }));
  return description === undefined || description === '' ? { requirement } : { requirement, description };
}
