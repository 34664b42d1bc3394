import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { callApi } from '../../electron/bridge';
import { Extractor } from '../../electron/capture/extractor';
import { Library } from '../../electron/library/library';
import { createOffprintService, type OffprintService } from '../../electron/service';
import { API_EVENTS, type ApiEvent, type OffprintApi } from '../../shared/api';
import type { OffprintEvents } from '../../shared/types';
import { FIXTURES, useFixtureServer } from '../helpers/fixture-server';

const seedDir = join(FIXTURES, 'pages/asiae-korea-ukraine');
const seedExpected = JSON.parse(await readFile(join(seedDir, 'expected.json'), 'utf8')) as {
  title: string;
  siteName: string;
  canonicalUrl: string;
  publishedTime: string;
  lang: string;
  mustContain: string[];
  mustNotContain: string[];
};

let dataDir: string;
let library: Library;
let service: OffprintApi;
const extractor = new Extractor();

const server = useFixtureServer(join(FIXTURES, 'pages'), extractor);
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'offprint-service-'));
  library = await Library.open({ dataDir });
  service = createOffprintService(library, { extractor });
  return () => rm(dataDir, { recursive: true, force: true });
});

async function snapshot(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true });
  const db = await readFile(join(dir, 'db.json'), 'utf8').catch(() => '(no db.json)');
  return [...entries.sort(), db];
}

