import fc from 'fast-check';
import { addDays } from '../dates.js';
import { evolveCatalogue, initialCatalogue } from '../programs/catalogue.js';
import { pledgeCommand } from './agency-fixtures.js';
import type { Role } from '#events';
import type { AgencyCommand } from '../agency/agency.commands.js';
import type { AgencyState } from '../agency/agency.state.js';

/**
 * Random agency command sequences for the property tests: a small alphabet of every command with
 * random payloads, dates around "today", and roles. Refs and programmes come from small sets so
 * that duplicates, unknown programmes and separated officers actually occur.
 */
// A catalogue with one programme only proposed and one recognised late, besides the built-ins.
const local = { name: 'L', provider: 'P' };
export const catalogue = evolveCatalogue(
  evolveCatalogue(initialCatalogue(), {
    type: 'TrainingProgramProposed',
    data: {
      programId: 'local-cit',
      ...local,
      class: 'crisis',
      proposedBy: 'a',
      proposedAt: '2024-01-01T00:00:00Z',
    },
  }),
  {
    type: 'TrainingProgramRecognized',
    data: { programId: 'local-aw', ...local, class: 'awareness', recognizedAt: '2025-01-01T00:00:00Z' },
  },
);

export type Step = {
  advanceDays: number;
  role: Role;
  command: (s: AgencyState, today: string) => AgencyCommand;
};

const refs = fc.constantFrom('A', 'B', 'C', 'D', 'E', 'F');
const programs = fc.constantFrom(...'cit crit mhfa mhfa-public-safety local-cit local-aw yoga'.split(' '));
const offset = fc.integer({ min: -800, max: 30 });
const reason = fc.constantFrom('', 'because');
const mostlySworn = fc.nat({ max: 4 }).map((n) => n > 0);
const at = (today: string, days: number) => addDays(today, days);
/** The current deadline; an agency without a pledge has none, so `today` stands in. */
const deadlineOr = (s: AgencyState, today: string) => (s.status === 'none' ? today : s.deadline);
const deadlineOf = (s: AgencyState, today: string, current: boolean, d: number) =>
  current && s.status !== 'none' ? s.deadline : at(today, d);
const cmd = <A>(arb: fc.Arbitrary<A>, make: (a: A, s: AgencyState, today: string) => AgencyCommand) =>
  arb.map((a) => (s: AgencyState, today: string) => make(a, s, today));

