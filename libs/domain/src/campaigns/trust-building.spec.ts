import { initialCatalogue } from '../programs/catalogue.js';
import { reviewItemsOf, ruleSet } from '../rule-sets.js';
import { CAMPAIGNS } from './campaigns.js';
import { judge } from './judge.js';
import { missingRequirements } from './missing.js';
import type { PracticeRecord, RequirementRecords } from './records.js';
import type { PracticeRequirement } from './requirement.js';
import { FOCUS_AREAS, TRUST_BUILDING, practiceId } from './trust-building.js';

const [rule] = TRUST_BUILDING.ruleSets;
const practices = rule.requirements.filter((r): r is PracticeRequirement => r.kind === 'practice');

describe('the Trust Building Campaign as data (issue 18 item 2)', () => {
  it('has all 25 practices, numbered 1 to 25, with text, in the six focus areas', () => {
    expect(rule.requirements).toHaveLength(25);
    expect(practices.map((p) => p.number)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    expect(practices.map((p) => p.id)).toEqual(practices.map((p) => practiceId(p.number)));
    expect(new Set(practices.map((p) => p.focusArea))).toEqual(new Set(FOCUS_AREAS));
    for (const p of practices) expect(p.text.length).toBeGreaterThan(20);
  });

  it('follows the sign-up page: 1–4 Bias-Free Policing, 5–8 Use of Force, 9–13 Leadership and Culture, as read', () => {
    const area = (n: number) => practices[n - 1].focusArea;
    expect([1, 2, 3, 4].map(area)).toEqual(Array(4).fill('Bias-Free Policing'));
    expect([5, 6, 7, 8].map(area)).toEqual(Array(4).fill('Use of Force'));
    expect([9, 10, 11, 12, 13].map(area)).toEqual(Array(5).fill('Leadership and Culture'));
    // What could be read is not marked; every practice after the cut is, for IACP staff to confirm.
    expect(practices.filter((p) => p.confirm).map((p) => p.number)).toEqual(
      Array.from({ length: 12 }, (_, i) => i + 14),
    );
    expect(TRUST_BUILDING.sources).toContain('https://www.theiacp.org/iacp-trust-building-campaign-sign-up');
  });

  it('each practice is its own review item', () => {
    expect(reviewItemsOf(rule)).toEqual(practices.map((p) => p.id));
  });

  it('says how long a certification lasts: One Mind 2023 and Trust Building 36 months, One Mind 2016 never expires', () => {
    expect(rule.validForMonths).toBe(36);
    expect(ruleSet('one-mind-2023').validForMonths).toBe(36);
    expect(ruleSet('one-mind-2016').validForMonths).toBeUndefined();
  });

  it('lists both campaigns, One Mind first, each rule set naming its campaign', () => {
    expect(CAMPAIGNS.map((c) => c.campaignId)).toEqual(['one-mind', 'trust-building']);
    for (const c of CAMPAIGNS) for (const r of c.ruleSets) expect(r.campaign).toBe(c.campaignId);
  });
});

describe('practices are judged by the same evaluator as One Mind', () => {
  const implemented = (numbers: number[], extra: Partial<PracticeRecord> = {}): RequirementRecords => ({
    partnerships: new Map(),
    policies: [],
    officers: new Map(),
    practices: new Map(
      numbers.map((n) => [practiceId(n), { implementedOn: '2025-03-01', evidenceIds: ['ev-1'], ...extra }]),
    ),
  });
  const all = Array.from({ length: 25 }, (_, i) => i + 1);
  const judged = (records: RequirementRecords, date = '2025-06-01') =>
    judge(rule, records, date, initialCatalogue());

  it('24 of 25 implemented: not met, and the missing one is named', () => {
    const j = judged(implemented(all.filter((n) => n !== 12)));
    expect(j.met).toBe(false);
    expect(j.results.filter((r) => !r.met).map((r) => r.requirement.id)).toEqual(['practice-12']);
    expect(missingRequirements(j)).toEqual([
      {
        path: 'practice-12',
        message: `practice 12 (Leadership and Culture) not yet in place: ${practices[11].text}`,
      },
    ]);
  });

  it('all 25 implemented with evidence: met', () => {
    const j = judged(implemented(all));
    expect(j.met).toBe(true);
    expect(missingRequirements(j)).toEqual([]);
  });

  it('a practice implemented after the evaluation date, or without evidence, does not count', () => {
    expect(judged(implemented(all), '2025-02-28').met).toBe(false);
    const j = judged(implemented(all, { evidenceIds: [] }));
    expect(j.met).toBe(false);
    expect(missingRequirements(j)[0]).toEqual({
      path: 'practice-01',
      message: 'practice 1 (Bias-Free Policing) implemented on 2025-03-01 but no evidence attached',
    });
  });

  it('a rule set mixing kinds (practice, evidence, training) is judged by the same function', () => {
    const mixed = {
      id: 'test-mixed',
      requirements: [
        practices[0],
        { kind: 'evidence', id: 'policy-document', text: 'the adopted policy', document: 'policy' } as const,
        ruleSet('one-mind-2023').requirements[2],
      ],
    };
    const records = { ...implemented([1]), evidence: new Map([['e-1', { requirement: 'policy' as const }]]) };
    const j = judge(mixed, records, '2025-06-01', initialCatalogue());
    expect(j.results.map((r) => [r.requirement.id, r.met])).toEqual([
      ['practice-01', true],
      ['policy-document', true],
      ['training.crisis', false],
    ]);
    expect(missingRequirements(j)).toEqual([
      { path: 'training', message: 'no sworn officers on the roster' },
    ]);
  });
});