describe('electron/service', () => {
  it('saves the seed page from a URL with its exact title, site and metadata', async () => {
    const url = `${server.url}/asiae-korea-ukraine/source.html`;
    const { article, duplicate } = await service.saveArticle({ source: { kind: 'url', url } });
    expect(duplicate).toBe(false);
    expect(article.title).toBe(seedExpected.title);
    expect(article.siteName).toBe(seedExpected.siteName);
    expect(article.canonicalUrl).toBe(seedExpected.canonicalUrl);
    expect(article.publishedTime).toBe(seedExpected.publishedTime);
    expect(article.lang).toBe(seedExpected.lang);
    expect(article.url).toBe(url);
    expect(article.wordCount).toBeGreaterThan(300);

    const text = await library.articleText({ id: article.id });
    for (const paragraph of seedExpected.mustContain) expect(text).toContain(paragraph);
    const full = await service.getArticle({ id: article.id });
    for (const banned of seedExpected.mustNotContain) {
      expect(text).not.toContain(banned);
      expect(full.html).not.toContain(banned);
    }
    expect(full.html).not.toMatch(/<script|<iframe|onerror|onclick/i);
    // The copyright line is part of the article.
    expect(text).toContain('All rights reserved.');
    // The raw page is kept for re-extraction.
    expect(await readFile(join(dataDir, 'articles', article.id, 'raw.html'), 'utf8')).toContain('bar_progress');
  });

  it('returns the existing article for the same address, unless asked to refresh', async () => {
    const url = `${server.url}/asiae-korea-ukraine/source.html`;
    const first = await service.saveArticle({ source: { kind: 'url', url } });
    const again = await service.saveArticle({ source: { kind: 'url', url: `${url}?utm_source=x#top` } });
    expect(again.duplicate).toBe(true);
    expect(again.article.id).toBe(first.article.id);
    const refreshed = await service.saveArticle({ source: { kind: 'url', url }, refresh: true });
    expect(refreshed.duplicate).toBe(false);
    expect(refreshed.article.id).toBe(first.article.id);
    expect((await service.listArticles({})).total).toBe(1);
  });

  it('saves plain text copied from a browser, without the page chrome', async () => {
    const text = await readFile(join(FIXTURES, 'text/asiae-korea-ukraine.txt'), 'utf8');
    const { article } = await service.saveArticle({ source: { kind: 'text', text } });
    expect(article.title).toBe(seedExpected.title);
    const body = await library.articleText({ id: article.id });
    expect(body).toContain(seedExpected.mustContain[0]);
    expect(body).toContain('All rights reserved.');
    for (const chrome of ['본문 바로가기', 'bar_progress', 'Text Size', 'Join us on social!']) expect(body).not.toContain(chrome);
  });

  it('saves HTML given directly, resolving against its base URL', async () => {
    const html = await readFile(join(seedDir, 'source.html'), 'utf8');
    const { article } = await service.saveArticle({ source: { kind: 'html', html, baseUrl: 'https://www.asiae.co.kr/en/article/x' } });
    expect(article.title).toBe(seedExpected.title);
    expect(article.source).toBe('html');
  });

  it.each(['javascript:alert(1)', 'file:///etc/passwd', 'not a url', 'data:text/html,<p>x', 'ftp://example.com/a'])(
    'refuses %s with a typed error and leaves the library unchanged',
    async (url) => {
      const before = await snapshot(dataDir);
      const result = await callApi(service, 'saveArticle', { source: { kind: 'url', url } });
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(['invalid-url', 'unsupported-scheme']).toContain(result.error.code);
        expect(result.error.message.length).toBeGreaterThan(10);
      }
      expect(await snapshot(dataDir)).toEqual(before);
      expect(server.requests.some((r) => r.includes('etc/passwd'))).toBe(false);
    },
  );

  it('bookmarks, lists bookmarks and deletes', async () => {
    const a = await service.saveArticle({ source: { kind: 'text', text: 'First headline of the day\n\nA body paragraph.' } });
    const b = await service.saveArticle({ source: { kind: 'text', text: 'Second headline of the day\n\nAnother body paragraph.' } });
    expect((await service.setBookmarked({ id: a.article.id, bookmarked: true })).bookmarked).toBe(true);
    expect((await service.listBookmarks({})).map((x) => x.article.id)).toEqual([a.article.id]);
    expect((await service.listArticles({ view: 'bookmarked' })).items.map((x) => x.id)).toEqual([a.article.id]);
    await service.deleteArticle({ id: a.article.id });
    expect(await service.listBookmarks({})).toEqual([]);
    expect((await service.listArticles({})).items.map((x) => x.id)).toEqual([b.article.id]);
    expect(await readdir(join(dataDir, 'articles'))).toEqual([b.article.id]);
    const missing = await callApi(service, 'getArticle', { id: a.article.id });
    expect(missing).toMatchObject({ ok: false, error: { code: 'not-found' } });
  });

  it('keeps everything across a reopen', async () => {
    const { article } = await service.saveArticle({ source: { kind: 'text', text: 'A headline worth keeping\n\nBody text here.' } });
    await service.setBookmarked({ id: article.id, bookmarked: true });
    await service.updateSettings({ patch: { textSize: 25 } });
    const reopened = createOffprintService(await Library.open({ dataDir }), { extractor });
    expect((await reopened.getArticle({ id: article.id })).html).toContain('Body text here.');
    expect((await reopened.getSettings({})).textSize).toBe(24);
    expect((await reopened.listBookmarks({}))[0]?.article.id).toBe(article.id);
  });
});

