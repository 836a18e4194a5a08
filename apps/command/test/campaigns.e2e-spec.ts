import { TestApp } from './support/test-app.js';

/** GET /v1/campaigns over HTTP (issue 18): the campaigns are data, and anyone may read them. */
describe('the campaigns and their rule sets: GET /v1/campaigns (e2e)', () => {
  const t = new TestApp();
  beforeAll(() => t.start());
  afterAll(() => t.stop());

  it('answers anyone, without a token, with One Mind first and then Trust Building', async () => {
    const res = await t.request('GET', '/v1/campaigns');
    expect(res.status).toBe(200);
    expect(res.json.map((c: { campaignId: string }) => c.campaignId)).toEqual(['one-mind', 'trust-building']);
    for (const c of res.json) {
      expect(Object.keys(c).sort()).toEqual(['campaignId', 'ruleSets', 'sources', 'title']);
      // Everything a rule set says, so that staff can copy an item and publish a new version of it.
      for (const r of c.ruleSets)
        expect(
          Object.keys(r)
            .filter((k) => k !== 'validForMonths')
            .sort(),
        ).toEqual(['commitmentMonths', 'from', 'reminderOffsetsDays', 'requirements', 'ruleSetId', 'title']);
    }
  });

  it('shows One Mind 2016 and 2023 as typed requirements: they differ only in what covers an officer', async () => {
    const [oneMind] = (await t.request('GET', '/v1/campaigns')).json;
    expect(oneMind.ruleSets.map((r: { ruleSetId: string; from: string }) => [r.ruleSetId, r.from])).toEqual([
      ['one-mind-2016', '2016-10-01'],
      ['one-mind-2023', '2023-01-01'],
    ]);
    const [r2016, r2023] = oneMind.ruleSets;
    const kinds = (r: { requirements: { kind: string; id: string }[] }) =>
      r.requirements.map((q) => [q.kind, q.id]);
    expect(kinds(r2023)).toEqual([
      ['partnership', 'partnership'],
      ['policy', 'policy'],
      ['training-ratio', 'training.crisis'],
      ['training-coverage', 'training.coverage'],
    ]);
    expect(kinds(r2016)).toEqual(kinds(r2023));
    expect(r2023.requirements[2]).toMatchObject({
      classes: ['crisis'],
      minimumShare: 0.2,
      rounding: 'ceil',
      review: 'training',
    });
    expect(r2016.requirements[3]).toMatchObject({ classes: ['awareness'], share: 1 });
    expect(r2023.requirements[3]).toMatchObject({ classes: ['crisis', 'awareness'], share: 1 });
  });

  it('lists the 25 Trust Building practices with number, focus area and text, the unread ones marked to confirm', async () => {
    const [, trust] = (await t.request('GET', '/v1/campaigns')).json;
    const [rule] = trust.ruleSets;
    expect(rule.ruleSetId).toBe('trust-building-2022');
    expect(rule.requirements).toHaveLength(25);
    expect(rule.requirements[0]).toEqual({
      kind: 'practice',
      id: 'practice-01',
      number: 1,
      focusArea: 'Bias-Free Policing',
      text: expect.stringContaining('bias-free policing'),
    });
    expect(rule.requirements.filter((p: { confirm?: boolean }) => p.confirm).length).toBe(12);
    expect(new Set(rule.requirements.map((p: { focusArea: string }) => p.focusArea)).size).toBe(6);
  });
});
