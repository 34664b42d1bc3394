import { mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SaveResult } from '../../shared/types';
import { FIXTURES, type FixtureServer, startFixtureServer } from '../helpers/fixture-server';
import { launchBrowser, RESULTS, type Serve, startServe } from './harness';

/**
 * The README's screenshots: every screen at 1400, 1000 and 700 px wide, light and dark, written to
 * test-results/screens/ (or SCREENS_DIR). Nothing is asserted beyond each screen showing; the
 * pictures are for people to look at.
 */
const OUT = process.env.SCREENS_DIR ?? join(RESULTS, 'screens');
const WIDTHS = [1400, 1000, 700] as const;
const THEMES = ['light', 'dark'] as const;
const SCREENS = ['library', 'reader', 'reader-korean', 'reader-rtl', 'bookmarks', 'search', 'add', 'reading-settings'] as const;

let fixtures: FixtureServer;
let serve: Serve;
let browser: Browser;
let page: Page;
const ids: Record<string, string> = {};

const LONG_TEXT = [
  'Notes on a slow afternoon',
  ...Array.from({ length: 30 }, (_, i) => `Paragraph ${i + 1}. ${'A quiet sentence about reading things offline, at your own pace, with nothing else on the screen. '.repeat(3)}`),
].join('\n\n');

beforeAll(async () => {
  fixtures = await startFixtureServer(FIXTURES);
  serve = await startServe();
  const save = async (source: unknown) => (await serve.call<SaveResult>('saveArticle', { source })).article.id;
  ids.long = await save({ kind: 'text', text: LONG_TEXT });
  ids.guardian = await save({ kind: 'url', url: `${fixtures.url}/readability/guardian-1/source.html` });
  ids.wikipedia = await save({ kind: 'url', url: `${fixtures.url}/readability/wikipedia/source.html` });
  ids.rtl = await save({ kind: 'url', url: `${fixtures.url}/readability/rtl-1/source.html` });
  ids.korean = await save({ kind: 'url', url: `${fixtures.url}/pages/asiae-korean-euckr/source.html` });
  ids.seed = await save({ kind: 'url', url: `${fixtures.url}/pages/asiae-korea-ukraine/source.html` });
  await serve.call('saveProgress', { id: ids.long, position: { block: 8, offset: 0 }, progress: 31 });
  await serve.call('setBookmarked', { id: ids.seed, bookmarked: true });
  await serve.call('addPlaceBookmark', { id: ids.long, position: { block: 12, offset: 0 }, snippet: 'Paragraph 12. A quiet sentence about reading things offline', note: 'Read this one again' });
  await serve.call('setRead', { id: ids.wikipedia, read: true });
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await mkdir(OUT, { recursive: true });
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await serve?.stop();
  await fixtures?.close();
});

async function go(hash: string, ready: string) {
  await page.evaluate((h) => (window.location.hash = h), hash);
  await page.locator(ready).first().waitFor();
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForTimeout(200);
}

const shot = (name: string) => page.screenshot({ path: join(OUT, `${name}.png`) });

describe('e2e: screenshots of every screen at three widths, light and dark', () => {
  it('writes them', async () => {
    await page.goto(serve.url);
    await page.locator('[data-article-id]').first().waitFor();
    for (const theme of THEMES) {
      await serve.call('updateSettings', { patch: { theme } });
      await page.evaluate(() => (window.location.hash = '#/'));
      await page.reload();
      await page.locator('[data-article-id]').first().waitFor();
      for (const width of WIDTHS) {
        await page.setViewportSize({ width, height: 900 });
        const tag = `${width}-${theme}`;
        await go('#/', '[data-article-id]');
        await shot(`library-${tag}`);
        await go(`#/article/${ids.seed}`, '.article-body p');
        await shot(`reader-${tag}`);
        await go(`#/article/${ids.korean}`, '.article-body p');
        await shot(`reader-korean-${tag}`);
        await go(`#/article/${ids.rtl}`, '.article-body p');
        await shot(`reader-rtl-${tag}`);
        await go('#/bookmarks', '.article-title');
        await shot(`bookmarks-${tag}`);
        await go('#/', '[data-article-id]');
        if (width < 900) {
          await page.getByRole('button', { name: 'Menu' }).click();
          await shot(`menu-${tag}`);
          await page.getByRole('dialog', { name: 'Menu' }).getByLabel('Search articles').fill('reading');
          await page.keyboard.press('Enter');
        } else await page.getByLabel('Search articles').fill('reading');
        await page.getByRole('list', { name: 'Search results' }).waitFor();
        await shot(`search-${tag}`);
        await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
        if (width < 900) {
          await page.getByRole('button', { name: 'Menu' }).click();
          await page.getByRole('dialog', { name: 'Menu' }).getByLabel('Search articles').fill('');
          await page.keyboard.press('Enter');
        } else await page.getByLabel('Search articles').fill('');
        await page.getByRole('button', { name: 'Add', exact: true }).click();
        await shot(`add-${tag}`);
        await page.keyboard.press('Escape');
        await go(`#/article/${ids.long}`, '.article-body p');
        await page.getByRole('button', { name: 'Reading settings' }).click();
        await shot(`reading-settings-${tag}`);
        await page.keyboard.press('Escape');
      }
    }
    await serve.call('updateSettings', { patch: { theme: 'system' } });
    // Every screen was written, at every width and in both themes.
    const written = (await readdir(OUT)).filter((f) => f.endsWith('.png'));
    for (const width of WIDTHS) for (const theme of THEMES) for (const screen of SCREENS) expect(written).toContain(`${screen}-${width}-${theme}.png`);
  });
});
