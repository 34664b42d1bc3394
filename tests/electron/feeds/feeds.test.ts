import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { callApi } from '../../../electron/bridge';
import { Extractor } from '../../../electron/capture/extractor';
import { Library } from '../../../electron/library/library';
import { createOffprintService, type OffprintService } from '../../../electron/service';
import type { ApiArgs, ApiMethod, ApiReturn } from '../../../shared/api';
import type { ApiResult } from '../../../shared/types';
import { generateArticlePage, generateFeed } from '../../bench/feed-corpus';
import { FIXTURES } from '../../helpers/fixture-server';
import { type FeedServer, PNG, startFeedServer } from '../../helpers/feed-server';

const extractor = new Extractor();
let server: FeedServer;
let dataDir: string;
let library: Library;
let service: OffprintService;
let clock = new Date('2026-06-01T12:00:00.000Z');

beforeAll(async () => {
  server = await startFeedServer();
});
afterAll(async () => {
  await server.close();
  await extractor.close();
});
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'offprint-feeds-'));
  clock = new Date('2026-06-01T12:00:00.000Z');
  library = await Library.open({ dataDir, now: () => clock });
  service = createOffprintService(library, { extractor, feeds: { now: () => clock } });
});
afterEach(async () => {
  await service.feedsIdle();
  await service.close().catch(() => undefined);
  await library.close();
  await rm(dataDir, { recursive: true, force: true });
});

/** Calls through the validating bridge, as IPC, HTTP and the CLI do. */
async function call<M extends ApiMethod>(method: M, args: ApiArgs<M>): Promise<ApiReturn<M>> {
  const result = (await callApi(service, method, args)) as ApiResult<ApiReturn<M>>;
  if (!result.ok) throw Object.assign(new Error(result.error.message), result.error);
  return result.value;
}

let unique = 0;
/** A generated feed with article pages and images on the server, under a fresh prefix. */
function publish(items: number, options: { prefix?: string; firstId?: number; pages?: boolean } = {}): { prefix: string; feedUrl: string } {
  const prefix = options.prefix ?? `/site${++unique}`;
  const base = `${server.url}${prefix}/articles`;
  server.set(`${prefix}/feed.xml`, { kind: 'body', body: generateFeed({ items, linkBase: base, firstId: options.firstId ?? 0, imageUrl: `${server.url}/img/feed-${unique}.png`, title: `Site ${prefix}` }) });
  if (options.pages !== false) {
    for (let n = options.firstId ?? 0; n < (options.firstId ?? 0) + items; n++) {
      server.set(`${prefix}/articles/story-${n}.html`, { kind: 'body', body: generateArticlePage(n, { imageUrl: `${server.url}/img/page-${n}.png` }), contentType: 'text/html; charset=utf-8' });
    }
  }
  return { prefix, feedUrl: `${server.url}${prefix}/feed.xml` };
}

