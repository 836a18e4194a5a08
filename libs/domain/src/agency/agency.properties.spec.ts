import fc from 'fast-check';
import { agencyDecider } from './agency.decider.js';
import { fold } from '../decider.js';
import { addDays } from '../dates.js';
import { DomainError } from '../errors.js';
import { evolveCatalogue, initialCatalogue } from '../programs/catalogue.js';
import { agencyCtx, pledgeCommand } from '../testing/agency-fixtures.js';
import type { AgencyEvent, Role } from '../../../events/src/index.js';
import type { AgencyCommand } from './agency.commands.js';
import type { AgencyState, AgencyStatus } from './agency.state.js';

const seed = Number(process.env.FC_SEED ?? Date.now());
console.log(`agency decider properties: FC_SEED=${seed}`);
const params = { seed, numRuns: 1000 };

// A catalogue with one programme only proposed and one recognised late, besides the built-ins.
const catalogue = [
  { type: 'TrainingProgramProposed' as const, data: { programId: 'local-cit', name: 'L', provider: 'P', class: 'crisis' as const, proposedBy: 'a', proposedAt: '2024-01-01T00:00:00Z' } },
  { type: 'TrainingProgramRecognized' as const, data: { programId: 'local-aw', name: 'L', provider: 'P', class: 'awareness' as const, recognizedAt: '2025-01-01T00:00:00Z' } },
].reduce(evolveCatalogue, initialCatalogue());

type Step = { advanceDays: number; role: Role; command: (s: AgencyState, today: string) => AgencyCommand };

const refs = fc.constantFrom('A', 'B', 'C', 'D', 'E', 'F');
const programs = fc.constantFrom('cit', 'crit', 'mhfa', 'mhfa-public-safety', 'local-cit', 'local-aw', 'yoga');
const offset = fc.integer({ min: -800, max: 30 });
const reason = fc.constantFrom('', 'because');
const at = (today: string, days: number) => addDays(today, days);
const deadlineOf = (s: AgencyState, today: string, current: boolean, d: number) => (current && s.deadline ? s.deadline : at(today, d));
const cmd = <A>(arb: fc.Arbitrary<A>, make: (a: A, s: AgencyState, today: string) => AgencyCommand) =>
  arb.map((a) => (s: AgencyState, today: string) => make(a, s, today));

