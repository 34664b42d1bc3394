import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SaveResult } from '../../shared/types';
import { FIXTURES, type FixtureServer, startFixtureServer } from '../helpers/fixture-server';
import { launchBrowser, recordRequests, screenshot, type Serve, startServe } from './harness';

/**
 * Events, not polling: the page learns of saves, changes made elsewhere (another tab, a script on
 * the API) and its own saves' progress from the event stream, and asks for nothing on a timer.
 * Every API request the page makes is counted.
 */
let fixtures: FixtureServer;
let serve: Serve;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let requests: string[];
let releaseSlowPage: () => void = () => undefined;
let markSlowPageAsked: () => void = () => undefined;
const slowPageAsked = new Promise<void>((resolve) => (markSlowPageAsked = resolve));
const ids: Record<string, string> = {};

const LONG_TEXT = [
  'A long article for the events test',
  ...Array.from({ length: 40 }, (_, i) => `Paragraph ${i} of the long article. ${'Enough words to wrap over several lines at any text size. '.repeat(3)}`),
].join('\n\n');

/** Paths of the API requests the page made since `from` (an index into `requests`). */
const apiCallsSince = (from: number) =>
  requests
    .slice(from)
    .map((u) => new URL(u).pathname)
    .filter((p) => p.startsWith('/api/'));
const polls = () => requests.filter((u) => /\/api\/(listSaves|listNotices)$/.test(new URL(u).pathname)).length;

beforeAll(async () => {
  const gate = new Promise<void>((resolve) => (releaseSlowPage = resolve));
  fixtures = await startFixtureServer(FIXTURES, [
    // A page that answers only when the test says so, so a save can be watched while it runs.
    async (req, res) => {
      if (!req.url?.startsWith('/slow/')) return false;
      if (req.url.endsWith('.html')) {
        markSlowPageAsked();
        await gate;
        res.writeHead(200, { 'content-type': 'text/html' }).end(await readFile(join(FIXTURES, 'pages/asiae-korea-ukraine/source.html')));
      } else res.writeHead(404).end();
      return true;
    },
  ]);
  serve = await startServe();
  const save = (text: string) => serve.call<SaveResult>('saveArticle', { source: { kind: 'text', text } });
  ids.first = (await save('First article of the events test\n\nIts body paragraph.')).article.id;
  ids.long = (await save(LONG_TEXT)).article.id;
  browser = await launchBrowser();
  context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
  page = await context.newPage();
  // Time flows as usual; runFor() below moves it on by minutes, firing every timer on the way.
  await page.clock.install();
  requests = recordRequests(page);
  const stream = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/events');
  await page.goto(serve.url);
  await page.getByRole('list', { name: 'Saved articles' }).waitFor();
  await stream;
});
afterAll(async () => {
  releaseSlowPage();
  await browser?.close();
  await serve?.stop();
  await fixtures?.close();
});

const list = () => page.getByRole('list', { name: 'Saved articles' });

describe('e2e: events, not polling', () => {
  it('an article saved elsewhere while the page is open appears in the list, with no reload', async () => {
    let navigations = 0;
    page.on('framenavigated', (frame) => void (frame === page.mainFrame() && navigations++));
    const from = requests.length;
    await serve.call<SaveResult>('saveArticle', { source: { kind: 'text', text: 'Saved from somewhere else\n\nWhile the page was open.' } });
    await list().getByRole('link', { name: 'Saved from somewhere else' }).waitFor({ timeout: 10_000 });
    expect(navigations).toBe(0);
    // One page of the list, for the new row's place in it; nothing else.
    expect(apiCallsSince(from)).toEqual(['/api/listArticles']);
  });

  it('a bookmark made in another tab shows on this tab’s row, with no request from this tab', async () => {
    const other = await context.newPage();
    await other.goto(serve.url);
    const from = requests.length;
    await other.getByRole('list', { name: 'Saved articles' }).locator(`[data-article-id="${ids.first}"]`).getByRole('button', { name: 'Bookmark' }).click();
    const row = list().locator(`[data-article-id="${ids.first}"]`);
    await row.getByRole('button', { name: 'Remove bookmark' }).waitFor({ timeout: 10_000 });
    expect(apiCallsSince(from)).toEqual([]);
    await other.close();
  });

  it('a bookmark toggle in the list is one request, and updates the row from its answer', async () => {
    const from = requests.length;
    const row = list().locator(`[data-article-id="${ids.first}"]`);
    await row.getByRole('button', { name: 'Remove bookmark' }).click();
    await row.getByRole('button', { name: 'Bookmark' }).waitFor();
    await page.waitForTimeout(300);
    expect(apiCallsSince(from)).toEqual(['/api/setBookmarked']);
  });

  it('a bookmark toggle in the reader is one request: no reload of the shelf or the article body', async () => {
    await page.evaluate((id) => (window.location.hash = `#/article/${id}`), ids.long!);
    await page.locator('.article-body p').first().waitFor();
    await screenshot(page, 'events-reader');
    const from = requests.length;
    await page.getByRole('button', { name: 'Bookmark', exact: true }).click();
    await page.getByRole('button', { name: 'Remove bookmark' }).waitFor();
    await page.waitForTimeout(300);
    expect(apiCallsSince(from)).toEqual(['/api/setBookmarked']);
  });

  it('progress writes while scrolling ask for nothing else', async () => {
    const from = requests.length;
    for (const n of [10, 20, 30]) {
      await page.evaluate((i) => document.querySelectorAll('#article-body p')[i]!.scrollIntoView(), n);
      await page.mouse.wheel(0, 1);
      await expect.poll(() => apiCallsSince(from).length, { timeout: 5000 }).toBeGreaterThanOrEqual(n / 10);
    }
    await page.waitForTimeout(300);
    const calls = apiCallsSince(from);
    expect(calls.length).toBeGreaterThan(0);
    expect(calls.filter((p) => p !== '/api/saveProgress')).toEqual([]);
  });

  it('a save shows its progress from events; nothing polls listSaves or listNotices, over minutes', async () => {
    await page.evaluate(() => (window.location.hash = '#/'));
    await list().waitFor();
    await screenshot(page, 'events-library');
    const before = polls();
    const input = page.getByLabel('Article address');
    await input.fill(`${fixtures.url}/slow/page.html`);
    await input.press('Enter');
    await slowPageAsked;
    const saves = page.getByRole('list', { name: 'Saves' });
    await saves.getByText('Fetching…').waitFor({ timeout: 10_000 });
    // While the save runs: the old page asked listSaves every 250 ms.
    await page.clock.runFor(5_000);
    const whileSaving = polls() - before;
    releaseSlowPage();
    await saves.getByText('Saved', { exact: true }).waitFor({ timeout: 30_000 });
    await list().getByRole('link', { name: /Lethal Weapons to Ukraine/ }).waitFor({ timeout: 10_000 });
    // Idle: the old page asked listNotices every 30 s.
    await page.clock.runFor(65_000);
    const total = polls() - before;
    console.log(`events e2e: listSaves/listNotices requests while saving (5 s): ${whileSaving}; over the whole test (70 s): ${total}`);
    expect(whileSaving).toBe(0);
    expect(total).toBe(0);
  });

  it('no request left the app’s origin', () => {
    expect(requests.filter((u) => new URL(u).origin !== serve.origin)).toEqual([]);
  });
});
