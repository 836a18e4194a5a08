import type { Page } from 'playwright-core';
import type { Browser } from './browser.js';

/**
 * A new tab whose page errors and console errors are collected into `problems` (each console spec
 * ends by expecting none), at `size` if given.
 */
export async function openTab(
  browser: Browser,
  problems: string[],
  size?: { width: number; height: number },
): Promise<Page> {
  const page = await browser.context.newPage();
  if (size) await page.setViewportSize(size);
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !/Failed to load resource/.test(msg.text()))
      problems.push(`console error: ${msg.text()}`);
  });
  return page;
}

/** Signs in through the console's own sign-in page (the development token form). */
export async function signInAs(
  page: Page,
  baseUrl: string,
  role: 'agency' | 'staff' | 'auditor',
  sub: string,
  agencyId?: string,
): Promise<void> {
  await page.goto(`${baseUrl}/#/sign-in`);
  await page.getByLabel('Role').selectOption(role);
  await page.getByLabel('User name').fill(sub);
  if (agencyId) await page.getByLabel('Agency id').fill(agencyId);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForURL(/#\/(agency|staff|audit)/);
}
