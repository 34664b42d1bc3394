import AxeBuilder from '@axe-core/playwright';
import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FeedList } from '../../shared/feeds';
import { generateArticlePage, generateFeed } from '../bench/feed-corpus';
import { type FeedServer, startFeedServer } from '../helpers/feed-server';
import { launchBrowser, recordRequests, screenshot, type Serve, startServe } from './harness';

// Every feed, page and image comes from a local feed server; nothing goes to the network.
let feeds: FeedServer;
let serve: Serve;
let browser: Browser;
let page: Page;
let requests: string[];
const pageErrors: string[] = [];

beforeAll(async () => {
  feeds = await startFeedServer();
  const base = `${feeds.url}/harbour/articles`;
  // A site whose home page names two feeds: the reader chooses one.
  feeds.set('/harbour/', {
    kind: 'body',
    contentType: 'text/html; charset=utf-8',
    body: `<!doctype html><html><head><title>Harbour News</title>
      <link rel="alternate" type="application/rss+xml" title="Harbour News: all stories" href="/harbour/feed.xml">
      <link rel="alternate" type="application/rss+xml" title="Harbour News: ferries only" href="/harbour/ferries.xml">
      </head><body><h1>Harbour News</h1></body></html>`,
  });
  feeds.set('/harbour/feed.xml', { kind: 'body', body: generateFeed({ items: 3, linkBase: base, title: 'Harbour News', imageUrl: `${feeds.url}/img/harbour.png`, startDate: Date.now() - 10 * 3600_000 }) });
  feeds.set('/harbour/ferries.xml', { kind: 'body', body: generateFeed({ items: 1, linkBase: base, title: 'Harbour ferries', startDate: Date.now() - 5 * 3600_000 }) });
  for (const n of [0, 1, 2]) feeds.set(`/harbour/articles/story-${n}.html`, { kind: 'body', contentType: 'text/html', body: generateArticlePage(n, { imageUrl: `${feeds.url}/img/story-${n}.png` }) });
  feeds.set('/quay/feed.xml', { kind: 'body', body: generateFeed({ items: 2, linkBase: `${feeds.url}/quay/articles`, title: 'Quay Weekly', firstId: 10, startDate: Date.now() - 3 * 3600_000 }) });
  for (const n of [10, 11]) feeds.set(`/quay/articles/story-${n}.html`, { kind: 'body', contentType: 'text/html', body: generateArticlePage(n) });
  serve = await startServe();
  browser = await launchBrowser();
  page = await (await browser.newContext({ viewport: { width: 1200, height: 900 }, acceptDownloads: true })).newPage();
  requests = recordRequests(page);
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(serve.url);
  await page.getByRole('heading', { name: 'Library' }).waitFor();
});
afterAll(async () => {
  await browser?.close();
  await serve?.stop();
  await feeds?.close();
});

async function axe(name: string) {
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${name}: ${v.id} ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}
const feedsSection = () => page.getByRole('region', { name: 'Feeds' });
const listFeeds = () => serve.call<FeedList>('listFeeds', {});

