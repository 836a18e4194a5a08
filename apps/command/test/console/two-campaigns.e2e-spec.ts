import { jest } from '@jest/globals';
import type { Page } from 'playwright-core';
import { startProjector, type RunningProjector } from '#projector';
import { evidenceForm, makePdf } from '../support/evidence-files.js';
import { TestApp } from '../support/test-app.js';
import { deletePrefix, isoDay, testPrefix } from '../support/timers-support.js';
import { launchBrowser, screenshot, seriousViolations, type Browser } from './support/browser.js';
import { openTab, signInAs } from './support/session.js';

jest.setTimeout(300_000);

const AGENCY = 'tx-frisco-pd';
const NAME = 'Frisco Police Department';
const TB = `/v1/agencies/${AGENCY}/campaigns/trust-building`;
const practiceId = (n: number) => `practice-${String(n).padStart(2, '0')}`;

/**
 * Issue 18 item 3 in the console: a One Mind agency joins the Trust Building Campaign from its own
 * page, works on it on the campaign's page while its One Mind page stays as it was, submits there;
 * staff open the Trust Building submission from the review queue (a row of its own), decide on a
 * practice and approve on the campaign's routes; the agency's page lists both campaigns with their
 * status. Each page passes axe at desktop width.
 */
describe('an agency in two campaigns through the console (e2e, headless Chromium)', () => {
  const prefix = testPrefix();
  process.env.ONEMIND_QUEUE_PREFIX = prefix;
  const t = new TestApp();
  let projector: RunningProjector;
  let browser: Browser;
  let chief: string;
  let staffToken: string;
  const problems: string[] = [];

  beforeAll(async () => {
    browser = await launchBrowser();
    await t.start();
    projector = await startProjector(t.config, { port: 0 });
    chief = await t.token('agency', 'chief@frisco', AGENCY, '30m');
    staffToken = await t.token('staff', 'reader@iacp', undefined, '30m');
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await projector?.stop();
    await t.stop();
    await deletePrefix(prefix);
    delete process.env.ONEMIND_QUEUE_PREFIX;
  });

  const tab = (): Promise<Page> => openTab(browser, problems, { width: 1366, height: 900 });
  async function shot(page: Page, name: string) {
    await screenshot(page, `two-campaigns-${name}`);
    expect({ page: name, violations: await seriousViolations(page) }).toEqual({ page: name, violations: [] });
  }
  const signIn = (page: Page, role: 'agency' | 'staff', sub: string, agencyId?: string) =>
    signInAs(page, t.baseUrl, role, sub, agencyId);
  const api = async (method: string, path: string, body?: unknown, token = chief) => {
    const res = await t.request(method, path, { token, body });
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${res.text}`);
    return res.json;
  };
  const campaignsOf = async () =>
    (await api('GET', `/v1/agencies/${AGENCY}/campaigns`, undefined, staffToken)).items.map(
      (c: { campaignId: string; status: string }) => [c.campaignId, c.status],
    );

  let agency: Page;

  it('a One Mind agency joins Trust Building from its page and lands on the campaign’s page', async () => {
    await api('POST', `/v1/agencies/${AGENCY}/pledge`, {
      name: NAME,
      region: 'TX',
      signatory: { name: 'David Shilson', title: 'Chief of Police' },
      contact: { name: 'Lt. Moss', email: 'moss@frisco.example' },
    });
    agency = await tab();
    await signIn(agency, 'agency', 'chief@frisco', AGENCY);
    await agency.getByRole('heading', { name: NAME, level: 1 }).waitFor();
    const campaigns = agency.getByTestId('campaigns');
    await campaigns.getByText('One Mind', { exact: false }).first().waitFor();
    const join = agency.getByRole('form', { name: 'Pledge to another campaign' });
    expect(await join.getByLabel('Agency name').inputValue()).toBe(NAME);
    await join.getByLabel('Campaign').selectOption({ label: 'IACP Trust Building Campaign' });
    await join.getByLabel('Signatory name').fill('David Shilson');
    await join.getByLabel('Signatory title').fill('Chief of Police');
    await join.getByLabel('Contact name').fill('Lt. Moss');
    await join.getByLabel('Contact email').fill('moss@frisco.example');
    await shot(agency, 'agency-join');
    await join.getByRole('button', { name: 'Take the pledge' }).click();
    await agency.waitForURL(new RegExp(`#/agency/${AGENCY}/trust-building$`));
    await agency.getByTestId('progress').getByText('0 of 25 practices in place', { exact: false }).waitFor();
    expect(await agency.getByTestId('campaign').textContent()).toBe('IACP Trust Building Campaign');
    await agency.locator('[data-campaign-status="one-mind"]').waitFor();
    await shot(agency, 'agency-trust-building-page');
    expect(await campaignsOf()).toEqual([
      ['one-mind', 'pledged'],
      ['trust-building', 'pledged'],
    ]);
  });

  it('the One Mind page is still One Mind’s; the agency submits Trust Building on its page', async () => {
    await agency.getByRole('link', { name: 'One Mind', exact: false }).first().click();
    await agency.getByRole('heading', { name: 'Your certification, step by step', exact: false }).waitFor();
    expect(await agency.getByTestId('task-partnership').count()).toBe(1);
    const bytes = await makePdf('Practice in place');
    for (let n = 1; n <= 25; n++) {
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
    await agency.goto(`${t.baseUrl}/#/agency/${AGENCY}/trust-building`);
    await agency.getByTestId('progress').getByText('25 of 25 practices in place', { exact: false }).waitFor();
    await agency.getByRole('button', { name: 'Submit for certification' }).click();
    await agency.getByTestId('status').getByText('Submitted: waiting for IACP review').waitFor();
    expect(await campaignsOf()).toEqual([
      ['one-mind', 'pledged'],
      ['trust-building', 'submitted'],
    ]);
  });

  it('staff open the Trust Building submission from the queue, decide on a practice and approve it', async () => {
    const staff = await tab();
    await signIn(staff, 'staff', 'alice@iacp');
    await staff.goto(`${t.baseUrl}/#/staff`);
    await staff.getByRole('link', { name: `Review ${NAME} (trust-building)` }).click();
    await staff.waitForURL(new RegExp(`#/staff/${AGENCY}/trust-building$`));
    await staff.getByRole('heading', { name: NAME, level: 1 }).waitFor();
    expect(await staff.getByTestId('campaign').textContent()).toBe('IACP Trust Building Campaign');
    const decide = staff.getByRole('form', { name: 'Decide on practice 1', exact: true });
    await decide.getByLabel('Decision').selectOption('accepted');
    await decide.getByRole('button', { name: 'Record decision' }).click();
    await staff
      .getByTestId('decision-practice-01')
      .getByText(/^Accepted by alice@iacp, /)
      .waitFor();
    await shot(staff, 'staff-trust-building-review');
    for (let n = 2; n <= 25; n++)
      await api('POST', `${TB}/review/requirements/${practiceId(n)}`, { decision: 'accepted' }, staffToken);
    await staff.reload();
    await staff.getByRole('button', { name: 'Approve' }).click();
    await staff.getByTestId('status').getByText('Certified', { exact: false }).waitFor();
    expect(await campaignsOf()).toEqual([
      ['one-mind', 'pledged'],
      ['trust-building', 'certified'],
    ]);
    await agency.reload();
    await agency.getByTestId('campaigns').getByText('TRUST-BUILDING-', { exact: false }).waitFor();
    await staff.close();
    expect(problems).toEqual([]);
  });
});
