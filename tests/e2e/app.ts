import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

/** Helpers the reading-app tests (issue 12) share: the app's own ways of doing things, as a reader does them. */

/** Serious and critical axe-core violations on the page as it is now, named for the report. */
export async function seriousViolations(page: Page, name: string): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${name}: ${v.id} ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

export async function expectAccessible(page: Page, name: string): Promise<void> {
  expect(await seriousViolations(page, name)).toEqual([]);
}

/** Goes to a route by its hash and waits for what shows it. */
export async function go(page: Page, hash: string, ready: string): Promise<void> {
  await page.evaluate((h) => (window.location.hash = h), hash);
  await page.locator(ready).first().waitFor();
}

export async function openArticle(page: Page, id: string, suffix = ''): Promise<void> {
  await go(page, `#/article/${id}${suffix}`, '.article-body p');
  await page.locator('#article-title').waitFor();
}

/** Types an address into "+ Add" and saves it; the popover stays open for the next one. */
export async function addAddress(page: Page, address: string): Promise<void> {
  const field = page.getByLabel('Article address');
  if (!(await field.isVisible().catch(() => false))) await page.getByRole('button', { name: 'Add', exact: true }).click();
  await field.fill(address);
  await field.press('Enter');
}

/** What has focus, as a test can compare it: the element's text and the row it is in. */
export function focused(page: Page): Promise<{ text: string; className: string; row: string | null; tag: string }> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    return { text: el?.textContent?.trim() ?? '', className: el?.className ?? '', row: el?.closest('[data-article-id]')?.getAttribute('data-article-id') ?? null, tag: el?.tagName ?? '' };
  });
}

export const toast = (page: Page) => page.locator('.toast');
export const tray = (page: Page) => page.getByRole('list', { name: 'Saves' });
