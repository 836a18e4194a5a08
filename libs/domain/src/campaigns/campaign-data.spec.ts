import { thirdCampaignData } from '#testing';
import { CAMPAIGNS, describeCampaigns } from './campaigns.js';
import { parseCampaignData } from './campaign-data.js';

const third = thirdCampaignData;

function issuesOf(input: unknown): string[] {
  const out = parseCampaignData(input);
  if (out.ok) throw new Error('expected the data to be refused');
  return out.issues.map((i) => `${i.path}: ${i.message}`);
}

describe('campaign data (issue 18 item 7): what staff may publish, checked before it can judge anyone', () => {
  it.each(CAMPAIGNS.map((c) => [c.campaignId, c] as const))(
    'the built-in %s, as GET /v1/campaigns shows it, reads back exactly (what staff edit is what the engine judges by)',
    (_id, campaign) => {
      const out = parseCampaignData(JSON.parse(JSON.stringify(describeCampaigns([campaign])[0])));
      expect(out).toEqual({ ok: true, campaign });
    },
  );

  it('reads a third campaign from a data file', () => {
    const out = parseCampaignData(third());
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    expect(out.campaign.campaignId).toBe('officer-wellness');
    expect(out.campaign.ruleSets[0].campaign).toBe('officer-wellness');
    expect(out.campaign.ruleSets[0].requirements.map((r) => r.kind)).toEqual([
      'partnership',
      'policy',
      'practice',
      'practice',
    ]);
  });

  it('refuses an unknown key instead of ignoring it (a misspelt rule would silently not apply)', () => {
    const data = third();
    data.ruleSets[0].requirements.push({
      kind: 'training-ratio',
      id: 'training.crisis',
      text: 'Crisis training for a fifth.',
      classes: ['crisis'],
      minimumshare: 0.2,
      rounding: 'ceil',
      label: 'crisis',
      training: 'crisis-intervention training',
    });
    expect(issuesOf(data)).toEqual([
      expect.stringMatching(/^ruleSets\[0\]\.requirements\[4\]\.minimumshare: unknown key/),
      'ruleSets[0].requirements[4].minimumShare: must be a number above 0 and at most 1 (a share: 0.2 is 20 %)',
    ]);
  });

  it('names every problem with its path', () => {
    const data = third();
    data.campaignId = 'Officer Wellness';
    data.sources = ['javascript:alert(1)', 'https://example.org/a\u0007b'];
    const rs = data.ruleSets[0];
    rs.from = '2026-02-30';
    rs.commitmentMonths = { min: 24, max: 12, default: 18 };
    rs.reminderOffsetsDays = [30, 30, 0];
    rs.requirements[0].partnerTypes = ['hospital'];
    rs.requirements[1].kind = 'checklist';
    rs.requirements[2].number = 2;
    rs.requirements[0].text = 'Peer\u202e support';
    expect(issuesOf(data)).toEqual([
      'campaignId: must be lower-case letters, digits and dashes (^[a-z][a-z0-9-]{1,62}[a-z0-9]$)',
      'sources[0]: must be an http(s) address',
      'sources[1]: must be an http(s) address',
      'ruleSets[0].from: must be a calendar date YYYY-MM-DD',
      'ruleSets[0].commitmentMonths.default: min ≤ default ≤ max must hold (24, 18, 12)',
      'ruleSets[0].reminderOffsetsDays[2]: must be a whole number of days from 1 to 3650',
      'ruleSets[0].reminderOffsetsDays: must not repeat a day',
      'ruleSets[0].requirements[0].text: must not contain control or bidirectional characters',
      'ruleSets[0].requirements[0].partnerTypes[0]: must be one of community-mental-health, community-health, other',
      'ruleSets[0].requirements[1].kind: must be one of partnership, policy, training-ratio, training-coverage, practice, evidence',
      'ruleSets[0].requirements: practice number 2 appears more than once',
    ]);
  });

  it('refuses a rule set filed under another campaign, repeated ids, and versions out of order', () => {
    const data = third();
    const v2 = structuredClone(data.ruleSets[0]);
    v2.campaign = 'one-mind';
    data.ruleSets.push(v2);
    data.ruleSets[0].requirements[3].id = 'practice-01';
    expect(issuesOf(data)).toEqual([
      'ruleSets[0].requirements: requirement id practice-01 appears more than once',
      expect.stringMatching(/^ruleSets\[1\]\.campaign: unknown key/),
    ]);
    delete v2.campaign;
    data.ruleSets[0].requirements[3].id = 'practice-02';
    expect(issuesOf(data)).toEqual([
      'ruleSets: rule set officer-wellness-2026 appears more than once',
      'ruleSets[1].from: versions are listed oldest first, each from a later day than the one before',
    ]);
  });

  it('refuses what is not a campaign at all, and prototype keys', () => {
    expect(issuesOf([])).toEqual([': a campaign must be a JSON object']);
    expect(issuesOf(JSON.parse('{"__proto__": {"x": 1}}'))).toContain(
      '__proto__: unknown key (allowed: campaignId, title, sources, ruleSets)',
    );
  });
});