describe('electron/feeds: subscribing', () => {
  it('adds a feed by its address, fetching it once, and saves every item whole from its page', async () => {
    const { prefix, feedUrl } = publish(3);
    const added = await call('addFeed', { url: feedUrl, folder: 'News' });
    expect(added).toMatchObject({ alreadySubscribed: false, feed: { url: feedUrl, title: `Site ${prefix}`, folder: 'News' }, discovered: [{ url: feedUrl, source: 'address' }] });
    await service.feedsIdle();
    expect(server.count(`${prefix}/feed.xml`)).toBe(1);
    const page = await call('listFeedArticles', { feedId: added.feed.id });
    expect(page.total).toBe(3);
    expect(page.items.map((a) => a.title)).toEqual([expect.stringMatching(/^Story 2/), expect.stringMatching(/^Story 1/), expect.stringMatching(/^Story 0/)]);
    const article = await call('getArticle', { id: page.items[0]!.id });
    expect(article.feed).toMatchObject({ feedId: added.feed.id, itemId: 'story-2', author: 'Reporter 2', feedTitle: `Site ${prefix}` });
    expect(article.publishedTime).toBe(article.feed!.published);
    expect(article.source).toBe('url');
    expect(article.html).toContain('Picture 2 (page)');
    expect(article.images).toMatchObject({ total: 1, saved: 1 });
    expect(article.html).toMatch(/src="\/assets\/[^"]+\/[0-9a-f]{32,64}\.png"/);
    const { feeds } = await call('listFeeds', {});
    expect(feeds[0]).toMatchObject({ articles: 3, unread: 3, status: 'active', effective: { refreshMinutes: 60, retention: { mode: 'days', days: 30 }, fullText: 'page' } });
    expect(feeds[0]!.storageBytes).toBeGreaterThan(0);
    expect(feeds[0]!.health.lastSuccessAt).toBe(clock.toISOString());
    expect(Date.parse(feeds[0]!.health.nextRefreshAt!)).toBeGreaterThan(clock.getTime());

    // Refreshing asks with the ETag kept on disk (across a reopen) and gets 304.
    await service.close();
    await library.close();
    library = await Library.open({ dataDir, now: () => clock });
    service = createOffprintService(library, { extractor, feeds: { now: () => clock } });
    const { results } = await call('refreshFeeds', {});
    expect(results).toEqual([{ id: added.feed.id, status: 'not-modified', new: 0, updated: 0, notModified: true }]);
    expect(server.requests.filter((r) => r.path === `${prefix}/feed.xml`).at(-1)!.ifNoneMatch).toMatch(/^"/);
  });

  it('discovers a site page’s alternate feeds, subscribes the first and lists the others, fetching the feed once', async () => {
    const { prefix, feedUrl } = publish(1);
    server.set(`${prefix}/`, {
      kind: 'body',
      contentType: 'text/html',
      body: `<html><head><link rel="alternate" type="application/rss+xml" title="Main" href="feed.xml"><link rel="alternate" type="application/atom+xml" title="Other" href="/fixtures/atom/feedrs-atom_example_2.xml"></head><body>Home</body></html>`,
    });
    const { feeds } = await call('discoverFeeds', { url: `${server.url}${prefix}/` });
    expect(feeds.map((f) => [f.title, f.source])).toEqual([
      ['Main', 'link'],
      ['Other', 'link'],
    ]);
    const added = await call('addFeed', { url: `${server.url}${prefix}/` });
    expect(added.feed.url).toBe(feedUrl);
    expect(added.discovered).toHaveLength(2);
    await service.feedsIdle();
    expect(server.count(`${prefix}/feed.xml`)).toBe(1);
    // The same feed again is not a second subscription.
    expect((await call('addFeed', { url: feedUrl })).alreadySubscribed).toBe(true);
    expect((await call('listFeeds', {})).feeds).toHaveLength(1);
  });

  it('discovers a feed at a common path when the page names none; an address with none is a clear error', async () => {
    const { prefix } = publish(1);
    server.set(`/`, { kind: 'body', contentType: 'text/html', body: '<html><head><title>x</title></head><body>No feeds named here</body></html>' });
    server.set('/feed', { kind: 'redirect', status: 302, location: `${prefix}/feed.xml` });
    const { feeds } = await call('discoverFeeds', { url: `${server.url}/` });
    expect(feeds).toEqual([expect.objectContaining({ url: `${server.url}/feed`, source: 'common-path', format: 'rss' })]);
    server.set(`/`, { kind: 'body', contentType: 'text/html', body: '<html><body>nothing</body></html>' });
    server.set('/feed', { kind: 'status', status: 404 });
    await expect(call('addFeed', { url: `${server.url}/nothing-here` })).rejects.toMatchObject({ code: 'http-status' });
    server.set('/nothing', { kind: 'body', contentType: 'text/html', body: '<html><body>nothing</body></html>' });
    await expect(call('addFeed', { url: `${server.url}/nothing` })).rejects.toMatchObject({ code: 'not-feed', message: expect.stringContaining('No feed was found') });
    await expect(call('addFeed', { url: 'javascript:alert(1)' })).rejects.toMatchObject({ code: 'unsupported-scheme' });
  });

  it('reads every fixture feed served locally; the malformed ones it cannot read fail naming the feed', async () => {
    const results: string[] = [];
    for (const path of ['rss2/nnw-manton.rss', 'atom/nnw-DaringFireball.atom', 'rss1-rdf/nnw-bio.rdf', 'jsonfeed/nnw-inessential.json', 'encoding/miniflux-encoding_WINDOWS-1251.xml', 'atom/feedjira-youtube_atom.xml']) {
      const { feeds } = await call('discoverFeeds', { url: `${server.url}/fixtures/${path}` });
      results.push(`${path}: ${feeds[0]?.format} ${feeds[0]?.title}`);
    }
    expect(results).toEqual([
      'rss2/nnw-manton.rss: rss Manton Reece',
      'atom/nnw-DaringFireball.atom: atom Daring Fireball',
      'rss1-rdf/nnw-bio.rdf: rdf bioRxiv Subject Collection: Plant Biology',
      'jsonfeed/nnw-inessential.json: json inessential.com',
      'encoding/miniflux-encoding_WINDOWS-1251.xml: rss iBash.Org.Ru',
      'atom/feedjira-youtube_atom.xml: atom Google',
    ]);
  });
});

describe('electron/feeds: every item saved whole, once', () => {
  it('falls back to the feed’s own HTML when the page cannot be fetched, with its images stored', async () => {
    const { feedUrl } = publish(2, { pages: false });
    const added = await call('addFeed', { url: feedUrl });
    await service.feedsIdle();
    const page = await call('listFeedArticles', { feedId: added.feed.id });
    expect(page.total).toBe(2);
    const article = await call('getArticle', { id: page.items[0]!.id });
    expect(article.source).toBe('html');
    expect(article.url).toMatch(/story-1\.html$/);
    expect(article.html).toContain('Picture 1');
    expect(article.images).toMatchObject({ total: 1, saved: 1 });
  });

  it('full text from the feed fetches no page at all', async () => {
    const { prefix, feedUrl } = publish(2);
    await call('addFeed', { url: feedUrl, settings: { fullText: 'feed' } });
    await service.feedsIdle();
    expect(server.requests.filter((r) => r.path.startsWith(`${prefix}/articles/`))).toEqual([]);
    expect((await call('listArticles', {})).total).toBe(2);
  });

  it('sanitises hostile feed content (script, iframe, handlers) the same way as pages', async () => {
    server.set('/hostile.xml', {
      kind: 'body',
      body: `<?xml version="1.0"?><rss version="2.0"><channel><title>Hostile</title><item><guid>h1</guid><title>Bad</title>
        <description><![CDATA[<p>safe text</p><script>alert(1)</script><iframe src="https://evil.example/"></iframe><img src="x" onerror="alert(2)"><a href="javascript:alert(3)">link</a>]]></description></item></channel></rss>`,
    });
    const fixture = await call('addFeed', { url: `${server.url}/fixtures/hostile/feedparser-entry_content_script.xml` });
    await call('addFeed', { url: `${server.url}/hostile.xml` });
    await service.feedsIdle();
    const { items } = await call('listArticles', {});
    expect(items).toHaveLength(2);
    for (const summary of items) {
      const { html } = await call('getArticle', { id: summary.id });
      expect(html).not.toMatch(/<script|<iframe|onerror|javascript:/i);
    }
    const fromFixture = (await call('listFeedArticles', { feedId: fixture.feed.id })).items[0]!;
    expect((await call('getArticle', { id: fromFixture.id })).html).toContain('safe');
  });

  it('one article per story: in two feeds, saved by hand, or re-published with a new date', async () => {
    const { prefix, feedUrl } = publish(2);
    // Saved by hand first.
    await call('saveArticle', { source: { kind: 'url', url: `${server.url}${prefix}/articles/story-0.html` } });
    await call('addFeed', { url: feedUrl });
    await service.feedsIdle();
    expect((await call('listArticles', {})).total).toBe(2);
    // A second feed carrying the same stories (same links, other guids).
    server.set(`${prefix}/other.xml`, { kind: 'body', body: generateFeed({ items: 2, linkBase: `${server.url}${prefix}/articles`, seed: 9 }).replace(/story-(\d)<\/guid>/g, 'other-$1</guid>') });
    const other = await call('addFeed', { url: `${server.url}${prefix}/other.xml` });
    await service.feedsIdle();
    expect((await call('listArticles', {})).total).toBe(2);
    expect((await call('listFeedArticles', { feedId: other.feed.id })).total).toBe(2);
    // Re-published: same guid, a new date and a new title.
    server.set(`${prefix}/feed.xml`, { kind: 'body', body: generateFeed({ items: 2, linkBase: `${server.url}${prefix}/articles`, seed: 4 }).replace(/<pubDate>[^<]+</g, '<pubDate>Tue, 02 Jun 2026 10:00:00 GMT<') });
    const { results } = await call('refreshFeeds', {});
    expect(results.map((r) => r.new)).toEqual([0, 0]);
    expect((await call('listArticles', {})).total).toBe(2);
  });

  it('a deleted feed article is never downloaded again', async () => {
    const { prefix, feedUrl } = publish(1);
    const added = await call('addFeed', { url: feedUrl });
    await service.feedsIdle();
    const [only] = (await call('listFeedArticles', { feedId: added.feed.id })).items;
    await call('deleteArticle', { id: only!.id });
    server.set(`${prefix}/feed.xml`, { kind: 'body', body: generateFeed({ items: 1, linkBase: `${server.url}${prefix}/articles`, seed: 77 }) });
    const pageRequests = server.count(`${prefix}/articles/story-0.html`);
    await call('refreshFeeds', {});
    expect(server.count(`${prefix}/articles/story-0.html`)).toBe(pageRequests);
    expect((await call('listArticles', {})).total).toBe(0);
  });
});

describe('electron/feeds: refreshing politely', () => {
  it('a permanent redirect moves the subscription only after three refreshes; a temporary one never', async () => {
    const { prefix } = publish(1);
    server.set('/moving.xml', { kind: 'redirect', status: 301, location: `${prefix}/feed.xml` });
    server.set('/temp.xml', { kind: 'redirect', status: 302, location: `${prefix}/feed.xml` });
    const moving = await call('addFeed', { url: `${server.url}/moving.xml` });
    // A 301 seen when adding: subscribed at its target straight away.
    expect(moving.feed.url).toBe(`${server.url}${prefix}/feed.xml`);
    await call('removeFeed', { id: moving.feed.id, keepArticles: true });
    await service.feedsIdle();
    const feedId = (await call('importOpml', { opml: `<opml version="2.0"><body><outline text="m" xmlUrl="${server.url}/moving.xml"/><outline text="t" xmlUrl="${server.url}/temp.xml"/></body></opml>` })).added[0]!.id;
    for (let i = 1; i <= 3; i++) {
      server.set(`${prefix}/feed.xml`, { kind: 'body', body: generateFeed({ items: 1, linkBase: `${server.url}${prefix}/articles`, seed: 100 + i }) });
      await call('refreshFeeds', {});
      const feeds = (await call('listFeeds', {})).feeds;
      const m = feeds.find((f) => f.id === feedId)!;
      if (i < 3) expect(m).toMatchObject({ url: `${server.url}/moving.xml`, health: { pendingRedirect: { seen: i, needed: 3 } } });
      else expect(m.url).toBe(`${server.url}${prefix}/feed.xml`);
      expect(feeds.find((f) => f.id !== feedId)!.url).toBe(`${server.url}/temp.xml`);
    }
  });

  it('410 marks the feed inactive; 429 with Retry-After defers it; repeated failures mark it broken, each with its error in words', async () => {
    server.set('/gone.xml', { kind: 'status', status: 410 });
    server.set('/busy.xml', { kind: 'status', status: 429, headers: { 'retry-after': '3600' } });
    server.set('/broken.xml', { kind: 'broken' });
    const report = await call('importOpml', {
      opml: `<opml version="1.0"><body><outline text="g" xmlUrl="${server.url}/gone.xml"/><outline text="b" xmlUrl="${server.url}/busy.xml"/><outline text="x" xmlUrl="${server.url}/broken.xml"/></body></opml>`,
    });
    const [gone, busy, broken] = report.added.map((a) => a.id);
    let { results } = await call('refreshFeeds', {});
    expect(results.find((r) => r.id === gone)).toMatchObject({ status: 'gone', error: expect.stringContaining('410') });
    expect(results.find((r) => r.id === busy)).toMatchObject({ status: 'failed', error: expect.stringMatching(/429.*wait until 2026-06-01T13:00:00/) });
    expect(results.find((r) => r.id === broken)).toMatchObject({ status: 'failed', error: expect.stringMatching(/cut off|could not be read|127\.0\.0\.1/) });
    const busyRequests = server.count('/busy.xml');
    for (let i = 0; i < 4; i++) ({ results } = await call('refreshFeeds', {}));
    expect(results.find((r) => r.id === busy)).toMatchObject({ status: 'deferred' });
    expect(server.count('/busy.xml')).toBe(busyRequests);
    const feeds = (await call('listFeeds', {})).feeds;
    expect(feeds.find((f) => f.id === gone)).toMatchObject({ status: 'inactive', health: { nextRefreshAt: null } });
    expect(feeds.find((f) => f.id === broken)).toMatchObject({ status: 'broken', health: { consecutiveFailures: 5, lastError: expect.any(String) } });
    expect(feeds.find((f) => f.id === busy)!.health.retryAfter).toBe('2026-06-01T13:00:00.000Z');
    // After the wait, it is asked again.
    clock = new Date('2026-06-01T13:00:01.000Z');
    server.set('/busy.xml', { kind: 'body', body: generateFeed({ items: 0 }) });
    ({ results } = await call('refreshFeeds', { ids: [busy!] }));
    expect(results[0]).toMatchObject({ status: 'ok' });
  });

  it('the background schedule refreshes feeds when they are due, spread over the first minutes after an import', async () => {
    const { feedUrl } = publish(1);
    await service.close();
    service = createOffprintService(library, { extractor, feedSchedule: true, feeds: { now: () => clock } });
    const id = (await call('importOpml', { opml: `<opml><body><outline xmlUrl="${feedUrl}"/></body></opml>` })).added[0]!.id;
    const planned = Date.parse((await call('listFeeds', {})).feeds[0]!.health.nextRefreshAt!);
    expect(planned).toBeGreaterThanOrEqual(clock.getTime());
    expect(planned).toBeLessThanOrEqual(clock.getTime() + 10 * 60_000);
    expect((await call('listFeedArticles', { feedId: id })).total).toBe(0);
    clock = new Date(planned + 1000);
    // The schedule looks again within a second or so when something is due soon; here it is asked at once.
    await call('updateFeed', { id, patch: { title: 'Scheduled' } });
    await expect.poll(async () => (await call('listFeedArticles', { feedId: id })).total, { timeout: 15_000 }).toBe(1);
    const feed = (await call('listFeeds', {})).feeds[0]!;
    expect(Date.parse(feed.health.nextRefreshAt!)).toBeGreaterThan(clock.getTime() + 50 * 60_000);
  });

  it('a slow feed times out with the reason in words', async () => {
    await service.close();
    service = createOffprintService(library, { extractor, limits: { idleMs: 200, deadlineMs: 400 }, feeds: { now: () => clock } });
    server.set('/slow.xml', { kind: 'slow', delayMs: 1500, then: { kind: 'body', body: generateFeed({ items: 0 }) } });
    const id = (await call('importOpml', { opml: `<opml><body><outline xmlUrl="${server.url}/slow.xml"/></body></opml>` })).added[0]!.id;
    const { results } = await call('refreshFeeds', { ids: [id] });
    expect(results[0]).toMatchObject({ status: 'failed', error: expect.stringMatching(/did not (answer|send)/) });
  });

  it('at most 2 requests per host and 6 in all', async () => {
    await service.close();
    service = createOffprintService(library, { extractor, feeds: { now: () => clock } });
    const outlines: string[] = [];
    for (let i = 0; i < 10; i++) {
      server.set(`/p${i}.xml`, { kind: 'slow', delayMs: 150, then: { kind: 'body', body: generateFeed({ items: 0, title: `p${i}` }) } });
      // Two hosts for the same server: 127.0.0.1 and localhost.
      outlines.push(`<outline xmlUrl="${(i % 2 ? server.url : server.url.replace('127.0.0.1', 'localhost'))}/p${i}.xml"/>`);
    }
    await call('importOpml', { opml: `<opml><body>${outlines.join('')}</body></opml>` });
    server.resetPeak();
    await call('refreshFeeds', {});
    expect(server.peakConcurrent()).toBeLessThanOrEqual(4);
    expect(server.peakConcurrent()).toBeGreaterThan(2);
  });

  it('an item’s page and its images count against the same 2 per host', async () => {
    const prefix = `/one-host${++unique}`;
    const base = `${server.url}${prefix}/articles`;
    server.set(`${prefix}/feed.xml`, { kind: 'body', body: generateFeed({ items: 6, linkBase: base, imageUrl: `${server.url}${prefix}/slow.png` }) });
    server.set(`${prefix}/slow.png`, { kind: 'slow', delayMs: 80, then: { kind: 'body', body: PNG, contentType: 'image/png' } });
    for (let n = 0; n < 6; n++) {
      server.set(`${prefix}/articles/story-${n}.html`, { kind: 'slow', delayMs: 80, then: { kind: 'body', body: generateArticlePage(n, { imageUrl: `${server.url}${prefix}/img-${n}.png` }), contentType: 'text/html' } });
      server.set(`${prefix}/img-${n}.png`, { kind: 'slow', delayMs: 80, then: { kind: 'body', body: PNG, contentType: 'image/png' } });
    }
    server.resetPeak();
    await call('addFeed', { url: `${server.url}${prefix}/feed.xml` });
    await service.feedsIdle();
    expect((await call('listArticles', {})).total).toBe(6);
    expect(server.count(`${prefix}/img-5.png`)).toBe(1);
    expect(server.peakConcurrent()).toBe(2);
  });
});

describe('electron/feeds: retention and unsubscribing', () => {
  it('keeps the newest N, never a bookmarked one, and remembers what it removed', async () => {
    const { prefix, feedUrl } = publish(3);
    const added = await call('addFeed', { url: feedUrl, settings: { retention: { mode: 'count', count: 1 } } });
    await service.feedsIdle();
    // Only the newest was fetched at all: the others were past what the feed keeps.
    expect((await call('listFeedArticles', { feedId: added.feed.id })).items.map((a) => a.title)).toEqual([expect.stringMatching(/^Story 2/)]);
    expect(server.count(`${prefix}/articles/story-0.html`)).toBe(0);
    const [story2] = (await call('listFeedArticles', { feedId: added.feed.id })).items;
    await call('setBookmarked', { id: story2!.id, bookmarked: true });
    publish(2, { prefix, firstId: 3 });
    await call('refreshFeeds', {});
    const titles = (await call('listFeedArticles', { feedId: added.feed.id })).items.map((a) => a.title);
    expect(titles).toEqual([expect.stringMatching(/^Story 4/), expect.stringMatching(/^Story 2/)]);
    expect((await call('listFeeds', {})).feeds[0]!.settings.retention).toEqual({ mode: 'count', count: 1 });
  });

  it('keeps unread items N days: older ones go at a refresh', async () => {
    const { feedUrl } = publish(2);
    const added = await call('addFeed', { url: feedUrl, settings: { retention: { mode: 'days', days: 3650 } } });
    await service.feedsIdle();
    await call('updateFeed', { id: added.feed.id, patch: { settings: { retention: { mode: 'days', days: 7 } } } });
    expect((await call('listFeedArticles', { feedId: added.feed.id })).total).toBe(2);
    clock = new Date(clock.getTime() + 8 * 86_400_000);
    await call('refreshFeeds', {});
    expect((await call('listFeedArticles', { feedId: added.feed.id })).total).toBe(0);
  });

  it('unsubscribing keeps its articles or removes them (never the bookmarked ones)', async () => {
    const a = await call('addFeed', { url: publish(2).feedUrl });
    const b = await call('addFeed', { url: publish(2).feedUrl });
    await service.feedsIdle();
    const [keepMe] = (await call('listFeedArticles', { feedId: b.feed.id })).items;
    await call('setBookmarked', { id: keepMe!.id, bookmarked: true });
    expect(await call('removeFeed', { id: a.feed.id, keepArticles: true })).toEqual({ id: a.feed.id, removedArticles: 0, keptArticles: 2 });
    expect(await call('removeFeed', { id: b.feed.id, keepArticles: false })).toEqual({ id: b.feed.id, removedArticles: 1, keptArticles: 1 });
    expect((await call('listArticles', {})).total).toBe(3);
    expect((await call('listFeeds', {})).feeds).toEqual([]);
  });

  it('mark all read for a feed and for a folder', async () => {
    const a = await call('addFeed', { url: publish(2).feedUrl, folder: 'World/Asia' });
    await call('addFeed', { url: publish(1).feedUrl, folder: 'World' });
    await service.feedsIdle();
    expect(await call('markFeedRead', { feedId: a.feed.id })).toEqual({ marked: 2 });
    expect((await call('listFeedArticles', { folder: 'World', view: 'unread' })).total).toBe(1);
    expect(await call('markFeedRead', { folder: 'World' })).toEqual({ marked: 1 });
    expect((await call('listFeeds', {})).folders).toEqual(['World', 'World/Asia']);
  });
});

describe('electron/feeds: OPML', () => {
  it('imports every fixture, keeps folders, refuses what is not http(s), never subscribes twice, and exports what reads back', async () => {
    const newsboat = await readFile(join(FIXTURES, 'imports/opml/newsboat-example.opml'), 'utf8');
    const hostile = newsboat.replace('https://example.com/feed.xml', '|rm -rf ~').replace('https://example.com/feed.atom', 'file:///etc/passwd');
    const first = await call('importOpml', { opml: hostile });
    expect(first.skipped).toEqual([
      { url: '|rm -rf ~', title: 'example.com website', reason: expect.stringContaining('not an http or https address') },
      { url: 'file:///etc/passwd', title: 'example.com website (Atom feed)', reason: expect.stringContaining('not an http or https address') },
    ]);
    expect(first.added.length).toBeGreaterThan(2);
    expect(first.added.some((a) => a.folder !== null)).toBe(true);
    const again = await call('importOpml', { opml: hostile });
    expect(again.added).toEqual([]);
    expect(again.skipped.filter((s) => s.reason === 'already subscribed')).toHaveLength(first.added.length);
    for (const file of ['nnw-DefaultFeeds.opml', 'commafeed-opml_v2.0.xml', 'listparser-hier-4-mixed.xml', 'miniflux-settings.opml']) {
      const report = await call('importOpml', { opml: await readFile(join(FIXTURES, 'imports/opml', file), 'utf8') });
      expect(report.added.length + report.skipped.length).toBeGreaterThan(0);
    }
    const { opml } = await call('exportOpml', {});
    const feeds = (await call('listFeeds', {})).feeds;
    const reimported = await mkdtemp(join(tmpdir(), 'offprint-opml-'));
    const other = await Library.open({ dataDir: reimported });
    const otherService = createOffprintService(other, { extractor });
    const back = (await callApi(otherService, 'importOpml', { opml })) as ApiResult<ApiReturn<'importOpml'>>;
    expect(back.ok && back.value.added.map((a) => [a.url, a.folder]).sort()).toEqual(feeds.map((f) => [f.url, f.folder]).sort());
    await otherService.close();
    await other.close();
    await rm(reimported, { recursive: true, force: true });
  });

  it('an OPML file that is not OPML is refused in words', async () => {
    await expect(call('importOpml', { opml: 'not xml at all <' })).rejects.toMatchObject({ code: 'invalid-argument', message: expect.stringContaining('OPML') });
  });
});
