import type { AgencyEvent, EvaluationSnapshot } from '#events';
import { DomainError, rejectIf } from '../errors.js';
import { addMonths } from '../dates.js';
import { findCampaign } from '../campaigns/registry.js';
import { ONE_MIND } from '../campaigns/one-mind.js';
import { ruleSet as getRuleSet } from '../rule-sets.js';
import type { RecordHistoricCertification } from './agency.commands.js';
import type { AgencyDecisionContext } from './agency.context.js';
import { certificateNumber as usualNumber } from './approve-certification.js';
import { compact, notInFuture } from './agency.guards.js';
import type { AgencyState } from './agency.state.js';

/** A recorded day as the instant its events carry: the start of that day, UTC (the time is unknown). */
const startOf = (date: string): string => `${date}T00:00:00.000Z`;

/** The computed form (approve-certification.ts); a given number of this form must name this agency. */
const COMPUTED_FORM = /^OM-\d{4}-(.+)-\d+$/i;

/**
 * Migrating a certification from before this system (issue 18 item 6): the pledge, the submission
 * and the approval in one append, each dated as it happened and marked `migrated`, so the expiry
 * timer, recertification (`…-2`) and the auditor's timeline run from the real dates, with no lapse
 * in between (the submission comes before the deadline, the approval at once after it).
 *
 * Only for an agency the engine has never seen: a migrated past written after a live cycle would
 * put old facts after new ones on the stream. Only One Mind: it is the campaign with a certified
 * past from before this system (600+ agencies since 2016). The submission's numbers were never recorded:
 * its evaluation says `met` (what IACP attested then) with zero counts, and `migrated` says why.
 */
export function recordHistoricCertification(
  command: RecordHistoricCertification,
  state: AgencyState,
  ctx: AgencyDecisionContext,
): AgencyEvent[] {
  const d = command.data;
  requireOneMind(d.campaignId);
  rejectIf(
    state.status !== 'none',
    'agency-already-recorded',
    `agency ${d.agencyId} is already recorded here (${state.status}); only a new agency can be migrated`,
  );
  const rule = getRuleSet(d.ruleSet);
  notInFuture(ctx, [
    { path: 'pledgedOn', date: d.pledgedOn },
    { path: 'submittedOn', date: d.submittedOn },
    { path: 'effectiveOn', date: d.effectiveOn },
  ]);
  rejectIf(d.pledgedOn < rule.from, 'rule-set-not-in-force', `${rule.id} came into force on ${rule.from}`, [
    { path: 'pledgedOn', message: `${d.pledgedOn} is before ${rule.id} (from ${rule.from})` },
  ]);
  const commitmentMonths = rule.commitmentMonths.max;
  const deadline = addMonths(d.pledgedOn, commitmentMonths);
  const order = [
    d.submittedOn < d.pledgedOn && { path: 'submittedOn', message: `${d.submittedOn} is before the pledge` },
    d.effectiveOn < d.submittedOn && {
      path: 'effectiveOn',
      message: `${d.effectiveOn} is before the submission on ${d.submittedOn}`,
    },
    d.submittedOn >= deadline && {
      path: 'submittedOn',
      message: `on or after the pledge's deadline ${deadline} (${commitmentMonths} months)`,
    },
  ].filter((e): e is { path: string; message: string } => !!e);
  if (order.length) throw new DomainError('date-order', 'the dates are not in order', order);
  const number = d.certificateNumber ?? usualNumber(d.agencyId, d.effectiveOn, 1);
  requireOwnForm(number, d.agencyId);
  const migrated = true as const;
  return [
    {
      type: 'PledgeTaken',
      data: compact({
        agencyId: d.agencyId,
        cycle: 1,
        name: d.name,
        ori: d.ori,
        country: d.country,
        region: d.region,
        signatory: d.signatory,
        contact: d.contact,
        commitmentMonths,
        pledgedOn: d.pledgedOn,
        deadline,
        ruleSet: rule.id,
        migrated,
      }),
    },
    {
      type: 'CertificationSubmitted',
      data: {
        cycle: 1,
        submittedAt: startOf(d.submittedOn),
        evaluation: attested(rule.id, d.submittedOn),
        migrated,
      },
    },
    {
      type: 'CertificationApproved',
      data: compact({
        cycle: 1,
        certificateNumber: number,
        verificationCode: ctx.random.verificationCode(),
        effectiveOn: d.effectiveOn,
        approvedAt: startOf(d.effectiveOn),
        note: d.note,
        migrated,
        withoutDocuments: d.issueDocuments ? undefined : migrated,
      }),
    },
  ];
}

function requireOneMind(campaignId: string): void {
  if (!findCampaign(campaignId)) throw new DomainError('campaign-not-found', `no campaign "${campaignId}"`);
  rejectIf(
    campaignId !== ONE_MIND.campaignId,
    'campaign-not-migratable',
    'only One Mind certifications from before this system can be migrated',
    [{ path: 'campaignId', message: `${campaignId} is not one-mind` }],
  );
}

// Computed numbers are unique because they embed the agency id; a given one may not borrow another
// agency's. Any other given number is held by a store claim (certificate-number-taken).
function requireOwnForm(number: string, agencyId: string): void {
  const id = COMPUTED_FORM.exec(number)?.[1];
  rejectIf(
    id !== undefined && id.toLowerCase() !== agencyId.toLowerCase(),
    'certificate-number-form',
    `${number} has the form of another agency's computed number`,
    [{ path: 'certificateNumber', message: `names agency ${id}, not ${agencyId}` }],
  );
}

function attested(ruleSet: EvaluationSnapshot['ruleSet'], on: string): EvaluationSnapshot {
  const zero = {
    sworn: 0,
    crisisTrained: 0,
    crisisRequired: 0,
    awarenessTrained: 0,
    covered: 0,
    uncovered: 0,
  };
  return {
    evaluatedOn: on,
    ruleSet,
    met: true,
    partnership: { met: true, active: 0 },
    policy: { met: true, policyId: null, effectiveOn: null },
    training: { met: true, ...zero },
  };
}
