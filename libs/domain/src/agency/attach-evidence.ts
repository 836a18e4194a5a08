import type { AgencyEvent } from '#events';
import { DomainError } from '../errors.js';
import type { AttachEvidence } from './agency.commands.js';
import type { AgencyDecisionContext } from './agency.context.js';
import { compact, currentRule, requireAgency } from './agency.guards.js';
import { campaignCycles } from './campaign-cycles.js';
import type { AgencyState } from './agency.state.js';

const REQUIREMENTS: readonly string[] = ['partnership', 'policy', 'training', 'other'];
const MEDIA_TYPES: readonly string[] = ['application/pdf', 'image/png', 'image/jpeg'];

/**
 * Evidence is a fact about the agency, like a partnership: it may be attached in any status once
 * the agency exists, and survives a new pledge. The HTTP edge has already stored the bytes and
 * checked their type; this records them under a fresh id (a retry with the same idempotency key is
 * answered from the first result, never re-decided). The checks below keep the log honest for any
 * other caller.
 */
export function attachEvidence(
  command: AttachEvidence,
  state: AgencyState,
  ctx: AgencyDecisionContext,
): AgencyEvent[] {
  requireAgency(state);
  const { requirement, mediaType, sha256, size } = command.data;
  // A practice id backs a practice of a rule set of any campaign the agency joined (Trust
  // Building's `practice-01` …): the evidence is the agency's, whichever campaign it proves.
  const practices = campaignCycles(state).flatMap(({ view }) =>
    currentRule(view).requirements.filter((r) => r.kind === 'practice'),
  );
  const errors = [
    ...(REQUIREMENTS.includes(requirement) || practices.some((p) => p.id === requirement)
      ? []
      : [{ path: 'requirement', message: `unknown: ${requirement}` }]),
    ...(MEDIA_TYPES.includes(mediaType)
      ? []
      : [{ path: 'mediaType', message: `not accepted: ${mediaType}` }]),
    ...(/^[0-9a-f]{64}$/.test(sha256) ? [] : [{ path: 'sha256', message: 'not a lowercase hex SHA-256' }]),
    ...(Number.isSafeInteger(size) && size > 0
      ? []
      : [{ path: 'size', message: 'must be a positive integer' }]),
  ];
  if (errors.length) throw new DomainError('invalid-evidence', 'the evidence cannot be recorded', errors);
  const data = {
    evidenceId: ctx.random.id(),
    ...command.data,
    attachedAt: ctx.now,
    attachedBy: ctx.actor.sub,
  };
  return [{ type: 'EvidenceAttached', data: compact(data) }];
}

/** Partnerships and policies may name evidence, but only evidence this agency has attached. */
export function requireEvidence(state: AgencyState, evidenceIds: readonly string[] | undefined): void {
  const unknown = (evidenceIds ?? []).flatMap((id, i) =>
    state.evidence.has(id)
      ? []
      : [{ path: `evidenceIds[${i}]`, message: `no evidence ${id} of this agency` }],
  );
  if (unknown.length)
    throw new DomainError(
      'evidence-not-found',
      `${unknown.length} evidence id(s) unknown for this agency`,
      unknown,
    );
}