const commands: fc.Arbitrary<Step['command']> = fc.oneof(
  cmd(fc.tuple(fc.integer({ min: 10, max: 38 }), fc.option(offset)), ([m, d], _s, t) => pledgeCommand({ commitmentMonths: m, pledgedOn: d === null ? undefined : at(t, d) })),
  { arbitrary: cmd(fc.tuple(fc.constantFrom('community-mental-health', 'community-health', 'other') as fc.Arbitrary<'other'>, offset), ([partnerType, d], _s, t) => ({ type: 'EstablishPartnership', data: { partnerName: 'P', partnerType, establishedOn: at(t, d) } })), weight: 2 },
  cmd(fc.tuple(fc.integer({ min: 0, max: 30 }), offset, reason), ([i, d, r], _s, t) => ({ type: 'EndPartnership', data: { partnershipId: `id-${i}`, endedOn: at(t, d), reason: r } })),
  { arbitrary: cmd(fc.tuple(offset, fc.integer({ min: -10, max: 60 })), ([d, e], _s, t) => ({ type: 'AdoptPolicy', data: { title: 'T', version: '1', adoptedOn: at(t, d), effectiveOn: at(t, d + e), basedOnIacpModel: true } })), weight: 2 },
  { arbitrary: cmd(fc.uniqueArray(fc.tuple(refs, fc.nat({ max: 4 }).map((n) => n > 0), offset), { maxLength: 6, selector: ([r]) => r }), (os, _s, t) => ({ type: 'AddOfficers', data: { officers: os.map(([officerRef, sworn, d]) => ({ officerRef, sworn, joinedOn: at(t, d) })) } })), weight: 3 },
  cmd(fc.array(fc.tuple(refs, offset), { maxLength: 3 }), (os, _s, t) => ({ type: 'SeparateOfficers', data: { officers: os.map(([officerRef, d]) => ({ officerRef, separatedOn: at(t, d) })) } })),
  { arbitrary: cmd(fc.array(fc.tuple(refs, programs, offset), { maxLength: 6 }), (rs, _s, t) => ({ type: 'RecordTraining', data: { records: rs.map(([officerRef, programId, d]) => ({ officerRef, programId, completedOn: at(t, d) })) } })), weight: 3 },
  { arbitrary: cmd(fc.constant(0), () => ({ type: 'SubmitForCertification', data: {} })), weight: 4 },
  cmd(fc.boolean(), (some) => ({ type: 'RequestChanges', data: { reasons: some ? [{ requirement: 'policy', message: 'm' }] : [] } })),
  { arbitrary: cmd(fc.option(fc.integer({ min: -60, max: 5 })), (d, _s, t) => ({ type: 'ApproveCertification', data: d === null ? {} : { effectiveOn: at(t, d) } })), weight: 3 },
  cmd(fc.tuple(fc.integer({ min: -30, max: 1200 }), reason), ([d, r], s, t) => ({ type: 'ExtendDeadline', data: { newDeadline: at(s.deadline ?? t, d), reason: r } })),
  cmd(reason, (r) => ({ type: 'WithdrawPledge', data: { reason: r } })),
  cmd(reason, (r) => ({ type: 'RevokeCertification', data: { reason: r } })),
  cmd(fc.tuple(fc.constantFrom(180, 90, 30, 7), fc.boolean(), offset), ([o, cur, d], s, t) => ({ type: 'SendDeadlineReminder', data: { deadline: deadlineOf(s, t, cur, d), offsetDays: o } })),
  cmd(fc.tuple(fc.boolean(), offset), ([cur, d], s, t) => ({ type: 'LapsePledge', data: { deadline: deadlineOf(s, t, cur, d) } })),
  cmd(fc.constant(0), (_a, _s, t) => ({ type: 'IssueCertificate', data: { sha256: 'a'.repeat(64), issuedAt: `${t}T00:00:00Z` } })),
  cmd(fc.constant(0), (_a, _s, t) => ({ type: 'IssuePresidentialLetter', data: { sha256: 'b'.repeat(64), issuedAt: `${t}T00:00:00Z` } })),
  cmd(fc.constant(0), () => ({ type: 'FeatureInNewsletter', data: {} })),
  // Trains the whole current roster, so that submissions and approvals are actually reached.
  { arbitrary: cmd(fc.constantFrom('cit', 'local-aw'), (programId, s, t) => ({ type: 'RecordTraining', data: { records: [...s.officers].filter(([, o]) => !o.separatedOn).map(([officerRef]) => ({ officerRef, programId, completedOn: t })) } })), weight: 2 },
);
// Most plans start with a valid pledge, a partnership and a policy: without them nearly every
// command is refused and the review half of the lifecycle is never reached.
const OPENING: Step[] = [
  { advanceDays: 0, role: 'staff', command: () => pledgeCommand() },
  { advanceDays: 0, role: 'agency', command: () => ({ type: 'EstablishPartnership', data: { partnerName: 'P', partnerType: 'community-health', establishedOn: '2023-06-01' } }) },
  { advanceDays: 0, role: 'agency', command: () => ({ type: 'AdoptPolicy', data: { title: 'T', version: '1', adoptedOn: '2023-06-01', effectiveOn: '2023-06-01', basedOnIacpModel: true } }) },
];
const opening = fc.option(fc.constant(OPENING), { freq: 5 });
const steps = fc
  .tuple(opening, fc.array(
    fc.record({ advanceDays: fc.nat({ max: 90 }), role: fc.constantFrom<Role>('agency', 'staff', 'system'), command: commands }),
    { minLength: 1, maxLength: 40, size: 'max' },
  ))
  .map(([first, rest]) => [...(first ?? []), ...rest]);

const SYSTEM_COMMANDS = ['SendDeadlineReminder', 'LapsePledge', 'IssueCertificate', 'IssuePresidentialLetter', 'FeatureInNewsletter'];

/** Runs the steps like the command handler would: decide, and on success append and evolve. */
function run(plan: Step[], check: (before: AgencyState, command: AgencyCommand, events: AgencyEvent[], decideAgain: () => AgencyEvent[]) => void = () => {}) {
  let state = agencyDecider.initialState();
  let today = '2024-01-01';
  const log: AgencyEvent[] = [];
  plan.forEach((step, i) => {
    today = addDays(today, step.advanceDays);
    const ctx = { ...agencyCtx(step.role, `${today}T12:00:00.000Z`, catalogue), random: { id: () => `id-${i}`, verificationCode: () => `V${i}` } };
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
  PledgeWithdrawn: ['pledged', 'submitted', 'changes-requested'],
  PledgeLapsed: ['pledged', 'changes-requested'],
  CertificationRevoked: ['certified'],
};
const STATUSES: AgencyStatus[] = ['none', 'pledged', 'submitted', 'changes-requested', 'certified', 'lapsed', 'withdrawn', 'revoked'];

describe('agency decider properties', () => {
  it('random command sequences throw nothing but DomainError and keep the lifecycle', () => {
    fc.assert(
      fc.property(steps, (plan) => {
        const { log } = run(plan);
        let state = agencyDecider.initialState();
        let submittedInCycle = 0;
        for (const event of log) {
          expect(FROM[event.type]?.includes(state.status) ?? true).toBe(true);
          if (event.type === 'CertificationSubmitted') submittedInCycle = event.data.cycle;
          if (event.type === 'CertificationApproved') expect(submittedInCycle).toBe(event.data.cycle);
          state = agencyDecider.evolve(state, event);
          expect(STATUSES).toContain(state.status);
          if (state.status === 'certified') expect(state.certificate).not.toBeNull();
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
