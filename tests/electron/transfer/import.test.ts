import { readdir, readFile, mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { callApi } from '../../../electron/bridge';
import { Extractor } from '../../../electron/capture/extractor';
import { Library } from '../../../electron/library/library';
import { createOffprintService, type OffprintService, type ServiceOptions } from '../../../electron/service';
import type { ImportSummary } from '../../../shared/transfer';
import type { ArticleSummary } from '../../../shared/types';
import { type FeedServer, PNG, startFeedServer } from '../../helpers/feed-server';
import { FIXTURES } from '../../helpers/fixture-server';

const IMPORTS = join(FIXTURES, 'imports');
const extractor = new Extractor();
let server: FeedServer;
let dataDir: string;
let library: Library;
let service: OffprintService;

/** An article page with enough text for extraction, its paragraphs given. */
function page(title: string, paragraphs: string[], image?: string): string {
  const body = paragraphs.map((p) => `<p>${p}</p>`).join('\n');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body><article><h1>${title}</h1>${image ? `<figure><img src="${image}" alt="A picture"><figcaption>The caption</figcaption></figure>` : ''}${body}</article></body></html>`;
}
const filler = (n: number) => Array.from({ length: 6 }, (_, i) => `Paragraph ${i + 1} of story ${n}: the council met on Tuesday to discuss the budget for the coming year, and many residents came to speak about the plans for the park and the library.`);

async function open(options: ServiceOptions = {}): Promise<void> {
  library = await Library.open({ dataDir });
  service = createOffprintService(library, { extractor, ...options, transfer: { autoStart: true, ...options.transfer } });
}

/** Every article, archived ones too, in the order they were added. */
async function all(): Promise<ArticleSummary[]> {
  return library.allIds().map((id) => library.summary(id));
}

const fileOf = async (path: string) => {
  const bytes = await readFile(join(IMPORTS, path));
  return { name: path.split('/').pop()!, base64: bytes.toString('base64') };
};

beforeAll(async () => {
  server = await startFeedServer();
});
afterAll(async () => {
  await server.close();
  await extractor.close();
});
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'offprint-import-'));
});
afterEach(async () => {
  await service?.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('electron/transfer: importing', () => {
  it('lists every entry at once as an article waiting to be downloaded, with its state, and importing again adds nothing', async () => {
    await open();
    const events: ImportSummary[] = [];
    service.subscribe('importProgress', (s) => events.push(s));
    const { import: summary } = await service.importFile({ file: await fileOf('pocket-csv/readeck-pocket.zip'), download: false });
    // https://example.net/ and https://example.net/#foo are one page (the fragment is no part of it): one article.
    expect(summary).toMatchObject({ format: 'pocket-csv', status: 'paused', imported: 3, duplicates: 1, skipped: 1, listed: 3, total: 3, waiting: 3, downloaded: 0 });
    expect(summary.skippedEntries).toEqual([expect.objectContaining({ url: 'ftp://example.net/' })]);
    const articles = await all();
    expect(articles).toHaveLength(3);
    for (const a of articles) expect(a.download).toMatchObject({ status: 'waiting', importId: summary.id, attempts: 0 });
    const read = articles.find((a) => a.url === 'https://example.org/read')!;
    expect(read.archivedAt).toBe('2024-04-02T05:59:04.000Z');
    expect(read.readAt).not.toBeNull();
    expect(read.savedAt).toBe('2024-04-02T05:59:04.000Z');
    expect(articles.find((a) => a.url === 'https://example.org/#test')!.tags.sort()).toEqual(['tag1', 'tag2']);
    expect(events.at(-1)).toMatchObject({ id: summary.id, status: 'paused' });
    const waiting = await service.listDownloads({});
    expect(waiting).toMatchObject({ total: 3, waiting: 3, failed: 0 });

    const again = await service.importFile({ file: await fileOf('pocket-csv/readeck-pocket.zip'), download: false });
    expect(again.import).toMatchObject({ imported: 0, duplicates: 4, skipped: 1 });
    expect(await all()).toHaveLength(3);

    // A restart keeps them, waiting, with the same state.
    await service.close();
    await open({ transfer: { autoStart: false } });
    expect((await all()).map((a) => [a.url, a.download?.status, a.tags.length])).toEqual(articles.map((a) => [a.url, 'waiting', a.tags.length]));
    expect((await service.listImports({})).imports.map((i) => i.imported)).toEqual([3, 0]);
  });

  it('maps tags with spaces and umlauts, folders as Parent/Child, bookmarks, notes and the original dates (every fixture format)', async () => {
    await open();
    const files = [
      'karakeep-json/issue-switchtoopen-40-karakeep.json',
      'linkwarden-json/karakeep-linkwarden-export.json',
      'netscape-bookmarks/snbp-chromium_nested.htm',
      'wallabag-json/wallabag-v1-read.json',
      'readwise-reader-csv/readeck-readwise.csv',
      'instapaper-csv/readeck-csv-instapaper.csv',
      'pocket-html/calibr-pocket.html',
      'omnivore/wallabag-omnivore.json',
      'pinboard-json/readeck-pinboard.json',
      'goodlinks-json/readeck-goodlinks.json',
      'delicious-json/wallabag-delicious_export.json',
      'readability-json/wallabag-readability.json',
      'browser-json/wallabag-chrome-bookmarks.json',
      'url-list/readeck-text.txt',
    ];
    for (const f of files) {
      const { import: s } = await service.importFile({ file: await fileOf(f), download: false });
      expect(s.imported + s.duplicates, f).toBeGreaterThan(0);
    }
    const articles = await all();
    const byUrl = (u: string) => articles.find((a) => a.url === u)!;
    expect(byUrl('https://github.com/CyberFlooD/SwitchToOpen').tags.sort()).toEqual(['Alternatives_open_source', 'cybersécurité', 'informatique', 'logiciel open source']);
    expect(byUrl('https://github.com/CyberFlooD/SwitchToOpen').savedAt).toBe('2025-07-13T15:30:30.000Z');
    expect(byUrl('https://nextjs.org/').tags).toEqual(['Tech/Frontend/Frameworks']);
    // One address in two Linkwarden collections: one article, both collections' tags.
    expect(articles.filter((a) => a.url === 'https://example.com/')).toHaveLength(1);
    expect(byUrl('https://example.com/').tags.sort()).toEqual(['personal', 'work']);
    expect(byUrl('http://www.php-fig.org/psr/').tags).toEqual(['Dev/PHP']);
    expect(byUrl('https://www.wallabag.org/features/').bookmarked).toBe(true);
    expect(byUrl('https://www.linuxserver.io/').tags.sort()).toEqual(["don't", 'favorite', 'peanut, butter']);
    const tags = await service.listTags({});
    expect(tags.map((t) => t.name)).toContain('Tech/Frontend');
    // Search finds them by title (each batch reaches the search index in one journal write).
    const hits = await service.searchArticles({ query: 'Hacker News' });
    expect(hits.items.map((h) => h.article.url)).toContain('https://news.ycombinator.com/');
    const cyrillic = await service.searchArticles({ query: 'Аналитики', view: 'archived' });
    expect(cyrillic.items.map((h) => h.article.url)).toEqual(['http://4pda.ru/2013/05/10/100002/']);
  });

  it('an unreadable file changes nothing, and the contract refuses bad arguments through zod', async () => {
    await open();
    await service.importFile({ file: await fileOf('pocket-csv/shiori-pocket-new.csv'), download: false });
    const before = await all();
    const files = (await readdir(dataDir, { recursive: true })).sort();
    const bad = [
      { name: 'x.csv', text: 'title,url,time_added,tags,status\n"Unclosed,https://a.example/,1,,unread\n' },
      { name: 'x.json', text: '[{"url":"https://a.example/","is_archived":1' },
      { name: 'x.zip', base64: Buffer.from(zipSync({ 'part_000000.csv': strToU8('title,url,time_added,tags,status\nA,https://a.example/,1,,unread\n') })).subarray(0, 60).toString('base64') },
      { name: 'x.txt', text: 'what is this\nnothing\n' },
    ];
    for (const file of bad) {
      const result = await callApi(service, 'importFile', { file, download: false });
      expect(result.ok, file.name).toBe(false);
      if (!result.ok) expect(result.error.code).toBe('invalid-argument');
    }
    expect(await all()).toEqual(before);
    expect((await readdir(dataDir, { recursive: true })).sort()).toEqual(files);
    for (const args of [{}, { file: { name: 'a', text: '' } }, { file: { name: 'a', base64: '@@@' } }, { file: { name: 'a', text: 'x' }, download: 'yes' }, { file: { name: 'a', text: 'x' }, extra: 1 }]) {
      const result = await callApi(service, 'importFile', args);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.message).toMatch(/^Invalid arguments for importFile/);
    }
    expect((await callApi(service, 'exportArticles', { format: 'pdf' })).ok).toBe(false);
    expect((await callApi(service, 'listDownloads', { limit: 100_000 })).ok).toBe(false);
    expect((await callApi(service, 'pauseImport', { id: '../x' })).ok).toBe(false);
  });

  it('downloads the queue through the capture pipeline, at most 2 per host, placing imported highlights and keeping the import state', async () => {
    for (let n = 0; n < 6; n++) server.set(`/h/${n}.html`, { kind: 'slow', delayMs: 40, then: { kind: 'body', body: page(`Story ${n}`, filler(n), `/h/img${n}.png`), contentType: 'text/html' } });
    for (let n = 0; n < 6; n++) server.set(`/h/img${n}.png`, { kind: 'body', body: PNG, contentType: 'image/png' });
    await open();
    const wallabag = JSON.stringify(
      Array.from({ length: 6 }, (_, n) => ({
        url: `${server.url}/h/${n}.html`,
        title: `My title ${n}`,
        is_archived: n === 0 ? 1 : 0,
        is_starred: n === 1,
        tags: ['imported', 'Größe'],
        annotations: n === 2 ? [{ quote: 'discuss the budget for the coming year', text: 'important' }, { quote: 'words that never appear anywhere', text: null }] : [],
      })),
    );
    server.resetPeak();
    const { import: started } = await service.importFile({ file: { name: 'wallabag.json', text: wallabag } });
    expect(started.imported).toBe(6);
    await service.transfer.downloadsIdle();
    expect(server.peakConcurrent()).toBeLessThanOrEqual(2);
    const articles = await all();
    for (const a of articles) {
      expect(a.download).toBeUndefined();
      expect(a.wordCount).toBeGreaterThan(50);
      expect(a.tags.sort()).toEqual(['Größe', 'imported']);
      expect(a.images.saved).toBe(1);
    }
    expect(articles.map((a) => a.title)).toEqual(Array.from({ length: 6 }, (_, n) => `My title ${n}`));
    expect(articles[0]!.archivedAt).not.toBeNull();
    expect(articles[1]!.bookmarked).toBe(true);
    const withHighlights = await service.getArticle({ id: articles[2]!.id });
    const placed = withHighlights.highlights.find((h) => h.note === 'important')!;
    expect(placed.anchor.status).not.toBe('not-found');
    expect(withHighlights.highlights.find((h) => h.quote.exact === 'words that never appear anywhere')!.anchor.status).toBe('not-found');
    const [job] = (await service.listImports({})).imports;
    expect(job).toMatchObject({ status: 'done', downloaded: 6, failed: 0, waiting: 0, highlights: 2, placed: 1 });
  });

  it('uses the content the export holds instead of the web (wallabag content), its images fetched as for any save', async () => {
    server.set('/c/pic.png', { kind: 'body', body: PNG, contentType: 'image/png' });
    await open();
    const content = `<h1>Held</h1>${filler(9).map((p) => `<p>${p}</p>`).join('')}<figure><img src="${server.url}/c/pic.png"><figcaption>Held caption</figcaption></figure>`;
    const json = JSON.stringify([{ url: `${server.url}/c/gone.html`, title: 'Held in the export', is_archived: 0, is_starred: 0, tags: [], content, annotations: [{ quote: 'many residents came to speak', text: 'n' }] }]);
    await service.importFile({ file: { name: 'w.json', text: json } });
    await service.transfer.downloadsIdle();
    expect(server.count('/c/gone.html')).toBe(0);
    const [a] = await all();
    expect(a!.download).toBeUndefined();
    expect(a!.images.saved).toBe(1);
    const text = await library.articleText({ id: a!.id });
    expect(text).toContain('Paragraph 3 of story 9');
    const article = await service.getArticle({ id: a!.id });
    expect(article.highlights[0]!.anchor.status).toBe('exact');
  });

  it('a dead link fails with its reason, or comes from the Wayback Machine when asked (the capture closest to its saved date)', async () => {
    server.set('/dead/a.html', { kind: 'status', status: 404 });
    server.set('/dead/b.html', { kind: 'status', status: 410 });
    const asked: string[] = [];
    const wayback: Server = createServer((req, res) => {
      const url = new URL(req.url!, 'http://x');
      asked.push(req.url!);
      if (url.pathname === '/wayback/available') {
        const target = url.searchParams.get('url')!;
        const snapshot = target.endsWith('a.html') ? { closest: { available: true, url: `http://web.archive.org/web/20160101120000/${target}`, timestamp: '20160101120000', status: '200' } } : {};
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ url: target, archived_snapshots: snapshot }));
        return;
      }
      if (url.pathname.startsWith('/web/20160101120000id_/')) {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page('Archived story', filler(42)));
        return;
      }
      res.writeHead(404).end();
    });
    await new Promise<void>((ok) => wayback.listen(0, '127.0.0.1', ok));
    const host = `http://127.0.0.1:${(wayback.address() as AddressInfo).port}`;
    try {
      await open({
        transfer: { waybackHost: host },
        // The archive's capture addresses are web.archive.org's: answered here by the local server.
        fetch: (input, init) => globalThis.fetch(String(input).replace('https://web.archive.org', host), init),
      });
      const list = `${server.url}/dead/a.html\n${server.url}/dead/b.html\n`;
      const { import: s } = await service.importFile({ file: { name: 'list.txt', text: list }, wayback: true });
      await service.transfer.downloadsIdle();
      const [a, b] = await all();
      expect(a!.download).toBeUndefined();
      expect(a!.archivedCopy).toEqual({ archive: 'wayback', url: `https://web.archive.org/web/20160101120000/${server.url}/dead/a.html`, capturedAt: '2016-01-01T12:00:00.000Z' });
      expect(await library.articleText({ id: a!.id })).toContain('story 42');
      expect(b!.download).toMatchObject({ status: 'failed' });
      expect(b!.download!.error).toMatch(/410.*Wayback Machine has no copy/s);
      expect(asked.filter((q) => q.startsWith('/wayback/available'))).toHaveLength(2);
      expect((await service.listImports({})).imports.find((i) => i.id === s.id)).toMatchObject({ status: 'done', downloaded: 1, failed: 1 });
      // Without --wayback a dead link only fails, with its reason.
      server.set('/dead/c.html', { kind: 'status', status: 404 });
      await service.importFile({ file: { name: 'c.txt', text: `${server.url}/dead/c.html\n` } });
      await service.transfer.downloadsIdle();
      const c = (await all()).find((x) => x.url?.endsWith('c.html'))!;
      expect(c.download).toMatchObject({ status: 'failed', error: expect.stringMatching(/404/) });
      expect(asked.filter((q) => q.startsWith('/wayback/available'))).toHaveLength(2);
      // Tried again on request, it waits and fails again (the page is still gone).
      expect(await service.retryDownloads({ ids: [c.id] })).toEqual({ retried: 1 });
      await service.transfer.downloadsIdle();
      expect((await service.listDownloads({ status: 'failed' })).total).toBe(2);
    } finally {
      await new Promise<void>((ok) => wayback.close(() => ok()));
    }
  });

  it('pause stops starting downloads, resume goes on, and cancel removes what still waits (what was downloaded stays)', async () => {
    for (let n = 0; n < 8; n++) server.set(`/p/${n}.html`, { kind: 'slow', delayMs: 30, then: { kind: 'body', body: page(`P ${n}`, filler(n)), contentType: 'text/html' } });
    await open({ transfer: { perHost: 1, total: 1 } });
    const list = Array.from({ length: 8 }, (_, n) => `${server.url}/p/${n}.html`).join('\n');
    const { import: s } = await service.importFile({ file: { name: 'p.txt', text: list }, download: false });
    expect(s.status).toBe('paused');
    expect(server.count('/p/0.html')).toBe(0);
    const firstDone = new Promise<void>((resolve) => service.subscribe('importProgress', (p) => p.downloaded >= 1 && resolve()));
    await service.resumeImport({ id: s.id });
    await firstDone;
    const paused = await service.pauseImport({ id: s.id });
    expect(paused.status).toBe('paused');
    await service.transfer.downloadsIdle();
    const afterPause = (await service.listImports({})).imports[0]!;
    expect(afterPause.downloaded).toBeGreaterThanOrEqual(1);
    expect(afterPause.waiting).toBeGreaterThan(0);
    const cancelled = await service.cancelImport({ id: s.id });
    expect(cancelled).toMatchObject({ status: 'cancelled', waiting: 0 });
    const left = await all();
    expect(left).toHaveLength(afterPause.downloaded);
    for (const a of left) expect(a.download).toBeUndefined();
    expect((await service.listDownloads({})).total).toBe(0);
  });

  it("a user's own save goes before the queue, and saving the address of a waiting article downloads it keeping its state", async () => {
    server.set('/u/1.html', { kind: 'body', body: page('U one', filler(1)), contentType: 'text/html' });
    await open();
    const pocket = `title,url,time_added,tags,status\nMine,${server.url}/u/1.html,1600000000,keep|this,archive\n`;
    const { import: s } = await service.importFile({ file: { name: 'p.csv', text: pocket }, download: false });
    expect(s.waiting).toBe(1);
    const { article, duplicate } = await service.saveArticle({ source: { kind: 'url', url: `${server.url}/u/1.html` } });
    expect(duplicate).toBe(false);
    expect(article.download).toBeUndefined();
    expect(article).toMatchObject({ title: 'Mine', savedAt: '2020-09-13T12:26:40.000Z' });
    expect(article.archivedAt).not.toBeNull();
    expect(article.tags.sort()).toEqual(['keep', 'this']);
    expect(await all()).toHaveLength(1);
  });

  it('OPML becomes feed subscriptions', async () => {
    await open();
    const { import: s } = await service.importFile({ file: await fileOf('opml/nnw-DefaultFeeds.opml') });
    expect(s.format).toBe('opml');
    expect(s.imported).toBeGreaterThan(5);
    expect((await service.listFeeds({})).feeds).toHaveLength(s.imported);
    const again = await service.importFile({ file: await fileOf('opml/nnw-DefaultFeeds.opml') });
    expect(again.import.imported).toBe(0);
  });
});
