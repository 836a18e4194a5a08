import { jest } from '@jest/globals';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { startProjector, type RunningProjector } from '#projector';
import { makePdf } from '../support/evidence-files.js';
import { TestApp } from '../support/test-app.js';
import { deletePrefix, isoDay, testPrefix } from '../support/timers-support.js';
import { launchBrowser, screenshot, seriousViolations, type Browser } from './support/browser.js';
import { openTab, signInAs } from './support/session.js';
import { qrFromPdf } from './support/pdf-qr.js';

jest.setTimeout(300_000);

const AGENCY = 'tx-frisco-pd';
const NAME = 'Frisco Police Department';
/** Where the documents say the console lives: the browser reaches it through a route to the test server. */
// A *.localhost origin: Chromium trusts it (no warning about the verify page's COOP header over http).
const PUBLIC_BASE = 'http://onemind.localhost';
const today = isoDay(0);
const WIDTHS = [
  { width: 1366, height: 900 },
  { width: 390, height: 844 },
];

/**
 * Issue 17 "Done when": one agency from pledge to certificate through the console alone — every
 * change of state is a click or a form in Chromium (the API is only read, to check what the
 * clicks wrote) — with four eyes on, the projector and the BullMQ document workers running. Every
 * step is screenshotted at desktop and phone width, passes axe, and does not scroll sideways at
 * 390 px; the certificate's QR code is decoded from the downloaded PDF and opened.
 */
