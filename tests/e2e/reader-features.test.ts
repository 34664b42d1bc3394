import AxeBuilder from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArticleSummary, SaveResult } from '../../shared/types';
import { FIXTURES, type FixtureServer, startFixtureServer } from '../helpers/fixture-server';
import { launchBrowser, recordRequests, screenshot, type Serve, startServe } from './harness';

let fixtures: FixtureServer;
let serve: Serve;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let requests: string[];
const ids: Record<string, string> = {};

const LONG_TEXT = [
  'A long article for reading progress tests',
  ...Array.from({ length: 60 }, (_, i) => `Paragraph number ${i} of the long article. ${'It keeps going with enough words to wrap over several lines at any text size. '.repeat(3)}`),
].join('\n\n');

const HOSTILE_HTML = `<!doctype html><html><head><title>Hostile page</title><meta http-equiv="refresh" content="0;url=https://evil.example/"><base href="https://evil.example/"><link rel="stylesheet" href="https://evil.example/a.css"></head>
<body><article><h1>Hostile page</h1>
<p>First paragraph of a page that tries to run things and load things from other hosts while it is being read offline.</p>
<p><img src="https://evil.example/remote.png" alt="remote image"><img src="x" onerror="window.__xss=1;fetch('https://evil.example/onerror')"></p>
<p><a href="javascript:window.__xss=1">a javascript link</a> and <a href="https://example.com/fine">a fine link</a>.</p>
<script>window.__xss = 1; new Image().src = 'https://evil.example/script';</script>
<p style="background:url(https://evil.example/bg.png)">Styled paragraph that should not load its background from anywhere at all.</p>
<svg><image href="https://evil.example/svg.png"></image><script>window.__xss=1</script></svg>
<iframe src="https://evil.example/frame"></iframe><iframe srcdoc="<script>parent.__xss=1</script>"></iframe>
<p>Last paragraph with enough text to make Readability happy about this being an article worth keeping.</p>
</article></body></html>`;

beforeAll(async () => {
  fixtures = await startFixtureServer(FIXTURES);
  serve = await startServe();
  const save = (source: unknown) => serve.call<SaveResult>('saveArticle', { source });
  ids.seed = (await save({ kind: 'url', url: `${fixtures.url}/pages/asiae-korea-ukraine/source.html` })).article.id;
  ids.korean = (await save({ kind: 'url', url: `${fixtures.url}/pages/asiae-korean-euckr/source.html` })).article.id;
  ids.rtl = (await save({ kind: 'url', url: `${fixtures.url}/readability/rtl-1/source.html` })).article.id;
  ids.hostile = (await save({ kind: 'html', html: HOSTILE_HTML, baseUrl: 'https://example.test/hostile' })).article.id;
  ids.long = (await save({ kind: 'text', text: LONG_TEXT })).article.id;
  browser = await launchBrowser();
  context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
  page = await context.newPage();
  requests = recordRequests(page);
  page.on('dialog', (d) => {
    throw new Error(`unexpected dialog: ${d.message()}`);
  });
  await page.goto(serve.url);
  await page.getByRole('list', { name: 'Saved articles' }).waitFor();
});
afterAll(async () => {
  await browser?.close();
  await serve?.stop();
  await fixtures?.close();
});

const open = async (id: string, at = '') => {
  await page.evaluate((hash) => (window.location.hash = hash), `#/article/${id}${at}`);
  await page.locator('#article-title').waitFor();
  await page.locator('.article-body p').first().waitFor();
};
const paragraphSize = () => page.locator('.article-body p').first().evaluate((p) => parseFloat(getComputedStyle(p).fontSize));
/** Index of the block at the reading line, as the app computes it. */
const blockAtTop = () =>
  page.evaluate(() => {
    // Just below the reader's bar, whether it shows or has slid away.
    const line = ((document.querySelector('.reader-bar') as HTMLElement | null)?.offsetHeight ?? 0) + 8;
    const blocks = Array.from(document.querySelectorAll('#article-body p, #article-body li, #article-body h2'));
    return blocks.findIndex((b) => b.getBoundingClientRect().bottom > line);
  });