describe('e2e: feeds in the app', () => {
  it('Add feed finds the feeds a site names, subscribes to the chosen one, and its articles arrive in its view with an unread count', async () => {
    await feedsSection().getByRole('button', { name: '+ Add feed' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add feed' });
    await dialog.getByRole('textbox', { name: 'Feed or site address' }).fill(`${feeds.url}/harbour/`);
    await dialog.getByRole('combobox', { name: /Folder/ }).fill('News/Local');
    await dialog.getByRole('button', { name: 'Find and subscribe' }).click();
    await dialog.getByRole('group', { name: '2 feeds found: choose one' }).waitFor();
    await axe('add feed with choices');
    await screenshot(page, 'feeds-add-choices');
    await dialog.getByRole('radio', { name: /Harbour News: all stories/ }).check();
    await dialog.getByRole('button', { name: 'Subscribe' }).click();
    await page.getByRole('heading', { name: 'Feed Harbour News' }).waitFor();

    const list = page.getByRole('list', { name: 'Articles of Harbour News' });
    // The items are saved in the background; feedsChanged and libraryChanged bring them in.
    await expect.poll(() => list.locator('.article-title').count(), { timeout: 30_000 }).toBe(3);
    const { feeds: subscribed } = await listFeeds();
    expect(subscribed.map((f) => [f.title, f.folder, f.url])).toEqual([['Harbour News', 'News/Local', `${feeds.url}/harbour/feed.xml`]]);
    // The feed was fetched once to subscribe (discovery kept it), never three times.
    expect(feeds.count('/harbour/feed.xml')).toBe(1);

    const section = feedsSection();
    await section.getByRole('link', { name: /^Harbour News\s*,\s*3 unread$/ }).waitFor();
    await section.getByRole('link', { name: /^News\s*,\s*3 unread$/ }).waitFor();
    await expect.poll(() => page.locator('.feed-health').innerText()).toMatch(/3 articles, 3 unread · \d+ KB · Updated/);
    await axe('feed view');
    await screenshot(page, 'feeds-view');
  });

  it('Refresh now asks politely (304), Mark all read clears the count, the folder view lists the feed articles; an article reads offline', async () => {
    await page.getByRole('button', { name: 'Refresh now' }).click();
    await page.locator('.toast').filter({ hasText: 'Nothing new' }).waitFor();
    expect(feeds.requests.filter((r) => r.path === '/harbour/feed.xml').at(-1)?.ifNoneMatch).toBeTruthy();

    await page.getByRole('button', { name: 'Mark all read' }).click();
    await page.locator('.toast').filter({ hasText: '3 articles marked read' }).waitFor();
    await feedsSection().getByRole('link', { name: /^Harbour News$/ }).waitFor();
    expect((await listFeeds()).feeds[0]!.unread).toBe(0);

    await feedsSection().getByRole('link', { name: /News\/Local|Local/ }).first().click();
    await page.getByRole('heading', { name: 'Folder News/Local' }).waitFor();
    await expect.poll(() => page.getByRole('list', { name: 'Articles of News/Local' }).locator('.article-title').count()).toBe(3);

    const seen = feeds.requests.length;
    await page.getByRole('list', { name: 'Articles of News/Local' }).locator('.article-title').first().click();
    await page.locator('.article-body figure img').waitFor();
    expect(await page.locator('.article-body figure img').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    expect(feeds.requests.slice(seen)).toEqual([]);
    await page.goBack();
  });

  it('OPML: export the subscriptions, import another list (a command address is refused, a known feed skipped), with a report', async () => {
    await page.evaluate(() => (window.location.hash = '#/'));
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      (async () => {
        await feedsSection().getByRole('button', { name: 'More feed actions' }).click();
        await page.getByRole('menuitem', { name: 'Export OPML' }).click();
      })(),
    ]);
    expect(download.suggestedFilename()).toBe('offprint-feeds.opml');
    const exported = await readFile((await download.path())!, 'utf8');
    expect(exported).toContain(`xmlUrl="${feeds.url}/harbour/feed.xml"`);
    expect(exported).toMatch(/<outline[^>]*text="News"/);

    const opml = `<?xml version="1.0"?><opml version="2.0"><head><title>Mine</title></head><body>
      <outline text="Weekly"><outline type="rss" text="Quay Weekly" xmlUrl="${feeds.url}/quay/feed.xml"/></outline>
      <outline type="rss" text="Harbour again" xmlUrl="${feeds.url}/harbour/feed.xml"/>
      <outline type="rss" text="Run me" xmlUrl="|touch /tmp/offprint-pwned"/>
    </body></opml>`;
    const [chooser] = await Promise.all([
      page.waitForEvent('filechooser'),
      (async () => {
        await feedsSection().getByRole('button', { name: 'More feed actions' }).click();
        await page.getByRole('menuitem', { name: 'Import OPML…' }).click();
      })(),
    ]);
    await chooser.setFiles({ name: 'mine.opml', mimeType: 'text/x-opml', buffer: Buffer.from(opml) });
    const report = page.getByRole('dialog', { name: 'OPML import' });
    await report.waitFor();
    expect(await report.locator('p').first().innerText()).toBe('1 feed added, 2 skipped.');
    expect(await report.getByRole('listitem').allInnerTexts()).toEqual([expect.stringContaining('Quay Weekly'), expect.stringMatching(/^Harbour again: /), expect.stringMatching(/^Run me: /)]);
    await axe('opml report');
    await screenshot(page, 'feeds-opml-report');
    await report.getByRole('button', { name: 'Close' }).click();
    await feedsSection().getByRole('link', { name: /^Quay Weekly/ }).waitFor();
    await screenshot(page, 'feeds-sidebar');
  });

  it('feed settings are saved; unsubscribing asks about the articles and can keep them', async () => {
    await feedsSection().getByRole('link', { name: /^Quay Weekly/ }).click();
    await page.getByRole('heading', { name: 'Feed Quay Weekly' }).waitFor();
    await page.getByRole('button', { name: 'Settings…' }).click();
    const settings = page.getByRole('dialog', { name: 'Settings: Quay Weekly' });
    await settings.getByRole('combobox', { name: 'Refresh' }).selectOption('180');
    await settings.getByRole('radio', { name: 'The newest N articles' }).check();
    await settings.getByRole('spinbutton', { name: 'N' }).fill('40');
    await settings.getByRole('combobox', { name: 'Full text' }).selectOption('feed');
    await axe('feed settings');
    await settings.getByRole('button', { name: 'Save' }).click();
    await settings.waitFor({ state: 'detached' });
    const quay = (await listFeeds()).feeds.find((f) => f.title === 'Quay Weekly')!;
    expect(quay.settings).toEqual({ refreshMinutes: 180, retention: { mode: 'count', count: 40 }, fullText: 'feed' });
    // An imported feed is refreshed on the schedule (spread over the hour), or now.
    await page.getByRole('button', { name: 'Refresh now' }).click();
    await page.locator('.toast').filter({ hasText: '2 new articles' }).waitFor();
    await expect.poll(() => page.getByRole('list', { name: 'Articles of Quay Weekly' }).locator('.article-title').count()).toBe(2);

    await page.getByRole('button', { name: 'Unsubscribe…' }).click();
    const ask = page.getByRole('dialog', { name: 'Unsubscribe from Quay Weekly?' });
    await ask.getByRole('button', { name: 'Unsubscribe, keep articles' }).click();
    await page.getByRole('heading', { name: 'Library', level: 1 }).waitFor();
    expect((await listFeeds()).feeds.map((f) => f.title)).toEqual(['Harbour News']);
    await expect.poll(() => page.getByRole('list', { name: 'Saved articles' }).locator('.article-title').count()).toBe(5);
    expect(requests.filter((u) => new URL(u).origin !== serve.origin)).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
