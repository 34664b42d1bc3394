import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Library } from '../../electron/library/library';
import { launchBrowser, screenshot, type Serve, startServe } from './harness';

const COUNT = 600;
let dataDir: string;
let serve: Serve;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'offprint-virtual-'));
  // Built through the library's own API, as the app would store them.
  let t = Date.parse('2026-01-01T00:00:00Z');
  const library = await Library.open({ dataDir, now: () => new Date((t += 60_000)) });
  for (let i = 0; i < COUNT; i++) {
    await library.addArticle({ record: {
        id: library.newId(),
        title: `Article number ${i}`,
        byline: null,
        siteName: 'Example News',
        excerpt: `The excerpt of article ${i}.`,
        lang: 'en',
        dir: null,
        publishedTime: null,
        url: null,
        finalUrl: null,
        canonicalUrl: null,
        normalizedUrl: null,
        wordCount: 300,
        readingMinutes: 2,
        source: 'text',
        raw: null,
        images: { total: 0, saved: 0, failed: [] },
        leadImage: null,
      }, files: { bodyHtml: `<p>Body ${i}</p>`, bodyText: `Body ${i}`, rawPage: null } });
  }
  serve = await startServe(dataDir);
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await serve?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

const rows = () => page.locator('li[data-article-id]').count();

describe('e2e: the library list is virtualised and paged', () => {
  it('keeps a bounded number of rows in the DOM while scrolling through every article', async () => {
    await page.goto(serve.url);
    const list = page.getByRole('list', { name: 'Saved articles' });
    await list.getByText(`Article number ${COUNT - 1}`, { exact: true }).waitFor();
    let most = await rows();
    for (let step = 0; step < 400; step++) {
      await page.mouse.wheel(0, 2000);
      await page.waitForTimeout(20);
      most = Math.max(most, await rows());
      if (await list.getByText('Article number 0', { exact: true }).isVisible().catch(() => false)) break;
    }
    await list.getByText('Article number 0', { exact: true }).waitFor();
    await screenshot(page, 'library-scrolled-to-end');
    expect(most).toBeGreaterThan(3);
    expect(most).toBeLessThanOrEqual(40);
    expect(await list.getAttribute('style')).toMatch(/height: \d{5,}px/);
  });
});