describe('one agency from pledge to certificate, through the console alone (e2e, headless Chromium)', () => {
  const prefix = testPrefix();
  process.env.ONEMIND_QUEUE_PREFIX = prefix;
  const t = new TestApp({ ONEMIND_FOUR_EYES: 'on', PUBLIC_BASE_URL: PUBLIC_BASE });
  let projector: RunningProjector;
  let browser: Browser;
  let reader: string; // a staff token, for reads only: every change of state goes through the console
  let step = 0;
  const problems: string[] = [];
  const pdfs: Record<string, Buffer> = {};

  beforeAll(async () => {
    browser = await launchBrowser();
    await t.start();
    projector = await startProjector(t.config, { port: 0 });
    reader = await t.token('staff', 'reader@iacp', undefined, '30m');
    // The documents name http://onemind.localhost; the browser reaches it at the test server.
    await browser.context.route(`${PUBLIC_BASE}/**`, async (route) => {
      const url = new URL(route.request().url());
      const response = await route.fetch({ url: `${t.baseUrl}${url.pathname}${url.search}` });
      await route.fulfill({ response });
    });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await projector?.stop();
    await t.stop();
    await deletePrefix(prefix);
    delete process.env.ONEMIND_QUEUE_PREFIX;
  });

  const tab = (): Promise<Page> => openTab(browser, problems, WIDTHS[0]);

  /**
   * One step of the journey: a screenshot at each width (test-results/console/journey-NN-name-WIDTH.png),
   * no serious or critical axe violation at either, and no sideways scrolling at phone width.
   */
  async function shot(page: Page, name: string) {
    const label = `journey-${String(++step).padStart(2, '0')}-${name}`;
    for (const size of WIDTHS) {
      await page.setViewportSize(size);
      await page.evaluate('document.fonts.ready');
      await screenshot(page, `${label}-${size.width}`);
      const violations = await seriousViolations(page);
      expect({ page: label, width: size.width, violations }).toEqual({
        page: label,
        width: size.width,
        violations: [],
      });
      // Named in the failure: which page, at which width, scrolled how far.
      const scroll = (await page.evaluate('document.documentElement.scrollWidth')) as number;
      expect({ page: label, width: size.width, scrollWidth: scroll <= size.width ? 'fits' : scroll }).toEqual(
        {
          page: label,
          width: size.width,
          scrollWidth: 'fits',
        },
      );
    }
    await page.setViewportSize(WIDTHS[0]);
  }

  const signIn = (page: Page, role: 'agency' | 'staff' | 'auditor', sub: string, agencyId?: string) =>
    signInAs(page, t.baseUrl, role, sub, agencyId);

  const read = async (path: string) =>
    (await t.request('GET', `/v1/agencies/${AGENCY}${path}`, { token: reader })).json;

  let agency: Page;

  it('the first page loads under 200 KB of JavaScript; the agency signs in and takes the pledge', async () => {
    agency = await tab();
    const scripts: Promise<number>[] = [];
    agency.on('requestfinished', (req) => {
      if (req.resourceType() === 'script')
        scripts.push(req.sizes().then((s) => s.responseBodySize + s.responseHeadersSize));
    });
    await agency.goto(`${t.baseUrl}/#/sign-in`);
    await agency.getByRole('heading', { name: 'Sign in', level: 1 }).waitFor();
    await agency.waitForLoadState('networkidle');
    const sizes = await Promise.all(scripts);
    expect(sizes.length).toBeGreaterThanOrEqual(1);
    expect(sizes.reduce((a, b) => a + b, 0)).toBeLessThan(200 * 1024);
    await shot(agency, 'sign-in');

    await signIn(agency, 'agency', 'chief@frisco', AGENCY);
    const pledge = agency.getByRole('form', { name: 'Take the pledge' });
    await pledge.waitFor();
    await shot(agency, 'agency-pledge-form');
    await pledge.getByLabel('Agency name').fill(NAME);
    await pledge.getByLabel(/^Region/).fill('TX');
    await pledge.getByLabel('Signatory name').fill('David Shilson');
    await pledge.getByLabel('Signatory title').fill('Chief of Police');
    await pledge.getByLabel('Contact name').fill('Lt. Maria Ruiz');
    await pledge.getByLabel('Contact email').fill('m.ruiz@frisco.example');
    await pledge.getByRole('button', { name: 'Take the pledge' }).click();
    await agency.getByRole('heading', { name: NAME, level: 1 }).waitFor();
    await agency.getByTestId('progress').getByText('0 of 3 requirements met').waitFor();
    expect((await read('')).status).toBe('pledged');
    await shot(agency, 'agency-task-list');
  });

  it('the agency records a partnership and a policy with their PDFs, uploads the roster and submits', async () => {
    const partnership = agency.getByRole('form', { name: 'Record a partnership' });
    await partnership.getByLabel('Partner organisation').fill('LifePath Systems');
    await partnership.getByLabel('Established on').fill(today);
    await partnership
      .getByLabel(/^Signed agreement/)
      .setInputFiles({ name: 'lifepath-mou.pdf', mimeType: 'application/pdf', buffer: await makePdf('MOU') });
    await partnership.getByRole('button', { name: 'Record partnership' }).click();
    await agency
      .getByTestId('task-partnership')
      .getByText('1 document(s) attached', { exact: false })
      .waitFor();

    const policy = agency.getByRole('form', { name: 'Record a policy' });
    await policy.getByLabel('Policy title').fill('Response to persons in crisis');
    await policy.getByLabel('Version').fill('1');
    await policy.getByLabel('Adopted on').fill(today);
    await policy.getByLabel('In effect from').fill(today);
    await policy.getByLabel('Based on the IACP model policy').check();
    await policy.getByLabel(/^Policy document/).setInputFiles({
      name: 'policy-v1.pdf',
      mimeType: 'application/pdf',
      buffer: await makePdf('Policy v1'),
    });
    await policy.getByRole('button', { name: 'Record policy' }).click();
    await agency.getByTestId('progress').getByText('2 of 3 requirements met').waitFor();
    await shot(agency, 'agency-partnership-and-policy');

    // Five sworn officers (one row each), then their classes: one crisis course, four awareness.
    const officers = Array.from({ length: 5 }, (_, i) => `f-${i}`);
    const csv = [
      'officerRef,sworn,joinedOn,separatedOn,programId,completedOn,hours',
      ...officers.map((o) => `${o},true,${isoDay(-700)},,,,`),
      ...officers.map((o, i) => (i === 0 ? `${o},,,,cit,${today},40` : `${o},,,,mhfa,${today},8`)),
      '',
    ].join('\n');
    await agency
      .getByLabel('CSV file')
      .setInputFiles({ name: 'roster.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await agency.getByRole('button', { name: 'Upload' }).click();
    await agency.getByTestId('progress').getByText('3 of 3 requirements met').waitFor();
    await agency.getByText('Covered (crisis or awareness class): 5 of 5 (100 %)').first().waitFor();
    await shot(agency, 'agency-roster-uploaded');

    await agency.getByRole('button', { name: 'Submit for certification' }).click();
    await agency.getByTestId('status').getByText('Submitted: waiting for IACP review').waitFor();
    await shot(agency, 'agency-submitted');
    const review = await read('/review');
    expect(review.evidence.partnership).toEqual([expect.objectContaining({ filename: 'lifepath-mou.pdf' })]);
    expect(review.evidence.policy).toEqual([expect.objectContaining({ filename: 'policy-v1.pdf' })]);
    expect((await read('')).requirements.training).toMatchObject({ sworn: 5, covered: 5, met: true });
  });

  let staffA: Page;

  it('staff member A opens the submission beside its evidence and sends the policy back', async () => {
    staffA = await tab();
    await signIn(staffA, 'staff', 'alice@iacp');
    await staffA.getByRole('heading', { name: 'Review queue (1)' }).waitFor();
    await shot(staffA, 'staff-dashboard');
    // At phone width the queue is a card: its Review link stands inside the screen, not clipped off.
    await staffA.setViewportSize(WIDTHS[1]);
    const box = await staffA.getByRole('link', { name: `Review ${NAME}` }).boundingBox();
    expect(box!.x + box!.width).toBeLessThanOrEqual(390);
    const row = staffA
      .getByRole('region', { name: /^Submitted agencies/ })
      .getByRole('row')
      .nth(1);
    expect(await row.locator('td[data-label="Waiting"]').textContent()).toBe('since today');
    await staffA.setViewportSize(WIDTHS[0]);
    await staffA.getByRole('link', { name: `Review ${NAME}` }).click();
    await staffA.getByRole('heading', { name: NAME, level: 1 }).waitFor();
    await staffA.getByRole('button', { name: 'Open policy-v1.pdf' }).click();
    await staffA.getByTestId('viewer-policy').locator('iframe').waitFor();
    await shot(staffA, 'staff-review-evidence');

    const decide = staffA.getByRole('form', { name: 'Decide on policy' });
    await decide.getByLabel('Decision').selectOption('changes-requested');
    await decide.getByLabel(/^Message/).fill('Attach the signed general order, not the draft');
    await decide.getByRole('button', { name: 'Record decision' }).click();
    await staffA.getByTestId('review-message-policy').waitFor();
    await staffA.getByRole('button', { name: 'Request changes' }).click();
    await staffA.getByTestId('status').getByText('Changes requested by IACP').waitFor();
    await shot(staffA, 'staff-changes-requested');
    expect((await read('')).status).toBe('changes-requested');
  });

  it('the agency reads the reason beside the policy, adds the signed version and resubmits with an answer', async () => {
    await agency.reload();
    const asked = agency.getByTestId('asked-policy');
    await asked.getByText('Attach the signed general order, not the draft').waitFor();
    expect(await agency.getByTestId('asked-partnership').count()).toBe(0);
    await shot(agency, 'agency-sees-reason');

    const policy = agency.getByRole('form', { name: 'Record a policy' });
    await policy.getByLabel('Policy title').fill('Response to persons in crisis');
    await policy.getByLabel('Version').fill('2 (signed)');
    await policy.getByLabel('Adopted on').fill(today);
    await policy.getByLabel('In effect from').fill(today);
    await policy.getByLabel('Based on the IACP model policy').check();
    await policy.getByLabel(/^Policy document/).setInputFiles({
      name: 'general-order-signed.pdf',
      mimeType: 'application/pdf',
      buffer: await makePdf('General order, signed'),
    });
    await policy.getByRole('button', { name: 'Record policy' }).click();
    await agency.getByTestId('task-policy').getByText('2 document(s) attached', { exact: false }).waitFor();

    const answer = agency.getByRole('form', { name: 'Submit again for certification' });
    await answer
      .getByLabel(/^Your answer to IACP staff/)
      .fill('The signed general order is attached (version 2).');
    await shot(agency, 'agency-answers');
    await answer.getByRole('button', { name: 'Submit again for certification' }).click();
    await agency.getByTestId('status').getByText('Submitted: waiting for IACP review').waitFor();
    const view = await read('');
    expect(view.status).toBe('submitted');
    expect(view.review).toMatchObject({
      round: 2,
      note: 'The signed general order is attached (version 2).',
    });
  });

  it('staff member A accepts each requirement; approving alone is refused in words beside the form', async () => {
    await staffA.reload();
    // Beside the policy's evidence: what A asked last round, and the agency's answer.
    const before = staffA.getByTestId('asked-before-policy');
    await before.getByText('Attach the signed general order, not the draft').waitFor();
    expect(await before.textContent()).toContain(
      'The agency answered: The signed general order is attached (version 2).',
    );
    expect(await staffA.getByTestId('asked-before-partnership').count()).toBe(0);
    await staffA.getByRole('button', { name: 'Open general-order-signed.pdf' }).click();
    await staffA.getByTestId('viewer-policy').locator('iframe').waitFor();
    for (const requirement of ['partnership', 'policy', 'training']) {
      const decide = staffA.getByRole('form', { name: `Decide on ${requirement}` });
      await decide.getByLabel('Decision').selectOption('accepted');
      await decide.getByRole('button', { name: 'Record decision' }).click();
      await staffA.getByRole('heading', { name: new RegExp(`^${requirement} Accepted`, 'i') }).waitFor();
      expect(await staffA.getByTestId(`decision-${requirement}`).textContent()).toMatch(
        /^Accepted by alice@iacp, /,
      );
    }
    await shot(staffA, 'staff-accepted-all');
    const approve = staffA.getByRole('form', { name: 'Approve' });
    await approve.getByRole('button', { name: 'Approve certification' }).click();
    const refusal = approve.locator('.form-error .error');
    await refusal.waitFor();
    expect(await refusal.getAttribute('data-code')).toBe('second-approver-required');
    expect(await refusal.textContent()).toContain('Another IACP staff member must approve');
    expect(await refusal.textContent()).not.toMatch(/Unprocessable|second-approver-required|approver:/);
    await shot(staffA, 'staff-four-eyes-refusal');
    expect((await read('')).status).toBe('submitted');
    await staffA.close();
  });

  it('staff member B approves; the documents are prepared', async () => {
    const staffB = await tab();
    await signIn(staffB, 'staff', 'bruno@iacp');
    await staffB.goto(`${t.baseUrl}/#/staff/${AGENCY}`);
    await staffB.getByRole('heading', { name: NAME, level: 1 }).waitFor();
    await staffB
      .getByRole('form', { name: 'Approve' })
      .getByRole('button', { name: 'Approve certification' })
      .click();
    await staffB.getByTestId('status').getByText('Certified', { exact: true }).waitFor();
    await staffB.getByRole('link', { name: 'Download the certificate (PDF)' }).waitFor({ timeout: 60_000 });
    await shot(staffB, 'staff-b-approved');
    await staffB.close();
  });

  it('the agency downloads both PDFs; the QR code inside the certificate opens the verify page: valid', async () => {
    await agency.reload();
    const certLink = agency.getByRole('link', { name: 'Download the certificate (PDF)' });
    const letterLink = agency.getByRole('link', { name: 'Download the letter of acknowledgment (PDF)' });
    await certLink.waitFor({ timeout: 60_000 });
    await letterLink.waitFor({ timeout: 60_000 });
    await shot(agency, 'agency-certified-documents');
    for (const [key, link] of [
      ['certificate', certLink],
      ['letter', letterLink],
    ] as const) {
      const [download] = await Promise.all([agency.waitForEvent('download'), link.click()]);
      expect(download.suggestedFilename()).toMatch(new RegExp(`-${key}\\.pdf$`));
      pdfs[key] = readFileSync((await download.path())!);
      expect(pdfs[key].subarray(0, 5).toString()).toBe('%PDF-');
    }
    const { certificate } = await read('');
    // The QR code is the certificate's embedded raster, decoded by jsQR from the downloaded bytes.
    const url = qrFromPdf(pdfs.certificate);
    expect(url).toBe(
      `${PUBLIC_BASE}/verify/${encodeURIComponent(certificate.number)}?code=${encodeURIComponent(certificate.verificationCode)}`,
    );
    expect(qrFromPdf(pdfs.letter)).toBeNull(); // the letter carries no QR code

    const scanned = await tab();
    await scanned.goto(url!);
    await scanned.getByText('Valid', { exact: true }).waitFor();
    const text = (await scanned.locator('main').textContent())!;
    expect(text).toContain(NAME);
    expect(text).toContain('Certified: this certificate is valid');
    // The file the agency downloaded is the genuine one: its SHA-256 is the one the page shows.
    expect(text).toContain(createHash('sha256').update(pdfs.certificate).digest('hex'));
    await shot(scanned, 'verify-page-from-qr');
    await scanned.close();
  });

  it('an auditor reads the whole story in words: the send-back, the answer, two approvers', async () => {
    const auditor = await tab();
    await signIn(auditor, 'auditor', 'audrey@audit');
    await auditor.goto(`${t.baseUrl}/#/audit/${AGENCY}`);
    await auditor.getByText(/^Hash chain intact: \d+ events/).waitFor();
    const story = auditor.getByRole('region', { name: 'Events of the agency in order' });
    await story
      .getByText(
        'alice@iacp sent the submission back: on the policy, “Attach the signed general order, not the draft”',
      )
      .waitFor();
    await story
      .getByText(
        'chief@frisco submitted for certification (cycle 1): “The signed general order is attached (version 2).”',
      )
      .waitFor();
    await story.getByText(/^bruno@iacp approved the certification/).waitFor();
    await shot(auditor, 'auditor-timeline');
    await auditor.close();
  });

  it('the console’s own check runs at once from the link, and links to the page the QR code opens', async () => {
    await agency.getByRole('link', { name: 'Check it as the public would' }).click();
    await agency.locator('#verify-result').getByText('Valid certificate').waitFor();
    expect(await agency.locator('#verify-result').textContent()).toContain(NAME);
    const { certificate } = await read('');
    expect(
      await agency.getByRole('link', { name: 'Open the verification page to share' }).getAttribute('href'),
    ).toBe(
      `/verify/${encodeURIComponent(certificate.number)}?code=${encodeURIComponent(certificate.verificationCode)}`,
    );
    await shot(agency, 'console-verify');
    await agency.goto(`${t.baseUrl}/#/public`);
    await agency.getByTestId('public-count').waitFor();
    await shot(agency, 'public-list');
    await agency.close();
  });

  it('no page error or console error happened in any tab', () => {
    expect(problems.filter((p) => !/status of (404|422)/.test(p))).toEqual([]);
  });
});
