import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, type FixtureServer, startFixtureServer } from '../helpers/fixture-server';
import { launchBrowser, recordRequests, screenshot, type Serve, startServe } from './harness';

const TITLE = 'South Korea "Considering Providing Lethal Weapons to Ukraine"... Putin Calls It "A Very Big Mistake"';

let fixtures: FixtureServer;
let serve: Serve;
let browser: Browser;
let page: Page;
let requests: string[];

beforeAll(async () => {
  fixtures = await startFixtureServer(join(FIXTURES, 'pages'));
  serve = await startServe();
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  requests = recordRequests(page);
});
afterAll(async () => {
  await browser?.close();
  await serve?.stop();
  await fixtures?.close();
});

async function paragraphFontSize(): Promise<number> {
  return page.locator('.article-body p').first().evaluate((p) => parseFloat(getComputedStyle(p).fontSize));
}

describe('e2e: save, read, text size, bookmark', () => {
  it('saves the seed page from the save field and opens it in the reader', async () => {
    await page.goto(serve.url);
    await page.getByRole('heading', { name: 'Library' }).waitFor();
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await page.getByLabel('Article address').fill(`${fixtures.url}/asiae-korea-ukraine/source.html`);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    // A save that ended well is a toast: "Saved “…” · Open".
    const toast = page.locator('.toast');
    await toast.getByText(/^Saved “/).waitFor();
    await toast.getByRole('link', { name: 'Open' }).click();
    await page.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    // The lazy-loaded figure is shown from the stored copy, with its caption.
    const figure = page.locator('.article-body figure img');
    await expect.poll(() => figure.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
    expect(new URL(await figure.evaluate((img: HTMLImageElement) => img.src)).origin).toBe(serve.origin);
    expect(await page.locator('.article-body figcaption').innerText()).toContain('[Image source=Yonhap News]');
    const text = await page.locator('.article-body').innerText();
    expect(text).toContain('Russian President Vladimir Putin warned on the 20th');
    expect(text).not.toContain('Most Viewed');
    expect(await page.locator('.reader-site').innerText()).toMatch(/The Asia Business Daily/i);
  });

  it('makes the article text larger, only the article, and keeps it after a reload', async () => {
    const before = await paragraphFontSize();
    const chromeBefore = await page.locator('.reader-bar').evaluate((e) => getComputedStyle(e).fontSize);
    await page.getByRole('button', { name: 'Reading settings' }).click();
    await page.getByRole('button', { name: 'Increase text size' }).click();
    await expect.poll(paragraphFontSize).toBeGreaterThan(before);
    const after = await paragraphFontSize();
    expect(await page.locator('.reader-bar').evaluate((e) => getComputedStyle(e).fontSize)).toBe(chromeBefore);
    await page.reload();
    await page.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    await expect.poll(paragraphFontSize).toBe(after);
    await screenshot(page, 'reader-larger-text');
    await page.getByRole('button', { name: 'Reading settings' }).click();
    await page.getByRole('button', { name: 'Reset text size' }).click();
    await expect.poll(paragraphFontSize).toBe(before);
  });

  it('bookmarks the article and finds it under Bookmarks', async () => {
    const button = page.getByRole('button', { name: 'Bookmark', exact: true });
    expect(await button.getAttribute('aria-pressed')).toBe('false');
    await button.click();
    const pressed = page.getByRole('button', { name: 'Remove bookmark' });
    await pressed.waitFor();
    expect(await pressed.getAttribute('aria-pressed')).toBe('true');
    // The reader shows no sidebar: back to the library first.
    await page.getByRole('link', { name: 'Library' }).click();
    await page.getByRole('link', { name: 'Bookmarks' }).click();
    const list = page.getByRole('list', { name: 'Bookmarked articles' });
    await list.waitFor();
    expect(await list.getByRole('link', { name: TITLE }).count()).toBe(1);
    await screenshot(page, 'bookmarks');
    await page.getByRole('link', { name: 'Library' }).click();
    await page.getByRole('list', { name: 'Saved articles' }).waitFor();
    await screenshot(page, 'library');
  });

  it('queues several saves and shows each outcome, errors as their message', async () => {
    await page.getByRole('link', { name: 'Library' }).click();
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    const input = page.getByLabel('Article address');
    await input.fill(`${fixtures.url}/asiae-korean-euckr/source.html`);
    await input.press('Enter');
    await input.fill(`${fixtures.url}/missing-page.html`);
    await input.press('Enter');
    // An address Offprint would refuse is refused in the field, and the text stays there.
    await input.fill('javascript:alert(1)');
    await input.press('Enter');
    await expect.poll(() => page.getByRole('dialog', { name: 'Add an article' }).getByRole('alert').innerText()).toMatch(/only saves web pages/);
    expect(await input.inputValue()).toBe('javascript:alert(1)');
    await input.press('Escape');
    const saves = page.getByRole('list', { name: 'Saves' });
    await page.locator('.toast').getByText('Saved “푸틴 "한국, 우크라이나에 살상무기 제공하면 큰 실수"”').waitFor();
    await expect.poll(() => saves.getByRole('alert').allInnerTexts()).toEqual([expect.stringMatching(/answered 404/)]);
    await page.getByRole('list', { name: 'Saved articles' }).getByRole('link', { name: '푸틴 "한국, 우크라이나에 살상무기 제공하면 큰 실수"' }).waitFor();
    await screenshot(page, 'save-queue');
  });

  it('saves a link dropped onto the window', async () => {
    const url = `${fixtures.url}/asiae-korea-ukraine/source.html?utm_source=drop`;
    await page.evaluate((dropped) => {
      const data = new DataTransfer();
      data.setData('text/uri-list', dropped);
      window.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
    }, url);
    await page.getByRole('list', { name: 'Saves' }).getByText('Already in your library').waitFor();
  });

  it('never made a request outside the app while reading', () => {
    const foreign = requests.filter((url) => new URL(url).origin !== serve.origin);
    expect(requests.length).toBeGreaterThan(3);
    expect(foreign).toEqual([]);
  });
});