describe('electron/service events', () => {
  /** Every event the service tells, in order, from now on. */
  function record(source: OffprintService) {
    const seen: { event: ApiEvent; payload: OffprintEvents[ApiEvent] }[] = [];
    const offs = API_EVENTS.map((event) => source.subscribe(event, (payload) => seen.push({ event, payload })));
    return { seen, of: <E extends ApiEvent>(event: E) => seen.filter((e) => e.event === event).map((e) => e.payload as OffprintEvents[E]), stop: () => offs.forEach((off) => off()) };
  }
  let events: OffprintService;
  beforeEach(() => {
    events = service as OffprintService;
  });

  it('tells a save’s progress, stage by stage, for a save given a requestId (the same entries as listSaves)', async () => {
    const heard = record(events);
    const url = `${server.url}/asiae-korea-ukraine/source.html`;
    await events.saveArticle({ source: { kind: 'url', url }, requestId: 'r-1' });
    const stages = heard.of('saveProgress').map((p) => p.stage);
    expect(stages[0]).toBe('fetching');
    expect(stages).toContain('extracting');
    expect(stages.slice(-2)).toEqual(['storing', 'done']);
    expect(heard.of('saveProgress').every((p) => p.requestId === 'r-1' && p.label === url)).toBe(true);
    expect(await events.listSaves({})).toEqual([heard.of('saveProgress').at(-1)]);
    await callApi(events, 'saveArticle', { source: { kind: 'url', url: `${server.url}/missing.html` }, requestId: 'r-2' });
    expect(heard.of('saveProgress').filter((p) => p.requestId === 'r-2').map((p) => p.stage)).toEqual(['fetching', 'failed']);
    // A save without a requestId (the CLI's) is not announced.
    const before = heard.of('saveProgress').length;
    await events.saveArticle({ source: { kind: 'text', text: 'Quiet save\n\nBody.' } });
    expect(heard.of('saveProgress')).toHaveLength(before);
    heard.stop();
  });

  it('tells which articles were added, changed (with their new summaries) and removed', async () => {
    const heard = record(events);
    const { article } = await events.saveArticle({ source: { kind: 'text', text: 'An article to change\n\nIts body.' } });
    const bookmarked = await events.setBookmarked({ id: article.id, bookmarked: true });
    await events.saveProgress({ id: article.id, position: { block: 1, offset: 0 }, progress: 40 });
    await events.deleteArticle({ id: article.id });
    expect(heard.of('libraryChanged')).toEqual([
      { added: [article.id], updated: [], removed: [] },
      { added: [], updated: [bookmarked], removed: [] },
      { added: [], updated: [expect.objectContaining({ id: article.id, progress: 40, bookmarked: true })], removed: [] },
      { added: [], updated: [], removed: [article.id] },
    ]);
    heard.stop();
  });

  it('tells the settings after a change', async () => {
    const heard = record(events);
    const settings = await events.updateSettings({ patch: { theme: 'dark', textSize: 22 } });
    expect(heard.of('settingsChanged')).toEqual([settings]);
    expect(settings).toMatchObject({ theme: 'dark', textSize: 22 });
    heard.stop();
  });

  it('tells the notices when the check after open sets files aside, and again after a dismissal', async () => {
    const { article } = await events.saveArticle({ source: { kind: 'text', text: 'A folder someone planted a page in\n\nIts body.' } });
    await (events as OffprintService).close();
    await library.close();
    await mkdir(join(dataDir, 'articles', article.id, 'images'), { recursive: true });
    await writeFile(join(dataDir, 'articles', article.id, 'images', 'note.html'), '<script src="run.js"></script>');
    const reopened = await Library.open({ dataDir });
    const again = createOffprintService(reopened, { extractor });
    const heard = record(again);
    await reopened.foldersChecked;
    await expect.poll(() => heard.of('noticesChanged').length).toBe(1);
    const { notices } = heard.of('noticesChanged')[0]!;
    expect(notices).toHaveLength(1);
    expect(notices[0]!.lines.join(' ')).toContain(`articles/${article.id}/images/note.html`);
    await again.dismissNotice({ id: notices[0]!.id });
    expect(heard.of('noticesChanged').at(-1)).toEqual({ notices: [] });
    heard.stop();
    await again.close();
    await reopened.close();
  });

  it('stops telling a listener once it unsubscribes, and a failing listener does not stop the others', async () => {
    const heard: string[] = [];
    const off = events.subscribe('settingsChanged', () => heard.push('first'));
    const offThrowing = events.subscribe('settingsChanged', () => {
      throw new Error('a listener that fails');
    });
    const offLast = events.subscribe('settingsChanged', () => heard.push('last'));
    await events.updateSettings({ patch: { font: 'sans' } });
    off();
    await events.updateSettings({ patch: { font: 'serif' } });
    expect(heard).toEqual(['first', 'last', 'last']);
    offThrowing();
    offLast();
  });
});