const commands: fc.Arbitrary<Step['command']> = fc.oneof(
  cmd(fc.tuple(fc.integer({ min: 10, max: 38 }), fc.option(offset)), ([m, d], _s, t) =>
    pledgeCommand({ commitmentMonths: m, pledgedOn: d === null ? undefined : at(t, d) }),
  ),
  {
    arbitrary: cmd(
      fc.tuple(
        fc.constantFrom('community-mental-health', 'community-health', 'other') as fc.Arbitrary<'other'>,
        offset,
      ),
      ([partnerType, d], _s, t) => ({
        type: 'EstablishPartnership',
        data: { partnerName: 'P', partnerType, establishedOn: at(t, d) },
      }),
    ),
    weight: 2,
  },
  cmd(fc.tuple(fc.integer({ min: 0, max: 30 }), offset, reason), ([i, d, r], _s, t) => ({
    type: 'EndPartnership',
    data: { partnershipId: `id-${i}`, endedOn: at(t, d), reason: r },
  })),
  {
    arbitrary: cmd(fc.tuple(offset, fc.integer({ min: -10, max: 60 })), ([d, e], _s, t) => ({
      type: 'AdoptPolicy',
      data: {
        title: 'T',
        version: '1',
        adoptedOn: at(t, d),
        effectiveOn: at(t, d + e),
        basedOnIacpModel: true,
      },
    })),
    weight: 2,
  },
  {
    arbitrary: cmd(
      fc.uniqueArray(fc.tuple(refs, mostlySworn, offset), { maxLength: 6, selector: ([r]) => r }),
      (os, _s, t) => ({
        type: 'AddOfficers',
        data: { officers: os.map(([officerRef, sworn, d]) => ({ officerRef, sworn, joinedOn: at(t, d) })) },
      }),
    ),
    weight: 3,
  },
  cmd(fc.array(fc.tuple(refs, offset), { maxLength: 3 }), (os, _s, t) => ({
    type: 'SeparateOfficers',
    data: { officers: os.map(([officerRef, d]) => ({ officerRef, separatedOn: at(t, d) })) },
  })),
  {
    arbitrary: cmd(fc.array(fc.tuple(refs, programs, offset), { maxLength: 6 }), (rs, _s, t) => ({
      type: 'RecordTraining',
      data: {
        records: rs.map(([officerRef, programId, d]) => ({ officerRef, programId, completedOn: at(t, d) })),
      },
    })),
    weight: 3,
  },
  cmd(
    fc.constantFrom('partnership', 'policy', 'training', 'other') as fc.Arbitrary<'other'>,
    (requirement) => ({
      type: 'AttachEvidence',
      data: {
        requirement,
        filename: 'mou.pdf',
        mediaType: 'application/pdf',
        size: 1024,
        sha256: 'c'.repeat(64),
      },
    }),
  ),
  // Evidence ids: those the agency attached (accepted) or one it never did (evidence-not-found).
  cmd(fc.tuple(fc.boolean(), offset), ([known, d], s, t) => ({
    type: 'EstablishPartnership',
    data: {
      partnerName: 'P',
      partnerType: 'other',
      establishedOn: at(t, d),
      evidenceIds: known ? [...s.evidence.keys()].slice(0, 2) : ['not-attached'],
    },
  })),
  { arbitrary: cmd(fc.constant(0), () => ({ type: 'SubmitForCertification', data: {} })), weight: 4 },
  // Trust Building: a pledge through its route (refused for a One Mind agency: campaign-not-joined),
  // evidence for a practice, a practice of it or not (practice 26) through either campaign's route
  // and with evidence attached or not, and a submission through its route.
  cmd(fc.option(offset), (d, _s, t) =>
    pledgeCommand({ campaignId: 'trust-building', pledgedOn: d === null ? undefined : at(t, d) }),
  ),
  cmd(fc.integer({ min: 1, max: 3 }), (n) => ({
    type: 'AttachEvidence',
    data: {
      requirement: `practice-0${n}`,
      filename: 'policy.pdf',
      mediaType: 'application/pdf',
      size: 1024,
      sha256: 'd'.repeat(64),
    },
  })),
  {
    arbitrary: cmd(
      fc.tuple(
        fc.integer({ min: 1, max: 26 }),
        fc.constantFrom('trust-building', 'trust-building', 'one-mind', 'no-such'),
        fc.boolean(),
        offset,
      ),
      ([n, campaignId, known, d], s, t) => ({
        type: 'ImplementPractice',
        data: {
          campaignId,
          practiceId: `practice-${String(n).padStart(2, '0')}`,
          implementedOn: at(t, d),
          evidenceIds: known ? [...s.evidence.keys()].slice(0, 1) : ['not-attached'],
        },
      }),
    ),
    weight: 2,
  },
  cmd(fc.constant(0), () => ({ type: 'SubmitForCertification', data: { campaignId: 'trust-building' } })),
  {
    arbitrary: cmd(
      fc.tuple(
        fc.constantFrom('partnership', 'policy', 'training', 'other', 'practice-01', 'practice-02'),
        fc.constantFrom('accepted', 'changes-requested') as fc.Arbitrary<'accepted'>,
        fc.constantFrom(undefined, '', 'fix it'),
      ),
      ([requirement, decision, message]) => ({
        type: 'ReviewRequirement',
        data: message === undefined ? { requirement, decision } : { requirement, decision, message },
      }),
    ),
    weight: 3,
  },
  cmd(fc.boolean(), (some) => ({
    type: 'RequestChanges',
    data: { reasons: some ? [{ requirement: 'policy', message: 'm' }] : [] },
  })),
  {
    arbitrary: cmd(fc.option(fc.integer({ min: -60, max: 5 })), (d, _s, t) => ({
      type: 'ApproveCertification',
      data: d === null ? {} : { effectiveOn: at(t, d) },
    })),
    weight: 3,
  },
  cmd(fc.tuple(fc.integer({ min: -30, max: 1200 }), reason), ([d, r], s, t) => ({
    type: 'ExtendDeadline',
    data: { newDeadline: at(deadlineOr(s, t), d), reason: r },
  })),
  cmd(reason, (r) => ({ type: 'WithdrawPledge', data: { reason: r } })),
  cmd(reason, (r) => ({ type: 'RevokeCertification', data: { reason: r } })),
  cmd(fc.tuple(fc.constantFrom(180, 90, 30, 7), fc.boolean(), offset), ([o, cur, d], s, t) => ({
    type: 'SendDeadlineReminder',
    data: { deadline: deadlineOf(s, t, cur, d), offsetDays: o },
  })),
  cmd(fc.tuple(fc.boolean(), offset), ([cur, d], s, t) => ({
    type: 'LapsePledge',
    data: { deadline: deadlineOf(s, t, cur, d) },
  })),
  // The expiry timer, for the current certificate or a stale one (a timer of an earlier cycle).
  cmd(fc.boolean(), (current, s) => ({
    type: 'ExpireCertification',
    data: {
      certificateNumber:
        current && s.status !== 'none' && s.certificate ? s.certificate.number : 'OM-2020-stale-1',
    },
  })),
  cmd(fc.constantFrom(undefined, 'three years on'), (note) => ({
    type: 'StartRecertification',
    data: note === undefined ? {} : { note },
  })),
  cmd(fc.constant(0), (_a, _s, t) => ({
    type: 'IssueCertificate',
    data: { sha256: 'a'.repeat(64), issuedAt: `${t}T00:00:00Z` },
  })),
  cmd(fc.constant(0), (_a, _s, t) => ({
    type: 'IssuePresidentialLetter',
    data: { sha256: 'b'.repeat(64), issuedAt: `${t}T00:00:00Z` },
  })),
  cmd(fc.constant(0), () => ({ type: 'FeatureInNewsletter', data: {} })),
  // A small set of ids, so that the second record of the same notification is generated too.
  cmd(fc.constantFrom('changes-requested/x/3', 'certified/OM-1'), (notificationId, _s, t) => ({
    type: 'RecordNotificationSent',
    data: {
      notificationId,
      kind: notificationId.startsWith('certified') ? 'certified' : 'changes-requested',
      messageId: `<${notificationId.replace(/\//g, '.')}@onemind>`,
      to: 'contact@example.org',
      sentAt: `${t}T00:00:00Z`,
    },
  })),
  // Trains the whole current roster, so that submissions and approvals are actually reached.
  {
    arbitrary: cmd(fc.constantFrom('cit', 'local-aw'), (programId, s, t) => ({
      type: 'RecordTraining',
      data: {
        records: [...s.officers]
          .filter(([, o]) => !o.separatedOn)
          .map(([officerRef]) => ({ officerRef, programId, completedOn: t })),
      },
    })),
    weight: 2,
  },
);
// Most plans start with a valid pledge, a partnership and a policy: without them nearly every
// command is refused and the review half of the lifecycle is never reached.
const OPENING: Step[] = [
  { advanceDays: 0, role: 'staff', command: () => pledgeCommand() },
  {
    advanceDays: 0,
    role: 'agency',
    command: () => ({
      type: 'EstablishPartnership',
      data: { partnerName: 'P', partnerType: 'community-health', establishedOn: '2023-06-01' },
    }),
  },
  {
    advanceDays: 0,
    role: 'agency',
    command: () => ({
      type: 'AdoptPolicy',
      data: {
        title: 'T',
        version: '1',
        adoptedOn: '2023-06-01',
        effectiveOn: '2023-06-01',
        basedOnIacpModel: true,
      },
    }),
  },
];
const opening = fc.option(fc.constant(OPENING), { freq: 5 });
export const steps = fc
  .tuple(
    opening,
    fc.array(
      fc.record({
        advanceDays: fc.nat({ max: 90 }),
        role: fc.constantFrom<Role>('agency', 'staff', 'system'),
        command: commands,
      }),
      { minLength: 1, maxLength: 40, size: 'max' },
    ),
  )
  .map(([first, rest]) => [...(first ?? []), ...rest]);
