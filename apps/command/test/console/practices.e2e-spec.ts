import { jest } from '@jest/globals';
import type { Page } from 'playwright-core';
import { startProjector, type RunningProjector } from '#projector';
import { thirdCampaignData } from '#testing';
import { evidenceForm, makePdf } from '../support/evidence-files.js';
import { TestApp } from '../support/test-app.js';
import { deletePrefix, isoDay, testPrefix } from '../support/timers-support.js';
import { launchBrowser, screenshot, seriousViolations, type Browser } from './support/browser.js';
import { openTab, signInAs } from './support/session.js';

jest.setTimeout(300_000);

const AGENCY = 'tx-plano-pd';
const NAME = 'Plano Police Department';
const TB = `/v1/agencies/${AGENCY}/campaigns/trust-building`;
const practiceId = (n: number) => `practice-${String(n).padStart(2, '0')}`;
const WIDTHS = [
  { width: 1366, height: 900 },
  { width: 390, height: 844 },
];

/**
 * A Trust Building agency in the console (the campaign's own steps, not One Mind's three): pledged
 * through the API, it records a practice with its evidence in the console and sees its progress
 * move; the other 24 come through the API, the agency submits in the console (the campaign's
 * submission route); staff see the practice with its date, note and evidence, open the document in
 * place and accept it there; the timeline says it in words. Every step passes axe at desktop and
 * phone width and does not scroll sideways at 390 px.
 */
