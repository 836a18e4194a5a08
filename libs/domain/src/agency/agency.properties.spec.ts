import fc from 'fast-check';
import { agencyDecider } from './agency.decider.js';
import { fold } from '../decider.js';
import { addDays } from '../dates.js';
import { catalogue, steps, type Step } from '../testing/agency-command.arbitraries.js';
import { DomainError } from '../errors.js';
import { agencyCtx } from '../testing/agency-fixtures.js';
import type { AgencyEvent } from '#events';
import type { AgencyCommand } from './agency.commands.js';
import type { AgencyState } from './agency.state.js';
import type { AgencyStatus } from './lifecycle.js';
import { campaignCycles, campaignOfEvent, cycleView, primaryCampaign } from './campaign-cycles.js';

const seed = Number(process.env.FC_SEED ?? Date.now());
console.log(`agency decider properties: FC_SEED=${seed}`);
const params = { seed, numRuns: 1000 };

const SYSTEM_COMMANDS = [
  'SendDeadlineReminder',
  'LapsePledge',
  'ExpireCertification',
  'IssueCertificate',
  'IssuePresidentialLetter',
  'FeatureInNewsletter',
];

/** Runs the steps like the command handler would: decide, and on success append and evolve. */
function run(
  plan: Step[],
  check: (
    before: AgencyState,
    command: AgencyCommand,
    events: AgencyEvent[],
    decideAgain: () => AgencyEvent[],
  ) => void = () => {},
) {
  let state = agencyDecider.initialState();
  let today = '2024-01-01';
  const log: AgencyEvent[] = [];
  plan.forEach((step, i) => {
    today = addDays(today, step.advanceDays);
    const ctx = {
      ...agencyCtx(step.role, `${today}T12:00:00.000Z`, catalogue),
      random: { id: () => `id-${i}`, verificationCode: () => `V${i}` },
    };
    const command = step.command(state, today);
    let events: AgencyEvent[] = [];
    try {
      events = agencyDecider.decide(command, state, ctx);
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
    }
    const next = events.reduce(agencyDecider.evolve, state);
    check(state, command, events, () => agencyDecider.decide(command, next, ctx));
    state = next;
    log.push(...events);
  });
  return { state, log };
}

// Which status each lifecycle event may follow (DOMAIN.md's diagram).
const FROM: Partial<Record<AgencyEvent['type'], AgencyStatus[]>> = {
  PledgeTaken: ['none', 'lapsed', 'withdrawn', 'revoked'],
  CertificationSubmitted: ['pledged', 'changes-requested'],
  CertificationChangesRequested: ['submitted'],
  CertificationApproved: ['submitted'],
  RequirementReviewed: ['submitted'],
  PledgeWithdrawn: ['pledged', 'submitted', 'changes-requested'],
  PledgeLapsed: ['pledged', 'changes-requested'],
  CertificationRevoked: ['certified'],
  CertificationExpired: ['certified'],
  RecertificationStarted: ['certified', 'expired'],
};
const STATUSES: AgencyStatus[] = [
  'none',
  'pledged',
  'submitted',
  'changes-requested',
  'certified',
  'lapsed',
  'withdrawn',
  'revoked',
  'expired',
];

describe('agency decider properties', () => {
  it('random command sequences throw nothing but DomainError and keep the lifecycle', () => {
    fc.assert(
      fc.property(steps, (plan) => {
        const { log } = run(plan);
        let state = agencyDecider.initialState();
        const submittedInCycle = new Map<string | null, number>();
        for (const event of log) {
          // Each campaign's cycle keeps the lifecycle on its own (issue 18 item 3).
          const campaign = campaignOfEvent(primaryCampaign(state), event);
          const cycle = campaign === null ? state : cycleView(state, campaign);
          expect(FROM[event.type]?.includes(cycle.status) ?? true).toBe(true);
          if (event.type === 'CertificationSubmitted') submittedInCycle.set(campaign, event.data.cycle);
          if (event.type === 'CertificationApproved')
            expect(submittedInCycle.get(campaign)).toBe(event.data.cycle);
          state = agencyDecider.evolve(state, event);
          for (const { view } of campaignCycles(state)) {
            expect(STATUSES).toContain(view.status);
            if (view.status === 'certified') expect(view.certificate).not.toBeNull();
          }
        }
      }),
      params,
    );
  });

  it('folding the same events twice gives equal states, and folding on never changes an earlier state', () => {
    fc.assert(
      fc.property(steps, fc.nat(), (plan, cut) => {
        const { log } = run(plan);
        expect(fold(agencyDecider, log)).toEqual(fold(agencyDecider, log));
        const k = log.length === 0 ? 0 : cut % log.length;
        const prefix = fold(agencyDecider, log.slice(0, k));
        fold(agencyDecider, log.slice(k), prefix);
        expect(prefix).toEqual(fold(agencyDecider, log.slice(0, k)));
      }),
      params,
    );
  });

  it('a system command that decided something decides nothing when repeated', () => {
    let repeats = 0;
    fc.assert(
      fc.property(steps, (plan) => {
        run(plan, (_before, command, events, decideAgain) => {
          if (!SYSTEM_COMMANDS.includes(command.type) || events.length === 0) return;
          repeats += 1;
          expect(decideAgain()).toEqual([]);
        });
      }),
      params,
    );
    expect(repeats).toBeGreaterThan(0);
  });
});
