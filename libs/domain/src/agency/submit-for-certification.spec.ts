import { agencyDecider } from './agency.decider.js';
import { deciderSpec } from '../testing/decider-spec.js';
import { swornHeadcounts } from '#testing';
import {
  agencyCtx,
  approved,
  joined,
  partnership,
  pledged,
  policy,
  readyAgency,
  ref,
  roster,
  submitted,
  trained,
} from '../testing/agency-fixtures.js';
import { evolveCatalogue, initialCatalogue } from '../programs/catalogue.js';
import type { AgencyEvent } from '#events';
import type { SubmitForCertification } from './agency.commands.js';

const spec = deciderSpec(agencyDecider);
const submit: SubmitForCertification = { type: 'SubmitForCertification', data: {} };
const ctx = (now = '2025-09-01T10:00:00.000Z', catalogue = initialCatalogue()) =>
  agencyCtx('agency', now, catalogue);

// The real headcounts, read from the published FBI files as they are.
const [sworn2018, sworn2020] = swornHeadcounts('TX0611200', 'Flower Mound');

describe('SubmitForCertification with Flower Mound PD (ORI TX0611200)', () => {
  it('reads 94 sworn officers in 2018 and 96 in 2020 from the FBI files', () => {
    expect([sworn2018, sworn2020]).toEqual([94, 96]);
  });

  it('submits with 94 sworn officers and 19 crisis-trained, carrying the evaluation', () => {
    spec
      .given(readyAgency(sworn2018, 19))
      .when(submit, ctx())
      .thenMatch(([e]) => {
        expect(e.type).toBe('CertificationSubmitted');
        if (e.type !== 'CertificationSubmitted') return;
        expect(e.data).toMatchObject({ cycle: 1, submittedAt: '2025-09-01T10:00:00.000Z' });
        expect(e.data.evaluation).toMatchObject({
          met: true,
          evaluatedOn: '2025-09-01',
          training: { sworn: 94, crisisTrained: 19, crisisRequired: 19, covered: 94 },
        });
      });
  });

  it('after two more officers join (96, as in 2020), 19 crisis-trained is refused: 20 required', () => {
    const hires = [sworn2018 + 1, sworn2020].flatMap((i) => [
      joined(ref(i), '2025-08-01'),
      trained(ref(i), 'mhfa', '2025-08-15'),
    ]);
    expect(sworn2018 + hires.length / 2).toBe(sworn2020);
    const error = spec
      .given([...readyAgency(sworn2018, 19), ...hires])
      .when(submit, ctx())
      .thenThrows('requirements-not-met');
    expect(error.errors).toEqual([
      { path: 'training.crisis', message: expect.stringContaining('crisis: 19 of 20 required') },
    ]);
  });
});

describe('SubmitForCertification: the two rule sets judge the same roster differently', () => {
  // 10 sworn, 2 with a crisis class only, 8 with awareness only: the 2016 rule wants awareness for all.
  const sameRoster = [partnership(), policy(), ...roster(10, 2)];
  it('one-mind-2023 counts a crisis class as coverage: met', () => {
    spec
      .given([pledged(), ...sameRoster])
      .when(submit, ctx())
      .thenMatch(([e]) => expect(e.type).toBe('CertificationSubmitted'));
  });
  it('one-mind-2016 wants an awareness class for every officer: not met', () => {
    const error = spec
      .given([pledged({ ruleSet: 'one-mind-2016' }), ...sameRoster])
      .when(submit, ctx())
      .thenThrows('requirements-not-met');
    expect(error.errors).toEqual([
      { path: 'training.coverage', message: expect.stringContaining('coverage: 8 of 10') },
    ]);
  });
});

describe('SubmitForCertification: status and requirements', () => {
  it('lists every missing requirement', () => {
    const error = spec
      .given([pledged(), ...roster(10, 1, 5)])
      .when(submit, ctx())
      .thenThrows('requirements-not-met');
    expect(error.errors.map((e) => e.path)).toEqual([
      'partnership',
      'policy',
      'training.crisis',
      'training.coverage',
    ]);
  });
  it('counts a proposed programme only once recognised', () => {
    const proposed = {
      programId: 'local-cit',
      name: 'Local CIT',
      provider: 'County',
      class: 'crisis' as const,
    };
    const given = [...readyAgency(5, 0), trained(ref(1), 'local-cit', '2025-05-01')];
    const pending = evolveCatalogue(initialCatalogue(), {
      type: 'TrainingProgramProposed',
      data: { ...proposed, proposedBy: 'x', proposedAt: '2025-04-01T00:00:00Z' },
    });
    spec.given(given).when(submit, ctx(undefined, pending)).thenThrows('requirements-not-met');
    const recognised = evolveCatalogue(pending, {
      type: 'TrainingProgramRecognized',
      data: { ...proposed, recognizedAt: '2025-08-01T00:00:00Z' },
    });
    spec
      .given(given)
      .when(submit, ctx(undefined, recognised))
      .thenMatch(([e]) => expect(e.type).toBe('CertificationSubmitted'));
  });
  it('resubmits after changes were requested', () => {
    const changes: AgencyEvent = {
      type: 'CertificationChangesRequested',
      data: { cycle: 1, reasons: [{ requirement: 'policy', message: 'attach it' }] },
    };
    spec
      .given([...readyAgency(5, 1), submitted('2025-08-01T00:00:00Z'), changes])
      .when(submit, ctx())
      .thenMatch(([e]) => expect(e.type).toBe('CertificationSubmitted'));
  });
  it.each([
    ['already-submitted', [submitted()]],
    ['already-certified', [submitted(), approved()]],
    [
      'not-pledged',
      [
        {
          type: 'PledgeWithdrawn',
          data: { cycle: 1, withdrawnOn: '2025-05-01', reason: 'x' },
        } as AgencyEvent,
      ],
    ],
  ])('refuses with %s', (code, after) => {
    spec
      .given([...readyAgency(5, 1), ...after])
      .when(submit, ctx())
      .thenThrows(code);
  });
  it('refuses on or after the deadline, and before any pledge (404)', () => {
    spec.given(readyAgency(5, 1)).when(submit, ctx('2028-01-15T00:00:01Z')).thenThrows('deadline-passed');
    spec.given([]).when(submit, ctx()).thenThrows('agency-not-found');
  });
  it('lets a pledge and its completion fall on the same day', () => {
    const sameDay = [
      pledged({ pledgedOn: '2025-09-01', deadline: '2028-09-01' }),
      partnership('p-1', '2025-01-01'),
      policy('pol-1', '2025-03-01'),
      ...roster(5, 1),
    ];
    spec
      .given(sameDay)
      .when(submit, ctx())
      .thenMatch(([e]) => expect(e.type).toBe('CertificationSubmitted'));
  });
});
