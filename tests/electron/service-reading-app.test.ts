import { readFile, rm, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { callApi } from '../../electron/bridge';
import { Extractor } from '../../electron/capture/extractor';
import { editsWithin, withCloseMatches } from '../../electron/close-matches';
import { firstParagraph, ogUrlOf } from '../../electron/duplicates';
import { Library } from '../../electron/library/library';
import { parseQuery } from '../../electron/search/tokenize';
import { createOffprintService, type OffprintService } from '../../electron/service';
import type { OffprintEvents } from '../../shared/types';
import { FIXTURES, type FixtureServer, startFixtureServer } from '../helpers/fixture-server';

/** What the reading app (issue 12) asks of the service: duplicates by canonical address and content, cancel, counts, place notes, snippets. */
const extractor = new Extractor();
let fixtures: FixtureServer;
let release: () => void = () => undefined;
let asked: () => void = () => undefined;
let slowAsked = new Promise<void>((ok) => (asked = ok));

const OG_PAGE = (n: number) => `<!doctype html><html lang="en"><head><title>A story told twice</title>
<meta property="og:url" content="https://news.example/stories/told-twice"></head><body><article><h1>A story told twice</h1>
<p>This page is the same story at another address (${n}), with no canonical link, only an og:url that says where it really lives.</p>
<p>${'Readability wants enough text to call this an article, so here is more of it. '.repeat(6)}</p></article></body></html>`;

beforeAll(async () => {
  fixtures = await startFixtureServer(join(FIXTURES, 'pages'), [
    (req, res) => {
      const match = /^\/og\/(\d+)\.html$/.exec(req.url ?? '');
      if (!match) return false;
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(OG_PAGE(Number(match[1])));
      return true;
    },
    async (req, res) => {
      if (!req.url?.startsWith('/slow/')) return false;
      asked();
      await new Promise<void>((ok) => (release = ok));
      res.writeHead(200, { 'content-type': 'text/html' }).end(await readFile(join(FIXTURES, 'pages/asiae-korea-ukraine/source.html')));
      return true;
    },
  ]);
});
afterAll(async () => {
  release();
  await fixtures.close();
  await extractor.close();
});

let dataDir: string;
let library: Library;
let service: OffprintService;
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'offprint-service-app-'));
  library = await Library.open({ dataDir });
  service = createOffprintService(library, { extractor });
  return async () => {
    await service.close();
    await library.close();
    await rm(dataDir, { recursive: true, force: true });
  };
});

describe('electron/service: already in your library', () => {
  it('recognises a second address of a page by its canonical address, and saves another copy when asked', async () => {
    const first = await service.saveArticle({ source: { kind: 'url', url: `${fixtures.url}/asiae-korea-ukraine/source.html` } });
    const second = await service.saveArticle({ source: { kind: 'url', url: `${fixtures.url}/asiae-korea-ukraine/source.html?section=world` } });
    expect(second).toMatchObject({ duplicate: true, matchedBy: 'canonical', article: { id: first.article.id } });
    expect(library.size).toBe(1);
    const copy = await service.saveArticle({ source: { kind: 'url', url: `${fixtures.url}/asiae-korea-ukraine/source.html?section=world` }, copy: true });
    expect(copy.duplicate).toBe(false);
    expect(copy.article.id).not.toBe(first.article.id);
    expect(library.size).toBe(2);
    // The address given is the canonical address of the saved one: known without fetching anything.
    const before = fixtures.requests.length;
    const byCanonical = await service.saveArticle({ source: { kind: 'url', url: 'https://www.asiae.co.kr/en/article/2024062021150000001' } });
    expect(byCanonical).toMatchObject({ duplicate: true, matchedBy: 'canonical' });
    expect(fixtures.requests.length).toBe(before);
  });

  it('recognises a page by its og:url', async () => {
    const first = await service.saveArticle({ source: { kind: 'url', url: `${fixtures.url}/og/1.html` } });
    expect(first.duplicate).toBe(false);
    const second = await service.saveArticle({ source: { kind: 'url', url: `${fixtures.url}/og/2.html` } });
    expect(second).toMatchObject({ duplicate: true, matchedBy: 'canonical', article: { id: first.article.id } });
  });

  it('recognises pasted text by its title and first paragraph, not by its title alone', async () => {
    const text = 'Notes from the harbour\n\nThe boats came in late, and the fish were small.\n\nA second paragraph.';
    const first = await service.saveArticle({ source: { kind: 'text', text } });
    const again = await service.saveArticle({ source: { kind: 'text', text: text.replace('A second paragraph.', 'Edited later.') } });
    expect(again).toMatchObject({ duplicate: true, matchedBy: 'content', article: { id: first.article.id } });
    const other = await service.saveArticle({ source: { kind: 'text', text: 'Notes from the harbour\n\nA different day altogether.' } });
    expect(other.duplicate).toBe(false);
    expect((await service.saveArticle({ source: { kind: 'text', text }, copy: true })).duplicate).toBe(false);
    expect(library.size).toBe(3);
  });

  it('finds og:url in a page as fetched, and a first paragraph that is not the title', () => {
    const rawPage = new TextEncoder().encode(`<head><meta content='/a/b' property="og:url"></head>`);
    const meta = { source: 'url' as const, raw: { contentType: 'text/html', charset: 'utf-8' }, finalUrl: 'https://x.example/p?q=1', url: null } as never;
    expect(ogUrlOf({ rawPage, meta })).toBe('https://x.example/a/b');
    expect(firstParagraph('Title\n\n  The   first\nparagraph. \n\nSecond', 'Title')).toBe('the first paragraph.');
  });
});