async function axe(name: string) {
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${name}: ${v.id} ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

describe('e2e: the reader', () => {
  it('text size from the slider, Ctrl keys and Ctrl+wheel; remembered across reload and articles', async () => {
    await open(ids.seed!);
    await screenshot(page, 'reader-default');
    expect(await paragraphSize()).toBe(18);
    await page.keyboard.press('Control+Equal');
    await expect.poll(paragraphSize).toBe(20);
    await page.keyboard.press('Control+Minus');
    await page.keyboard.press('Control+Minus');
    await expect.poll(paragraphSize).toBe(16);
    await page.keyboard.press('Control+0');
    await expect.poll(paragraphSize).toBe(18);
    const box = (await page.locator('.article-body').boundingBox())!;
    await page.mouse.move(box.x + 50, box.y + 50);
    await page.keyboard.down('Control');
    await page.mouse.wheel(0, -100);
    await page.keyboard.up('Control');
    await expect.poll(paragraphSize).toBe(20);
    await page.getByRole('button', { name: 'Reading settings' }).click();
    const slider = page.getByRole('slider', { name: 'Text size' });
    await slider.focus();
    await page.keyboard.press('End');
    await expect.poll(paragraphSize).toBe(72);
    expect(await page.locator('.reader-bar').evaluate((e) => getComputedStyle(e).fontSize)).toBe('16px');
    await screenshot(page, 'reader-largest-text');
    await page.reload();
    await page.locator('.article-body p').first().waitFor();
    await expect.poll(paragraphSize).toBe(72);
    await open(ids.korean!);
    await expect.poll(paragraphSize).toBe(72);
    await page.getByRole('button', { name: 'Reading settings' }).click();
    await page.getByRole('button', { name: 'Reset text size' }).click();
    await expect.poll(paragraphSize).toBe(18);
  });

  it('renders right-to-left and Korean articles with their language and direction', async () => {
    await open(ids.rtl!);
    expect(await page.locator('.article-body').evaluate((e) => getComputedStyle(e).direction)).toBe('rtl');
    await open(ids.korean!);
    expect(await page.locator('.article-body').getAttribute('lang')).toBe('ko');
    expect(await page.locator('#article-title').innerText()).toBe('푸틴 "한국, 우크라이나에 살상무기 제공하면 큰 실수"');
  });

  it('restores the reading position to the same paragraph after a text-size change, and shows progress', async () => {
    await open(ids.long!);
    await page.evaluate(() => document.querySelectorAll('#article-body p')[20]!.scrollIntoView());
    await page.mouse.wheel(0, 1);
    const before = await blockAtTop();
    expect(before).toBeGreaterThan(15);
    const bar = page.getByRole('progressbar', { name: 'Reading progress' });
    await expect.poll(async () => Number(await bar.getAttribute('aria-valuenow'))).toBeGreaterThan(10);
    await expect
      .poll(async () => (await serve.call<ArticleSummary>('getArticle', { id: ids.long })).position?.block ?? -1, { timeout: 5000 })
      .toBe(before);
    await page.keyboard.press('Control+Equal');
    await page.keyboard.press('Control+Equal');
    await expect.poll(paragraphSize).toBe(22);
    expect(Math.abs((await blockAtTop()) - before)).toBeLessThanOrEqual(1);
    await page.reload();
    await page.locator('.article-body p').first().waitFor();
    await expect.poll(blockAtTop).toBe(before);
    // Ctrl+0 is the text size in the reader (elsewhere it resets the interface zoom).
    await page.keyboard.press('Control+0');
    await expect.poll(paragraphSize).toBe(18);
    await page.getByRole('link', { name: 'Library' }).first().click();
    const shelf = page.getByRole('region', { name: 'Continue reading' });
    await shelf.getByText('A long article for reading progress tests').waitFor();
  });

  it('marks an article read when finished, and unread by hand', async () => {
    await open(ids.long!);
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    await page.mouse.wheel(0, 10);
    await expect.poll(async () => (await serve.call<ArticleSummary>('getArticle', { id: ids.long })).readAt, { timeout: 5000 }).not.toBeNull();
    await page.getByRole('button', { name: 'Back to top' }).click();
    await page.reload();
    await page.getByRole('button', { name: 'More', exact: true }).click();
    await page.getByRole('menuitem', { name: 'Mark unread' }).click();
    await expect.poll(async () => (await serve.call<ArticleSummary>('getArticle', { id: ids.long })).readAt).toBeNull();
    await page.getByRole('button', { name: 'More', exact: true }).click();
    await page.getByRole('menuitem', { name: 'Mark read' }).waitFor();
    await page.keyboard.press('Escape');
  });

  it('bookmarks a place with a note; Bookmarks lists both kinds and opens the place', async () => {
    await open(ids.long!);
    await page.evaluate(() => document.querySelectorAll('#article-body p')[30]!.scrollIntoView());
    await page.mouse.wheel(0, 1);
    const at = await blockAtTop();
    await page.getByRole('button', { name: 'More', exact: true }).click();
    await page.getByRole('menuitem', { name: 'Bookmark this place' }).click();
    await page.getByLabel('Note (optional)').fill('Come back to this');
    await page.getByRole('button', { name: 'Save place' }).click();
    await page.keyboard.press('b');
    await page.getByRole('button', { name: 'Remove bookmark' }).waitFor();
    await page.evaluate(() => (window.location.hash = '#/bookmarks'));
    const list = page.getByRole('list', { name: 'Bookmarked articles' });
    await list.getByText('Note: Come back to this').waitFor();
    // Both kinds, grouped under their article: its own bookmark and the place in it.
    expect(await list.locator('li.virtual-row').count()).toBe(1);
    expect(await list.getByRole('button', { name: /^Remove bookmark: A long article/ }).count()).toBe(1);
    expect(await list.locator('.place').count()).toBe(1);
    await screenshot(page, 'bookmarks-view');
    await axe('bookmarks');
    const placeLink = list.locator('.place', { hasText: 'Come back to this' }).getByRole('link');
    expect(await placeLink.getAttribute('href')).toMatch(new RegExp(`/at/${at}/\\d+$`));
    await placeLink.click();
    await page.locator('.article-body p').first().waitFor();
    await expect.poll(blockAtTop).toBe(at);
    await page.evaluate(() => (window.location.hash = '#/bookmarks'));
    await list.locator('.place').getByRole('button', { name: /Remove bookmark: / }).click();
    await expect.poll(() => list.locator('.place').count()).toBe(0);
    expect(await list.locator('li.virtual-row').count()).toBe(1);
  });

  it('skip link first, Back to top after scrolling', async () => {
    await open(ids.seed!);
    await page.reload();
    await page.locator('#article-title').waitFor();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to article');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('article-body');
  });

  it('library: views, archive, delete with Undo, keyboard j/k/Enter/Esc and ? help', async () => {
    await page.evaluate(() => (window.location.hash = '#/'));
    const list = page.getByRole('list', { name: 'Saved articles' });
    await list.waitFor();
    const count = await list.locator('li').count();
    expect(count).toBe(5);
    await list.getByRole('button', { name: 'Archive: Hostile page' }).click();
    await expect.poll(() => list.locator('li').count()).toBe(4);
    await page.getByRole('link', { name: 'Archived' }).click();
    await page.getByRole('list', { name: 'Archived articles' }).getByText('Hostile page').waitFor();
    await page.getByRole('button', { name: 'Unarchive: Hostile page' }).click();
    await page.getByRole('link', { name: 'Library' }).first().click();
    await expect.poll(() => list.locator('li').count()).toBe(5);
    await list.getByRole('button', { name: 'More actions: Hostile page' }).click();
    await list.getByRole('menuitem', { name: 'Delete' }).click();
    await expect.poll(() => list.locator('li').count()).toBe(4);
    await page.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => list.locator('li').count()).toBe(5);

    // A click beside the list (the sidebar is at the left now), on nothing in particular.
    await page.locator('body').click({ position: { x: 1190, y: 300 } });
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    await page.keyboard.press('k');
    const first = await list.locator('li').first().getAttribute('data-article-id');
    expect(await page.evaluate(() => document.activeElement?.closest('li')?.getAttribute('data-article-id'))).toBe(first);
    await page.keyboard.press('Enter');
    await page.locator('#article-title').waitFor();
    await page.keyboard.press('Escape');
    await list.waitFor();
    await page.keyboard.press('?');
    await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
    await page.keyboard.press('Escape');
    expect(await page.getByRole('dialog').count()).toBe(0);
    await screenshot(page, 'library-view');
  });

  it('has no serious accessibility problems in light and dark themes', async () => {
    for (const theme of ['light', 'dark'] as const) {
      await serve.call('updateSettings', { patch: { theme } });
      await page.evaluate(() => (window.location.hash = '#/'));
      await page.reload();
      await page.getByRole('list', { name: 'Saved articles' }).waitFor();
      await axe(`library ${theme}`);
      await open(ids.seed!);
      await axe(`reader ${theme}`);
      await page.getByRole('button', { name: 'Reading settings' }).click();
      await page.getByRole('dialog', { name: 'Reading settings' }).waitFor();
      await axe(`settings ${theme}`);
      if (theme === 'dark') await screenshot(page, 'reader-dark');
      await page.evaluate(() => (window.location.hash = '#/bookmarks'));
      await page.getByRole('heading', { name: 'Bookmarks' }).waitFor();
      await axe(`bookmarks ${theme}`);
    }
    await serve.call('updateSettings', { patch: { theme: 'system' } });
  });

  it('reading a page that tried scripts, handlers, javascript: links and remote loads runs nothing and requests nothing elsewhere', async () => {
    await open(ids.hostile!);
    await page.getByText('Last paragraph with enough text').waitFor();
    await page.getByText('a javascript link').click();
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(new URL(page.url()).origin).toBe(serve.origin);
    expect(await page.locator('.article-body img[src^="http"]').count()).toBe(0);
  });

  it('no request ever left the app’s origin', () => {
    expect(requests.length).toBeGreaterThan(20);
    expect(requests.filter((u) => new URL(u).origin !== serve.origin)).toEqual([]);
  });
});