describe('a Trust Building agency through the console (e2e, headless Chromium)', () => {
  const prefix = testPrefix();
  process.env.ONEMIND_QUEUE_PREFIX = prefix;
  const t = new TestApp();
  let projector: RunningProjector;
  let browser: Browser;
  let chief: string; // the agency's token for the API steps the brief allows (pledge, practices 2–25)
  let reader: string;
  let step = 0;
  const problems: string[] = [];

  beforeAll(async () => {
    browser = await launchBrowser();
    await t.start();
    projector = await startProjector(t.config, { port: 0 });
    chief = await t.token('agency', 'chief@plano', AGENCY, '30m');
    reader = await t.token('staff', 'reader@iacp', undefined, '30m');
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await projector?.stop();
    await t.stop();
    await deletePrefix(prefix);
    delete process.env.ONEMIND_QUEUE_PREFIX;
  });

  const tab = (): Promise<Page> => openTab(browser, problems, WIDTHS[0]);

  async function shot(page: Page, name: string) {
    const label = `practices-${String(++step).padStart(2, '0')}-${name}`;
    for (const size of WIDTHS) {
      await page.setViewportSize(size);
      await screenshot(page, `${label}-${size.width}`);
      const violations = await seriousViolations(page);
      expect({ page: label, width: size.width, violations }).toEqual({
        page: label,
        width: size.width,
        violations: [],
      });
      const scroll = (await page.evaluate('document.documentElement.scrollWidth')) as number;
      expect({ page: label, width: size.width, scrollWidth: scroll <= size.width ? 'fits' : scroll }).toEqual(
        { page: label, width: size.width, scrollWidth: 'fits' },
      );
    }
    await page.setViewportSize(WIDTHS[0]);
  }

  const signIn = (page: Page, role: 'agency' | 'staff' | 'auditor', sub: string, agencyId?: string) =>
    signInAs(page, t.baseUrl, role, sub, agencyId);

  const api = async (method: string, path: string, body?: unknown, token = chief) => {
    const res = await t.request(method, path, { token, body });
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${res.text}`);
    return res.json;
  };
  const read = async (path = '') =>
    (await t.request('GET', `/v1/agencies/${AGENCY}${path}`, { token: reader })).json;

  let agency: Page;

  it('the agency pledges to Trust Building in the console and sees its practices by focus area, not One Mind’s steps', async () => {
    agency = await tab();
    await signIn(agency, 'agency', 'chief@plano', AGENCY);
    const pledge = agency.getByRole('form', { name: 'Take the pledge' });
    await pledge.getByLabel('Campaign').selectOption({ label: 'IACP Trust Building Campaign' });
    await pledge.getByLabel('Agency name').fill(NAME);
    await pledge.getByLabel(/^Region/).fill('TX');
    await pledge.getByLabel('Signatory name').fill('Ed Drain');
    await pledge.getByLabel('Signatory title').fill('Chief of Police');
    await pledge.getByLabel('Contact name').fill('Lt. Ana Cole');
    await pledge.getByLabel('Contact email').fill('a.cole@plano.example');
    await pledge.getByRole('button', { name: 'Take the pledge' }).click();
    await agency.getByRole('heading', { name: NAME, level: 1 }).waitFor();
    expect((await read()).ruleSet).toBe('trust-building-2022');
    await agency.getByTestId('progress').getByText('0 of 25 practices in place', { exact: false }).waitFor();
    expect(await agency.getByTestId('campaign').textContent()).toBe('IACP Trust Building Campaign');
    expect(await agency.getByTestId('progress').textContent()).toMatch(/ · \d+ days left · next: /);
    await agency
      .getByRole('heading', { name: 'Your IACP Trust Building Campaign certification, step by step' })
      .waitFor();
    // One Mind's steps are not asked of this agency: no partnership, policy or roster upload.
    expect(await agency.getByTestId('task-partnership').count()).toBe(0);
    expect(await agency.getByRole('form', { name: 'Record a partnership' }).count()).toBe(0);
    expect(await agency.getByLabel('CSV file').count()).toBe(0);
    await agency.getByRole('heading', { name: 'Bias-Free Policing (0 of 4 in place)' }).waitFor();
    expect(await agency.locator('[data-testid^="practice-practice-"]').count()).toBe(25);
    await shot(agency, 'agency-practices');
  });

  it('the agency records practice 1 with its evidence in the console; the progress moves', async () => {
    const item = agency.getByTestId('practice-practice-01');
    expect(await item.getAttribute('data-met')).toBe('false');
    await item.locator('summary').click();
    const form = agency.getByRole('form', { name: 'Record practice 1', exact: true });
    await form.getByLabel('Date implemented').fill(isoDay(-30));
    await form.getByLabel(/^Evidence document/).setInputFiles({
      name: 'bias-free-policy.pdf',
      mimeType: 'application/pdf',
      buffer: await makePdf('Bias-free policing policy, general order 4.12'),
    });
    await form.getByLabel('Note (optional)').fill('General order 4.12, signed by the chief');
    await shot(agency, 'agency-practice-form');
    await form.getByRole('button', { name: 'Record practice 1', exact: true }).click();
    await agency.getByTestId('progress').getByText('1 of 25 practices in place', { exact: false }).waitFor();
    await agency.getByRole('heading', { name: 'Bias-Free Policing (1 of 4 in place)' }).waitFor();
    expect(await agency.getByTestId('practice-practice-01').getAttribute('data-met')).toBe('true');
    expect(await agency.getByTestId('practice-practice-01').textContent()).toContain(
      `Implemented on ${new Date(`${isoDay(-30)}T00:00:00Z`).getUTCDate()}`,
    );
    // The agency reads back its own note (the agency view carries it since the read model has it).
    expect(await agency.getByTestId('practice-note-practice-01').textContent()).toBe(
      'Your note: General order 4.12, signed by the chief',
    );
    await shot(agency, 'agency-practice-recorded');
    const view = await read();
    expect(view.practices[0]).toMatchObject({
      practiceId: 'practice-01',
      implementedOn: isoDay(-30),
      note: 'General order 4.12, signed by the chief',
      met: true,
    });
    expect(view.practices[0].evidenceIds).toHaveLength(1);
    const review = await read('/review');
    expect(review.evidence['practice-01']).toEqual([
      expect.objectContaining({ filename: 'bias-free-policy.pdf' }),
    ]);
  });

  it('with the other 24 in place (API), the agency submits in the console on its campaign’s route', async () => {
    const bytes = await makePdf('Practice in place');
    for (let n = 2; n <= 25; n++) {
      const ev = await api(
        'POST',
        `/v1/agencies/${AGENCY}/evidence`,
        evidenceForm(
          { bytes, filename: `practice-${n}.pdf`, type: 'application/pdf' },
          { requirement: practiceId(n) },
        ),
      );
      await api('POST', `${TB}/practices/${practiceId(n)}`, {
        implementedOn: isoDay(-10),
        evidenceIds: [ev.evidenceId],
      });
    }
    await agency.reload();
    await agency.getByTestId('progress').getByText('25 of 25 practices in place', { exact: false }).waitFor();
    await agency.getByRole('button', { name: 'Submit for certification' }).click();
    await agency.getByTestId('status').getByText('Submitted: waiting for IACP review').waitFor();
    await shot(agency, 'agency-submitted');
    expect((await read()).status).toBe('submitted');
  });

  it('staff see practice 1 with its date, note and evidence, open the document in place and accept it', async () => {
    const staff = await tab();
    await signIn(staff, 'staff', 'alice@iacp');
    await staff.goto(`${t.baseUrl}/#/staff/${AGENCY}`);
    await staff.getByRole('heading', { name: NAME, level: 1 }).waitFor();
    expect(await staff.getByTestId('campaign').textContent()).toBe('IACP Trust Building Campaign');
    expect(await staff.getByTestId('practices-in-place').textContent()).toBe('25 of 25 practices in place');
    const record = staff.getByTestId('practice-record-practice-01');
    expect(await record.textContent()).toContain('Note: “General order 4.12, signed by the chief”');
    expect(await record.textContent()).toMatch(/^Implemented on \d+ \w+ \d{4}/);
    const part = staff.getByTestId('evidence-practice-01');
    await part.getByRole('button', { name: 'Open bias-free-policy.pdf' }).click();
    await staff.getByTestId('viewer-practice-01').locator('iframe').waitFor();
    const decide = staff.getByRole('form', { name: 'Decide on practice 1', exact: true });
    await decide.getByLabel('Decision').selectOption('accepted');
    await decide.getByRole('button', { name: 'Record decision' }).click();
    await staff
      .getByTestId('decision-practice-01')
      .getByText(/^Accepted by alice@iacp, /)
      .waitFor();
    await staff.getByRole('heading', { name: /^Practice 1 \(Bias-Free Policing\) Accepted/ }).waitFor();
    await shot(staff, 'staff-practice-review');
    const review = (await read()).review;
    expect(
      review.requirements.find((q: { requirement: string }) => q.requirement === 'practice-01'),
    ).toMatchObject({ decision: 'accepted', decidedBy: 'alice@iacp' });

    // Practice 2 is sent back; the agency reads the message beside the practice.
    const two = staff.getByRole('form', { name: 'Decide on practice 2', exact: true });
    await two.getByLabel('Decision').selectOption('changes-requested');
    await two.getByLabel(/^Message/).fill('Attach the published complaint-process policy too');
    await two.getByRole('button', { name: 'Record decision' }).click();
    await staff.getByTestId('review-message-practice-02').waitFor();
    await staff.getByRole('button', { name: 'Request changes' }).click();
    await staff.getByTestId('status').getByText('Changes requested by IACP').waitFor();
    await agency.reload();
    await agency
      .getByTestId('asked-practice-02')
      .getByText('Attach the published complaint-process policy too')
      .waitFor();
    await shot(agency, 'agency-practice-sent-back');

    // The timeline says what happened in words, the campaign by its title.
    await staff.goto(`${t.baseUrl}/#/audit/${AGENCY}`);
    const story = staff.getByRole('region', { name: 'Events of the agency in order' });
    await story
      .getByText(`chief@plano pledged ${NAME} to the IACP Trust Building Campaign`, { exact: false })
      .waitFor();
    await story
      .getByText(
        `chief@plano recorded practice 1 as in place since ${(await read()).practices[0].implementedOn.slice(8, 10).replace(/^0/, '')}`,
        { exact: false },
      )
      .first()
      .waitFor();
    await story
      .getByText('with 1 document as evidence: “General order 4.12, signed by the chief”', { exact: false })
      .waitFor();
    // 50 events to a page: the decisions are on the second; the type filter brings them up.
    await staff.getByLabel('Event type').selectOption('RequirementReviewed');
    await story.getByText('alice@iacp accepted practice 1 (round 1)').waitFor();
    await shot(staff, 'staff-timeline');
    await staff.close();
  });

  it('an agency of a campaign staff published (partnership, policy, two practices) gets those steps only', async () => {
    const staff = await t.token('staff', 'alice@iacp');
    await api('POST', '/v1/campaigns', thirdCampaignData(), staff);
    const id = 'tx-allen-pd';
    const own = await t.token('agency', 'chief@allen', id, '30m');
    await api(
      'POST',
      `/v1/agencies/${id}/campaigns/officer-wellness/pledge`,
      {
        name: 'Allen Police Department',
        signatory: { name: 'Chief Brian Harvey', title: 'Chief of Police' },
        contact: { name: 'Sgt. Lee', email: 'lee@allen.example' },
      },
      own,
    );
    const page = await tab();
    await signIn(page, 'agency', 'chief@allen', id);
    const progress = page.getByTestId('progress');
    await progress.getByText('0 of 2 steps done · 0 of 2 practices in place', { exact: false }).waitFor();
    expect(await page.getByTestId('campaign').textContent()).toBe(thirdCampaignData().title);
    expect(await page.getByTestId('task-training').count()).toBe(0);
    expect(await page.getByLabel('CSV file').count()).toBe(0);
    const partnership = page.getByRole('form', { name: 'Record a partnership' });
    await partnership.getByLabel('Partner organisation').fill('Allen Peer Support');
    await partnership.getByLabel('Kind of partner').selectOption('community-health');
    await partnership.getByLabel('Established on').fill(isoDay(-5));
    await partnership.getByRole('button', { name: 'Record partnership' }).click();
    await progress.getByText('1 of 2 steps done', { exact: false }).waitFor();
    expect(await page.getByTestId('task-partnership').textContent()).toContain('Done');
    await shot(page, 'published-campaign');
    await page.close();
  });

  it('no page error or console error happened in any tab', () => {
    expect(problems.filter((p) => !/status of (404|422)/.test(p))).toEqual([]);
  });
});