describe('electron/service: cancelSave', () => {
  it('stops a running save: it rejects as cancelled, nothing is stored, and a second cancel has nothing to stop', async () => {
    slowAsked = new Promise<void>((ok) => (asked = ok));
    const saving = service.saveArticle({ source: { kind: 'url', url: `${fixtures.url}/slow/page.html` }, requestId: 'slow-1' });
    await slowAsked;
    expect(await service.cancelSave({ requestId: 'slow-1' })).toEqual({ requestId: 'slow-1', cancelled: true });
    await expect(saving).rejects.toMatchObject({ code: 'cancelled' });
    release();
    expect(await service.cancelSave({ requestId: 'slow-1' })).toEqual({ requestId: 'slow-1', cancelled: false });
    expect(library.size).toBe(0);
    expect((await service.listSaves({})).find((s) => s.requestId === 'slow-1')?.stage).toBe('failed');
  });

  it('refuses a malformed request id like every edge', async () => {
    expect(await callApi(service, 'cancelSave', { requestId: '../x' })).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
  });
});

describe('electron/service: counts, place notes', () => {
  it('counts each sidebar view, and every libraryChanged event carries the counts', async () => {
    const events: OffprintEvents['libraryChanged'][] = [];
    const stop = service.subscribe('libraryChanged', (change) => events.push(change));
    const a = (await service.saveArticle({ source: { kind: 'text', text: 'Counted one\n\nBody one.' } })).article.id;
    const b = (await service.saveArticle({ source: { kind: 'text', text: 'Counted two\n\nBody two.' } })).article.id;
    await service.setArchived({ id: a, archived: true });
    await service.addPlaceBookmark({ id: b, position: { block: 0, offset: 0 }, snippet: 'Body two.' });
    await service.setBookmarked({ id: b, bookmarked: true });
    await service.setRead({ id: b, read: true });
    expect(await service.countArticles({})).toEqual({ all: 1, unread: 0, archived: 1, bookmarks: 1 });
    expect(events.at(-1)?.counts).toEqual({ all: 1, unread: 0, archived: 1, bookmarks: 1 });
    expect(events[0]?.counts).toEqual({ all: 1, unread: 1, archived: 0, bookmarks: 0 });
    stop();
  });

  it('changes a place’s note and keeps its place, snippet and time', async () => {
    const id = (await service.saveArticle({ source: { kind: 'text', text: 'A noted article\n\nFirst.\n\nSecond.' } })).article.id;
    const place = await service.addPlaceBookmark({ id, position: { block: 1, offset: 3 }, snippet: 'Second.', note: 'old note' });
    const edited = await service.updatePlaceNote({ placeId: place.placeId, note: '  new note ' });
    expect(edited).toMatchObject({ articleId: id, position: place.position, snippet: place.snippet, createdAt: place.createdAt, note: 'new note' });
    expect(library.places(id)).toEqual([edited]);
    expect((await service.updatePlaceNote({ placeId: edited.placeId, note: '' })).note).toBeNull();
    await expect(service.updatePlaceNote({ placeId: place.placeId, note: 'x' })).rejects.toMatchObject({ code: 'not-found' });
  });
});

describe('electron/service: snippets around the word that matched', () => {
  it('builds a close-spelling match’s snippet around the word in the text, and marks it', async () => {
    const filler = 'Nothing to see in this part of the article at all. '.repeat(12);
    await service.saveArticle({ source: { kind: 'text', text: `A long report\n\n${filler}\n\nThe government announced a plan on Tuesday.` } });
    const page = await service.searchArticles({ query: 'goverment' });
    expect(page.total).toBe(1);
    const { snippet, highlights } = page.items[0]!;
    expect(highlights.map(([s, e]) => snippet.slice(s, e))).toEqual(['government']);
  });

  it('adds only words of the text within the index’s edit distance', () => {
    expect(editsWithin('goverment', 'government', 2)).toBe(true);
    expect(editsWithin('tomato', 'potato', 1)).toBe(false);
    const query = withCloseMatches('The tomatoes and the tomatos.', parseQuery('tomatoe '));
    expect(query.needles.map((n) => n.text)).toEqual(['tomatoe', 'tomatoes', 'tomatos']);
    expect(withCloseMatches('tomatoe here', parseQuery('tomatoe ')).needles).toHaveLength(1);
  });
});
