import { jest } from '@jest/globals';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { startProjector, type RunningProjector } from '#projector';
import { CONSOLE_CSP } from '../../src/console/console.mount.js';
import { makePdf } from '../support/evidence-files.js';
import { TestApp } from '../support/test-app.js';
import { deletePrefix, isoDay, testPrefix } from '../support/timers-support.js';
import { launchBrowser, screenshot, seriousViolations, type Browser } from './support/browser.js';
import { openTab, signInAs } from './support/session.js';

jest.setTimeout(180_000);

const AGENCY = 'tx-denton-pd';
const NAME = 'Denton Police Department';
const today = isoDay(0);
/** How the console writes a date: "7 December 2026". */
const longDate = (day: string) =>
  new Date(`${day}T00:00:00Z`).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });

/**
 * The web console in a real browser (Debian's Chromium via playwright-core) against the real app,
 * the projector and the BullMQ document workers (real Redis), on a temp data folder.
 */
describe('web console (e2e, headless Chromium)', () => {
  const prefix = testPrefix();
  process.env.ONEMIND_QUEUE_PREFIX = prefix;
  const t = new TestApp();
  let projector: RunningProjector;
  let browser: Browser;
  let staff: string;
  const problems: string[] = [];

  beforeAll(async () => {
    browser = await launchBrowser(); // first: a missing Chromium fails the suite with its own message
    await t.start();
    projector = await startProjector(t.config, { port: 0 });
    staff = await t.token('staff', 'alice@iacp');
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await projector?.stop();
    await t.stop();
    await deletePrefix(prefix);
    delete process.env.ONEMIND_QUEUE_PREFIX;
  });

  /** A fresh tab (its own sessionStorage, so its own sign-in); page errors fail the test. */
  const tab = (): Promise<Page> => openTab(browser, problems);

  const signIn = (page: Page, role: 'agency' | 'staff' | 'auditor', sub: string, agencyId?: string) =>
    signInAs(page, t.baseUrl, role, sub, agencyId);

  async function checked(page: Page, name: string) {
    await screenshot(page, name);
    const violations = await seriousViolations(page);
    expect({ page: name, violations }).toEqual({ page: name, violations: [] });
  }

  const post = async (path: string, body: unknown) => {
    const res = await t.request('POST', `/v1/agencies/${AGENCY}${path}`, { token: staff, body });
    expect([res.status, res.json?.detail]).toEqual([expect.any(Number), undefined]);
    return res;
  };

  it('serves the page at / with its own CSP; the dev sign-in mints a token (JSON), refusing bad input', async () => {
    const page = await t.request('GET', '/');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(page.headers.get('content-security-policy')).toBe(CONSOLE_CSP);
    expect(page.text).toContain('/console/app.js');
    const js = await t.request('GET', '/console/app.js');
    expect([js.status, js.headers.get('content-type')]).toEqual([200, expect.stringMatching(/javascript/)]);
    expect(page.text).toContain('<link rel="icon" href="/console/favicon.svg"');
    const icon = await t.request('GET', '/console/favicon.svg');
    expect([icon.status, icon.headers.get('content-type')]).toEqual([
      200,
      expect.stringMatching(/^image\/svg\+xml/),
    ]);
    expect((await t.request('GET', '/console/nope.js')).status).toBe(404);
    expect((await t.request('GET', '/console/../package.json')).status).toBe(404);

    const minted = await t.request('POST', '/console/dev-token', {
      body: { role: 'agency', sub: 'chief@denton', agencyId: AGENCY },
    });
    expect(minted.status).toBe(200);
    const view = await t.request('GET', `/v1/agencies/${AGENCY}`, { token: minted.json.token });
    expect(view.status).toBe(404); // the token works: not pledged yet, and not a 401/403
    const bad = await t.request('POST', '/console/dev-token', {
      body: { role: 'agency', sub: 'x', extra: 1 },
    });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(bad.json.errors.map((e: { path: string }) => e.path).sort()).toEqual(['agencyId', 'extra']);
  });

  it('sign-in page: accessible, and signs an agency user in', async () => {
    const page = await tab();
    await page.goto(`${t.baseUrl}/#/sign-in`);
    await page.getByRole('heading', { name: 'Sign in', level: 1 }).waitFor();
    await checked(page, 'sign-in');
    // Keyboard only: the skip link comes first and moves focus to the content; the form works with Tab and Enter.
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement.id')).toBe('skip');
    await page.keyboard.press('Enter');
    expect(await page.evaluate('document.activeElement.id')).toBe('main');
    expect(page.url()).toMatch(/#\/sign-in$/);
    await page.getByLabel('Role').focus();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('keyboard@iacp');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter'); // the Sign in button: agency without an agency id → the server's errors
    // The error stands in the form that caused it, after its button.
    await page
      .locator('form .form-error .error')
      .getByText('agencyId: an agency user needs an agencyId')
      .waitFor();
    await page.close();
  });

  it('agency: dashboard with the numbers; a CSV with a bad row shows that row’s error; submits', async () => {
    // The agency's history so far, written through the API (as its own earlier sessions would have).
    expect(
      (
        await post('/pledge', {
          name: NAME,
          region: 'TX',
          signatory: { name: 'Frank Dixon', title: 'Chief of Police' },
          contact: { name: 'Lt. R', email: 'r@denton.example' },
        })
      ).status,
    ).toBe(201);
    await post('/partnerships', {
      partnerName: 'Denton County MHMR',
      partnerType: 'community-mental-health',
      establishedOn: today,
    });
    await post('/policies', {
      title: 'Crisis response',
      version: '1',
      adoptedOn: today,
      effectiveOn: today,
      basedOnIacpModel: true,
    });
    await post('/officers', {
      officers: Array.from({ length: 5 }, (_, i) => ({ officerRef: `d-${i}`, joinedOn: isoDay(-400) })),
    });
    await post('/trainings', {
      records: [
        { officerRef: 'd-0', programId: 'cit', completedOn: today },
        { officerRef: 'd-1', programId: 'mhfa', completedOn: today },
      ],
    });

    const page = await tab();
    await signIn(page, 'agency', 'chief@denton', AGENCY);
    await page.getByRole('heading', { name: NAME, level: 1 }).waitFor();
    await page.getByText('Crisis-intervention trained: 1 of 1 required').waitFor();
    await page.getByText('Covered (crisis or awareness class): 2 of 5 (40 %)').waitFor();
    await page.getByRole('heading', { name: 'Officers still needing training (3)' }).waitFor();
    await checked(page, 'agency-dashboard');

    // One bad row (line 3: not a date): nothing imported, the error sits next to that row.
    const csv = [
      'officerRef,sworn,joinedOn,separatedOn,programId,completedOn,hours',
      `d-2,,,,mhfa,${today},8`,
      'd-9,true,31/12/2024,,,,',
      `d-3,,,,mhfa,${today},8`,
      '',
    ].join('\n');
    await page
      .getByLabel('CSV file')
      .setInputFiles({ name: 'roster.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByRole('button', { name: 'Upload' }).click();
    const badRow = page.locator('#import-results tr[data-row="3"]');
    await badRow.waitFor();
    expect(await badRow.locator('td.err').textContent()).toMatch(
      /joinedOn: "31\/12\/2024" is not a calendar date/,
    );
    expect(await page.locator('#import-results tr[data-row="2"] td').last().textContent()).toBe('ok');
    await page.locator('#imp-h ~ form .form-error .error').waitFor();
    await checked(page, 'agency-import-errors');

    // The corrected file goes in; everyone is covered; the agency submits.
    const good = [
      'officerRef,sworn,joinedOn,separatedOn,programId,completedOn,hours',
      ...['d-2', 'd-3', 'd-4'].map((r) => `${r},,,,mhfa,${today},8`),
      '',
    ].join('\n');
    await page
      .getByLabel('CSV file')
      .setInputFiles({ name: 'roster.csv', mimeType: 'text/csv', buffer: Buffer.from(good) });
    await page.getByRole('button', { name: 'Upload' }).click();
    await page.getByText('Covered (crisis or awareness class): 5 of 5 (100 %)').waitFor();
    await page.getByRole('button', { name: 'Submit for certification' }).click();
    await page.getByTestId('status').getByText('submitted').waitFor();
    await page.close();
  });

  it('staff: the review queue lists the submission; approving it makes the certificate link appear', async () => {
    const page = await tab();
    await signIn(page, 'staff', 'alice@iacp');
    await page.getByRole('heading', { name: 'Review queue (1)' }).waitFor();
    await checked(page, 'staff-queue');
    await page.getByRole('link', { name: `Review ${NAME}` }).click();
    await page.getByRole('heading', { name: NAME, level: 1 }).waitFor();
    await checked(page, 'staff-agency');
    // Issue 16: a decision per requirement, recorded from the page and shown in its review section.
    const decide = page.getByRole('form', { name: 'Decide on partnership' });
    await decide.getByLabel('Decision').selectOption('accepted');
    await decide.getByRole('button', { name: 'Record decision' }).click();
    await page.getByRole('heading', { name: 'partnership Accepted' }).waitFor();
    await page.getByTestId('decision-partnership').getByText('Accepted by alice@iacp, ').waitFor();
    await page.getByRole('button', { name: 'Approve certification' }).click();
    await page.getByTestId('status').getByText('certified').waitFor();
    // The documents come from the BullMQ workers; the page polls until they exist.
    const link = page.getByRole('link', { name: 'Download the certificate (PDF)' });
    await link.waitFor({ timeout: 60_000 });
    await page
      .getByRole('link', { name: 'Download the letter of acknowledgment (PDF)' })
      .waitFor({ timeout: 60_000 });
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    const bytes = readFileSync((await download.path())!);
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    await checked(page, 'staff-certified');
    // The queue dashboard opens from the console: the token travels in its path-scoped cookie.
    await page.goto(`${t.baseUrl}/#/staff`);
    // The dashboard: the agency just certified heads "Recently certified" with its date in words.
    const recent = page.getByRole('region', { name: 'Recently certified' });
    await recent.getByRole('link', { name: NAME }).waitFor();
    expect(await recent.locator('li').first().textContent()).toBe(`${NAME} certified ${longDate(today)}`);
    await checked(page, 'staff-dashboard');
    const [board] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/admin/queues')),
      page.getByRole('link', { name: 'Background jobs (queue dashboard)' }).click(),
    ]);
    expect(board.status()).toBe(200);
    const queues = await page.waitForResponse((r) => r.url().includes('/admin/queues/api/queues'));
    expect(queues.status()).toBe(200);
    await page.close();
  });

  it('auditor: timeline with actor, time and hash; state as of a date; verification', async () => {
    const page = await tab();
    await signIn(page, 'auditor', 'audrey@audit');
    await page.goto(`${t.baseUrl}/#/audit/${AGENCY}`);
    await page.getByText(/^Hash chain intact: \d+ events/).waitFor();
    // Each event in words, with its type, hash and the raw event one click away.
    const approved = page.locator('tr', { hasText: 'CertificationApproved' });
    await approved.waitFor();
    expect(await approved.textContent()).toContain(
      `alice@iacp approved the certification, effective ${longDate(today)}; certificate OM-`,
    );
    expect(await approved.locator('td.hash').textContent()).toMatch(/^[0-9a-f]{64}$/);
    await approved.getByText('Raw event').click();
    expect(JSON.parse((await approved.locator('pre').textContent())!)).toMatchObject({
      type: 'CertificationApproved',
      metadata: { actor: { sub: 'alice@iacp', role: 'staff' } },
    });
    await page
      .locator('tr', { hasText: 'PolicyAdopted' })
      .getByText(
        `adopted policy “Crisis response” v1, effective ${longDate(today)} (based on the IACP model)`,
      )
      .waitFor();
    // Filtered by type, then by a day with no event.
    const total = Number(
      /of (\d+) events/.exec((await page.getByTestId('timeline-count').textContent())!)![1],
    );
    await page.getByLabel('Event type').selectOption('OfficerJoined');
    await page.getByTestId('timeline-count').getByText(`5 of ${total} events`).waitFor();
    expect(await page.locator('tr', { hasText: 'OfficerJoined' }).count()).toBe(5);
    await page.getByLabel('To').fill(isoDay(-1));
    await page.getByText('No event matches these filters.').waitFor();
    await page.getByLabel('Event type').selectOption('');
    await page.getByLabel('To').fill('');
    await page.getByTestId('timeline-count').getByText(`${total} of ${total} events`).waitFor();
    // A state on a date beside today's.
    await page.getByLabel('Date', { exact: true }).fill(isoDay(-1));
    await page.getByRole('button', { name: 'Show state' }).click();
    await page.getByText(`No pledge existed on ${longDate(isoDay(-1))}.`).waitFor();
    await page.locator('#state-as-of').getByRole('heading', { name: 'Today' }).waitFor();
    await page.getByLabel('Date', { exact: true }).fill(today);
    await page.getByRole('button', { name: 'Show state' }).click();
    await page
      .locator('#state-as-of')
      .getByRole('heading', { name: `On ${longDate(today)}` })
      .waitFor();
    expect(await page.locator('#state-as-of [data-testid=status]').allTextContents()).toEqual([
      'Certified',
      'Certified',
    ]);
    await checked(page, 'audit');
    await page.close();
  });

  it('public: the Pledged Agencies page lists the certified agency; verification confirms its certificate', async () => {
    const view = (await t.request('GET', `/v1/agencies/${AGENCY}`, { token: staff })).json;
    // Sixty more pledged agencies (one bulk request), so the list has pages.
    const rows = Array.from({ length: 60 }, (_, i) => ({
      agencyId: `ok-town-${String(i).padStart(2, '0')}-pd`,
      name: `Town ${String(i).padStart(2, '0')} Police Department`,
      country: 'US',
      region: 'OK',
      signatory: { name: 'Pat Doe', title: 'Chief of Police' },
      contact: { name: 'Pat Doe', email: 'pat@town.example' },
    }));
    const bulk = await t.request('POST', '/v1/pledges/bulk', { token: staff, body: { rows } });
    expect([bulk.status, bulk.json.pledged]).toEqual([200, 60]);
    // The page reads the list once: open it when the read models hold the sixty (the projector may
    // still be on them, more so on PostgreSQL read models).
    const caughtUp = await t.request('GET', '/v1/public/stats', {
      headers: { 'x-min-position': bulk.json.position },
    });
    expect(caughtUp.status).toBe(200);
    const total = 61;
    const page = await tab();
    await page.goto(`${t.baseUrl}/#/public`);
    const row = page.locator('tr', { hasText: NAME });
    await row.waitFor();
    expect(await row.textContent()).toContain('One Mind Certified');
    // The chart: certified agencies by state.
    await page.getByText('Certified agencies by state (1 in all)').waitFor();
    expect(await page.locator('svg.bars').getAttribute('aria-label')).toBe('TX: 1');
    // By campaign: One Mind's agencies, none in Trust Building yet.
    await page.getByLabel('Campaign').selectOption('trust-building');
    await page.getByText('No agency matches. Try fewer words or another state.').waitFor();
    await page.getByLabel('Campaign').selectOption('one-mind');
    await page.getByTestId('public-count').getByText(`${total} of ${total} agencies`).waitFor();
    expect(await row.textContent()).toContain('One Mind Pledge');
    await page.getByLabel('Campaign').selectOption('');
    // Filters apply as they change; no Apply button.
    await page.getByLabel('Status').selectOption('certified');
    await page.getByLabel('Search by name').fill('denton');
    await page.getByTestId('public-count').getByText(`1 of ${total} agencies`).waitFor();
    expect(await page.getByRole('button', { name: 'Apply' }).count()).toBe(0);
    expect(
      await page.getByRole('link', { name: 'Download the certified agencies as CSV' }).getAttribute('href'),
    ).toBe('/v1/public/agencies?status=certified&format=csv');
    await page.getByLabel('Search by name').fill('no such agency');
    await page.getByText('No agency matches. Try fewer words or another state.').waitFor();
    await page.getByLabel('Search by name').fill('');
    // 50 to a page: the 60 Oklahoma pledges fill a page and a bit.
    await page.getByLabel('Status').selectOption('');
    await page.getByLabel('State or region').selectOption('OK');
    await page.getByTestId('public-count').getByText(`60 of ${total} agencies`).waitFor();
    await page.getByText('Page 1 of 2').waitFor();
    expect(await page.locator('tbody tr').count()).toBe(50);
    await page.getByRole('button', { name: 'Next page' }).click();
    await page.getByText('Page 2 of 2').waitFor();
    expect(await page.locator('tbody tr').count()).toBe(10);
    await page.getByLabel('State or region').selectOption('');
    await page.getByLabel('Status').selectOption('certified');
    await checked(page, 'public-agencies');
    await page.setViewportSize({ width: 390, height: 844 }); // a phone: the same page, still accessible
    await checked(page, 'public-agencies-phone');
    await page.setViewportSize({ width: 1280, height: 900 });

    await page.goto(`${t.baseUrl}/#/verify`);
    await page.getByLabel('Certificate number').fill(view.certificate.number);
    await page.getByLabel('Verification code').fill('WRONG-CODE');
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByText('No certificate has this number and verification code.').waitFor();
    await page.getByLabel('Verification code').fill(view.certificate.verificationCode);
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByText('Valid certificate').waitFor();
    expect(await page.locator('#verify-result').textContent()).toContain(NAME);
    await checked(page, 'verify');
    await page.close();
  });

  it('agency task list: partnership and policy with their PDFs through the forms; a staff message sits by its requirement', async () => {
    const id = 'tx-lewisville-pd';
    const name = 'Lewisville Police Department';
    const at = (path: string, body: unknown) =>
      t.request('POST', `/v1/agencies/${id}${path}`, { token: staff, body });
    expect(
      (
        await at('/pledge', {
          name,
          region: 'TX',
          signatory: { name: 'Kevin Deaver', title: 'Chief of Police' },
          contact: { name: 'Sgt. L', email: 'l@lewisville.example' },
        })
      ).status,
    ).toBe(201);
    const page = await tab();
    await signIn(page, 'agency', 'chief@lewisville', id);
    await page.getByRole('heading', { name, level: 1 }).waitFor();
    await page.getByTestId('progress').getByText('0 of 3 requirements met').waitFor();
    expect(await page.getByTestId('progress').textContent()).toContain('next: record your partnership');
    await checked(page, 'agency-task-list-empty');
    // The training step's link goes to the CSV form without leaving the page (routes live in the hash).
    await page.getByRole('link', { name: 'Upload the roster and training records' }).click();
    expect(await page.evaluate('[location.hash, document.activeElement?.name]')).toEqual([
      '#/agency',
      'file',
    ]);
    // A new agency with nobody on its roster is not told that "every sworn officer is covered".
    await page.getByText('No sworn officer on the roster yet: upload the roster below.').waitFor();
    // The CSV's programme ids are listed, and a template downloads.
    await page.getByText('Programme ids you can use').click();
    const programmes = page.getByRole('region', { name: 'Recognised training programmes' });
    await programmes.getByText('mhfa-public-safety', { exact: true }).waitFor();
    expect(await programmes.locator('tr', { hasText: /^cit/ }).first().textContent()).toContain(
      'Crisis intervention',
    );
    const [template] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download a CSV template' }).click(),
    ]);
    expect(template.suggestedFilename()).toBe('roster-template.csv');
    const csv = readFileSync((await template.path())!, 'utf8');
    expect(csv.split('\r\n')[0]).toBe('officerRef,sworn,joinedOn,separatedOn,programId,completedOn,hours');
    // Submitting too early is refused in words, not in HTTP jargon or problem codes.
    await page.getByRole('button', { name: 'Submit for certification' }).click();
    const refusal = page.getByRole('form', { name: 'Submit for certification' }).locator('.error');
    await refusal.getByText('Not yet possible.').waitFor();
    expect(await refusal.getAttribute('data-code')).toBe('requirements-not-met');
    expect(await refusal.textContent()).not.toMatch(/Unprocessable|requirements-not-met/);

    const partnership = page.getByRole('form', { name: 'Record a partnership' });
    await partnership.getByLabel('Partner organisation').fill('Denton County MHMR Center');
    await partnership.getByLabel('Established on').fill(today);
    await partnership
      .getByLabel(/^Signed agreement/)
      .setInputFiles({ name: 'mou.pdf', mimeType: 'application/pdf', buffer: await makePdf('MOU') });
    await partnership.getByRole('button', { name: 'Record partnership' }).click();
    await page
      .getByText('Partnership with Denton County MHMR Center recorded, with mou.pdf attached.')
      .waitFor();
    await page
      .getByTestId('task-partnership')
      .getByText('1 active partnership(s) · 1 document(s) attached')
      .waitFor();
    expect(await page.getByTestId('task-partnership').locator('.badge').textContent()).toBe('Done');

    const policy = page.getByRole('form', { name: 'Record a policy' });
    await policy.getByLabel('Policy title').fill('Response to persons in crisis');
    await policy.getByLabel('Version').fill('2025.1');
    await policy.getByLabel('Adopted on').fill(today);
    await policy.getByLabel('In effect from').fill(today);
    await policy.getByLabel('Based on the IACP model policy').check();
    await policy
      .getByLabel(/^Policy document/)
      .setInputFiles({ name: 'policy.pdf', mimeType: 'application/pdf', buffer: await makePdf('Policy') });
    await policy.getByRole('button', { name: 'Record policy' }).click();
    await page
      .getByTestId('task-policy')
      .getByText(`In effect since ${longDate(today)} · 1 document(s) attached`)
      .waitFor();
    await page.getByTestId('progress').getByText('2 of 3 requirements met').waitFor();

    // What the forms wrote is what the API holds: each record names its document.
    const review = await t.request('GET', `/v1/agencies/${id}/review`, { token: staff });
    expect(review.json.policies).toEqual([
      expect.objectContaining({
        title: 'Response to persons in crisis',
        version: '2025.1',
        countsToday: true,
      }),
    ]);
    expect(review.json.evidence.partnership).toEqual([
      expect.objectContaining({ filename: 'mou.pdf', mediaType: 'application/pdf' }),
    ]);
    expect(review.json.evidence.policy).toEqual([expect.objectContaining({ filename: 'policy.pdf' })]);

    // Submitted, then sent back on the policy: the message stands beside the policy step.
    await at('/officers', { officers: [{ officerRef: 'l-0', joinedOn: isoDay(-400) }] });
    await at('/trainings', { records: [{ officerRef: 'l-0', programId: 'cit', completedOn: today }] });
    await page.reload();
    await page.getByRole('button', { name: 'Submit for certification' }).click();
    await page.getByTestId('status').getByText('Submitted: waiting for IACP review').waitFor();

    // Staff judge beside the documents: the agreement opens in place; the policy is sent back.
    const desk = await tab();
    await signIn(desk, 'staff', 'bob@iacp');
    await desk.goto(`${t.baseUrl}/#/staff/${id}`);
    const sent = desk.getByRole('region', { name: 'What the agency sent' });
    await sent
      .getByText(`Denton County MHMR Center (community-mental-health), since ${longDate(today)}`)
      .waitFor();
    await sent.getByText(`“Response to persons in crisis”, version 2025.1`).waitFor();
    await sent.getByText('At submission: 1 of 1 crisis-trained, 1 of 1 covered.').waitFor();
    await sent.getByRole('button', { name: 'Open mou.pdf' }).click();
    const frame = desk.getByTestId('viewer-partnership').locator('iframe');
    await frame.waitFor();
    expect(await frame.getAttribute('title')).toBe('Evidence: mou.pdf');
    expect(await frame.getAttribute('src')).toMatch(/^blob:/);
    expect(await frame.getAttribute('data-sha256')).toBe(review.json.evidence.partnership[0].sha256);
    await checked(desk, 'staff-review-evidence');
    const decide = desk.getByRole('form', { name: 'Decide on policy' });
    await decide.getByLabel('Decision').selectOption('changes-requested');
    await decide.getByLabel(/^Message/).fill('Attach the signed general order');
    await decide.getByRole('button', { name: 'Record decision' }).click();
    await desk.getByTestId('review-message-policy').waitFor();
    await desk.getByRole('button', { name: 'Request changes' }).click();
    await desk.getByTestId('status').getByText('Changes requested by IACP').waitFor();
    await desk.close();

    await page.reload();
    await page.getByTestId('asked-policy').getByText('Attach the signed general order').waitFor();
    expect(await page.getByTestId('status').textContent()).toBe('Changes requested by IACP');
    expect(await page.locator('dt:text-is("Pledged on") + dd').textContent()).toBe(longDate(today));
    expect(await page.getByTestId('asked-partnership').count()).toBe(0);
    await page.getByRole('form', { name: 'Record a policy' }).waitFor();
    await checked(page, 'agency-task-list-sent-back');
    await page.setViewportSize({ width: 390, height: 844 });
    await checked(page, 'agency-task-list-sent-back-phone');
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await page.close();
  });

  it('no page error or console error happened in any tab', () => {
    expect(problems.filter((p) => !/status of (404|422)/.test(p))).toEqual([]);
  });
});

describe('web console in production', () => {
  const prefix = testPrefix();
  const t = new TestApp({
    NODE_ENV: 'production',
    ONEMIND_JWT_SECRET: 'a-production-secret-of-at-least-32-chars!',
  });
  beforeAll(async () => {
    // Production's default queue prefix is the real one (`onemind`): this app gets its own, and no workers.
    process.env.ONEMIND_QUEUE_PREFIX = prefix;
    process.env.ONEMIND_WORKERS = 'off';
    await t.start();
  });
  afterAll(async () => {
    await t.stop();
    await deletePrefix(prefix);
    delete process.env.ONEMIND_QUEUE_PREFIX;
    delete process.env.ONEMIND_WORKERS;
  });

  it('serves the page, but the development sign-in does not exist (404)', async () => {
    expect((await t.request('GET', '/')).status).toBe(200);
    const res = await t.request('POST', '/console/dev-token', { body: { role: 'staff', sub: 'mallory' } });
    expect(res.status).toBe(404);
    expect(res.json?.token).toBeUndefined();
  });
});
