import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AddFeedResult, FeedList, FeedRefreshResult } from '../../shared/feeds';
import type { ArticlePage } from '../../shared/api';
import type { Article } from '../../shared/types';
import { generateArticlePage, generateFeed } from '../bench/feed-corpus';
import { type FeedServer, startFeedServer } from '../helpers/feed-server';
import { launchBrowser, recordRequests, screenshot, type Serve, startServe } from './harness';

let feeds: FeedServer;
let serve: Serve;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  feeds = await startFeedServer();
  const base = `${feeds.url}/news/articles`;
  const feed = generateFeed({ items: 3, linkBase: base, startDate: Date.now() - 10 * 3600_000, title: 'E2E News', imageUrl: `${feeds.url}/img/feed.png` })
    // One item whose page is gone and whose own HTML tries to load and run things: saved from the feed, sanitised.
    .replace(
      '</channel>',
      `<item><title>Hostile item</title><link>${base}/missing.html</link><guid>hostile-1</guid><pubDate>${new Date().toUTCString()}</pubDate>
       <content:encoded><![CDATA[<p>Feed text survives.</p><img src="${feeds.url}/img/inline.png" alt="inline"><script>fetch('${feeds.url}/ran')</script><iframe src="${feeds.url}/frame"></iframe><img src="x" onerror="fetch('${feeds.url}/onerror')"><video src="${feeds.url}/v.mp4"></video>]]></content:encoded></item></channel>`,
    );
  feeds.set('/news/feed.xml', { kind: 'body', body: feed });
  for (const n of [0, 1, 2]) feeds.set(`/news/articles/story-${n}.html`, { kind: 'body', contentType: 'text/html', body: generateArticlePage(n, { imageUrl: `${feeds.url}/img/page-${n}.png` }) });
  serve = await startServe();
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
});
afterAll(async () => {
  await browser?.close();
  await serve?.stop();
  await feeds?.close();
});

describe('e2e: a feed article reads offline', () => {
  it('subscribes through the API, refreshes from a local server, and reads a feed article with 0 requests outside the app', async () => {
    const added = await serve.call<AddFeedResult>('addFeed', { url: `${feeds.url}/news/feed.xml` });
    expect(added.feed.title).toBe('E2E News');
    // "Refresh now" waits for the first refresh the subscription started.
    const { results } = await serve.call<{ results: FeedRefreshResult[] }>('refreshFeeds', { ids: [added.feed.id] });
    expect(results[0]!.status).toMatch(/ok|not-modified/);
    const list = await serve.call<ArticlePage>('listFeedArticles', { feedId: added.feed.id });
    expect(list.total).toBe(4);
    const { feeds: subscribed } = await serve.call<FeedList>('listFeeds', {});
    expect(subscribed[0]).toMatchObject({ articles: 4, unread: 4, status: 'active' });

    const story = list.items.find((a) => a.title.startsWith('Story 2'))!;
    const hostile = list.items.find((a) => a.title === 'Hostile item')!;
    const requests = recordRequests(page);
    await page.goto(serve.url);
    await page.getByRole('heading', { name: 'Library' }).waitFor();
    const seenByFeedServer = feeds.requests.length;

    for (const article of [story, hostile]) {
      await page.evaluate((hash) => (window.location.hash = hash), `#/article/${article.id}`);
      await page.locator('.article-body').waitFor();
      await expect.poll(() => page.locator('.article-body img').evaluateAll((imgs) => imgs.every((img) => (img as HTMLImageElement).complete))).toBe(true);
      await page.waitForTimeout(300);
    }
    expect(await page.locator('.article-body').innerText()).toContain('Feed text survives.');
    const stored = await serve.call<Article>('getArticle', { id: story.id });
    expect(stored.feed).toMatchObject({ feedId: added.feed.id, feedTitle: 'E2E News' });
    await page.evaluate((hash) => (window.location.hash = hash), `#/article/${story.id}`);
    await page.locator('.article-body figure img').waitFor();
    expect(await page.locator('.article-body figure img').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
    await screenshot(page, 'feed-article');

    expect(requests.length).toBeGreaterThan(3);
    expect(requests.filter((u) => new URL(u).origin !== serve.origin)).toEqual([]);
    // Nothing reached the feed's server while reading: not the feed, not a page, not an image.
    expect(feeds.requests.slice(seenByFeedServer)).toEqual([]);
    expect(feeds.requests.map((r) => r.path)).not.toEqual(expect.arrayContaining(['/ran', '/frame', '/onerror', '/v.mp4']));
  });
});
