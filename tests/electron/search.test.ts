import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { callApi } from '../../electron/bridge';
import { Library } from '../../electron/library/library';
import { InvertedIndex } from '../../electron/search/inverted-index';
import { SearchIndex } from '../../electron/search/search-index';
import { makeSnippet } from '../../electron/search/snippet';
import { parseQuery, tokenize } from '../../electron/search/tokenize';
import { createOffprintService, type OffprintService } from '../../electron/service';
import { articleRecord } from '../helpers/records';

function record(id: string, title: string, extra: { siteName?: string; byline?: string } = {}) {
  return articleRecord(id, { title, byline: extra.byline ?? null, siteName: extra.siteName ?? null });
}
const text = (body: string) => ({ bodyHtml: `<p>${body}</p>`, bodyText: body, rawPage: null });

describe('electron/search/tokenize', () => {
  it('splits CJK runs into bigrams plus the last character, and words elsewhere', () => {
    expect(tokenize('학교에 갔다')).toEqual(['학교', '교에', '에', '갔다', '다']);
    expect(tokenize('東京大学')).toEqual(['東京', '京大', '大学', '学']);
    expect(tokenize('Café, CAFÉ and naïve-ish 42')).toEqual(['cafe', 'cafe', 'and', 'naive', 'ish', '42']);
  });

  it('parses a query: every word required, the last also as a prefix, a lone CJK character as a prefix', () => {
    expect(parseQuery('korea ukr').clauses).toEqual([
      { term: 'korea', prefix: false, fuzzy: true },
      { term: 'ukr', prefix: true, fuzzy: false },
    ]);
    expect(parseQuery('학교').clauses).toEqual([{ term: '학교', prefix: false, fuzzy: false }]);
    expect(parseQuery('학').clauses).toEqual([{ term: '학', prefix: true, fuzzy: false }]);
  });
});

describe('electron/search/inverted-index', () => {
  const docs = [
    { id: 'a', title: '한국 학교 소식', meta: '아시아경제', body: '오늘 학교에 갔다. 학생들이 많았다.' },
    { id: 'b', title: 'Ukraine and Korea', meta: 'Example News Jane Doe', body: 'Talks between Korea and Ukraine resumed on Monday.' },
    { id: 'c', title: '東京の天気', meta: '', body: '東京大学で研究が進む。今日は晴れ。' },
    { id: 'd', title: '中文新闻', meta: '', body: '人工智能迈上新台阶，电脑已可利用记忆自学。' },
    { id: 'e', title: 'Unrelated', meta: '', body: 'Nothing about Korea here except this word, repeated: Korea Korea Korea.' },
  ];
  const index = new InvertedIndex();
  for (const d of docs) index.put(d);
  const find = (q: string) => index.search(parseQuery(q).clauses);

  it('finds Korean, Japanese and Chinese words inside longer runs', () => {
    expect(find('학교')).toEqual(['a']);
    expect(find('학교에')).toEqual(['a']);
    expect(find('학생')).toEqual(['a']);
    expect(find('大学')).toEqual(['c']);
    expect(find('東京')).toEqual(['c']);
    expect(find('记忆')).toEqual(['d']);
    expect(find('학')).toEqual(['a']);
    expect(find('교')).toEqual(['a']);
    expect(find('학교에서')).toEqual([]);
  });

  it('requires every word, matches the last as a prefix, tolerates a typo, and ranks better matches first', () => {
    expect(find('korea ukraine')).toEqual(['b']);
    expect(find('korea ukr')).toEqual(['b']);
    expect(find('ukrane')).toEqual(['b']);
    expect(find('jane')).toEqual(['b']);
    expect(find('korea')).toEqual(['b', 'e']);
    expect(find('zebra')).toEqual([]);
  });

  it('forgets removed and replaced documents, and survives a round trip through bytes', () => {
    const copy = InvertedIndex.deserialize(index.serialize());
    copy.remove('e');
    copy.put({ id: 'b', title: 'Replaced', meta: '', body: 'Only about penguins now.' });
    const search = (q: string) => copy.search(parseQuery(q).clauses);
    expect(search('korea')).toEqual([]);
    expect(search('penguins')).toEqual(['b']);
    const again = InvertedIndex.deserialize(copy.serialize());
    expect(again.size).toBe(4);
    expect(again.search(parseQuery('penguins').clauses)).toEqual(['b']);
    expect(again.search(parseQuery('학교').clauses)).toEqual(['a']);
  });

  it('matches exactly the documents that contain every query term (any documents, any deletions)', () => {
    const word = fc.constantFrom('alpha', 'beta', 'gamma', 'delta', '학교', '학교에', '東京', 'omega');
    fc.assert(
      fc.property(fc.array(fc.array(word, { maxLength: 6 }), { minLength: 1, maxLength: 12 }), fc.array(fc.nat(11)), fc.array(word, { minLength: 1, maxLength: 2 }), (bodies, removed, query) => {
        const idx = new InvertedIndex();
        bodies.forEach((words, i) => idx.put({ id: `d${i}`, title: '', meta: '', body: words.join(' ') }));
        const dead = new Set(removed.filter((r) => r < bodies.length).map((r) => `d${r}`));
        for (const id of dead) idx.remove(id);
        const clauses = parseQuery(`${query.join(' ')} `).clauses;
        const expected = bodies
          .map((words, i) => ({ id: `d${i}`, terms: new Set(tokenize(words.join(' '))) }))
          .filter((d) => !dead.has(d.id) && clauses.every((c) => d.terms.has(c.term)))
          .map((d) => d.id)
          .sort();
        const plain = clauses.map((c) => ({ ...c, fuzzy: false }));
        expect(idx.search(plain).sort()).toEqual(expected);
        expect(InvertedIndex.deserialize(idx.serialize()).search(plain).sort()).toEqual(expected);
      }),
      { numRuns: 150 },
    );
  });
});

describe('electron/search/snippet', () => {
  it('cuts the text around the best match and gives the ranges to highlight', () => {
    const body = `${'Filler words before. '.repeat(30)}Talks between Korea and Ukraine resumed. ${'After. '.repeat(40)}`;
    const { snippet, highlights } = makeSnippet(body, parseQuery('korea ukraine'));
    expect(snippet.length).toBeLessThanOrEqual(240);
    expect(snippet.startsWith('…')).toBe(true);
    expect(highlights.map(([s, e]) => snippet.slice(s, e))).toEqual(['Korea', 'Ukraine']);
  });

  it('highlights CJK words inside longer runs, whole words for a prefix, and nothing when only the title matched', () => {
    const korean = makeSnippet('오늘 학교에 갔다.', parseQuery('학교'));
    expect(korean.highlights.map(([s, e]) => korean.snippet.slice(s, e))).toEqual(['학교']);
    const prefix = makeSnippet('The Ukrainian delegation arrived.', parseQuery('ukr'));
    expect(prefix.highlights.map(([s, e]) => prefix.snippet.slice(s, e))).toEqual(['Ukrainian']);
    const accents = makeSnippet('Un café à Paris.', parseQuery('cafe'));
    expect(accents.highlights.map(([s, e]) => accents.snippet.slice(s, e))).toEqual(['café']);
    expect(makeSnippet('Nothing here.', parseQuery('zebra'))).toEqual({ snippet: 'Nothing here.', highlights: [] });
    const paragraphs = makeSnippet('First paragraph.\n\nSecond one,   about KOREA.', parseQuery('korea'));
    expect(paragraphs.snippet).toBe('First paragraph. Second one, about KOREA.');
    expect(paragraphs.highlights.map(([s, e]) => paragraphs.snippet.slice(s, e))).toEqual(['KOREA']);
  });
});

describe('electron/search/search-index (through the service)', () => {
  let dataDir: string;
  let service: OffprintService;
  let library: Library;
  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'offprint-search-'));
    library = await Library.open({ dataDir });
  });
  afterEach(async () => {
    await service?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('searches bodies, titles, sites and bylines, filtered by view, kept up to date on save, update and delete', async () => {
    service = createOffprintService(library);
    await library.addArticle({ record: record('kor-0001', '학교 소식', { siteName: '아시아경제' }), files: text('오늘 학생들이 학교에 갔다.') });
    await library.addArticle({ record: record('ukr-0001', 'Talks resume', { byline: 'Jane Doe' }), files: text('Talks between Korea and Ukraine resumed on Monday.') });
    await library.addArticle({ record: record('arc-0001', 'Archived Korea story'), files: text('An old piece about Korea.') });
    await library.setArchived({ id: 'arc-0001', archived: true });

    const page = await service.searchArticles({ query: '학교' });
    expect(page.total).toBe(1);
    expect(page.items[0]!.article.id).toBe('kor-0001');
    expect(page.items[0]!.snippet).toBe('오늘 학생들이 학교에 갔다.');
    expect(page.items[0]!.highlights).toEqual([[8, 10]]);
    expect((await service.searchArticles({ query: 'korea' })).items.map((h) => h.article.id)).toEqual(['ukr-0001']);
    expect((await service.searchArticles({ query: 'korea', view: 'archived' })).items.map((h) => h.article.id)).toEqual(['arc-0001']);
    expect((await service.searchArticles({ query: 'jane' })).total).toBe(1);
    const paged = await service.searchArticles({ query: 'korea', view: 'all', offset: 0, limit: 1 });
    expect(paged).toMatchObject({ total: 1, items: [{ article: { id: 'ukr-0001' } }] });
    // The view filter follows state changes made after a search (the worker's copy is refreshed).
    await library.setArchived({ id: 'arc-0001', archived: false });
    expect((await service.searchArticles({ query: 'korea' })).total).toBe(2);
    expect((await service.searchArticles({ query: 'korea', offset: 1, limit: 5 })).items).toHaveLength(1);
    await library.setArchived({ id: 'arc-0001', archived: true });
    expect((await service.searchArticles({ query: '아시아경제' })).total).toBe(1);

    // Kept up to date while running: a new article, a replaced one, a body update and a delete.
    await library.addArticle({ record: record('new-0001', 'Fresh'), files: text('A zebra crossing in Seoul.') });
    expect((await service.searchArticles({ query: 'zebra' })).items.map((h) => h.article.id)).toEqual(['new-0001']);
    await library.addArticle({ record: record('new-0001', 'Fresh'), files: text('Now about penguins.') });
    expect((await service.searchArticles({ query: 'zebra' })).total).toBe(0);
    await library.updateArticleBody('ukr-0001', { bodyHtml: '<p>Rewritten about walruses.</p>', bodyText: 'Rewritten about walruses.', images: new Map(), report: { total: 0, saved: 0, failed: [] }, leadImage: null });
    expect((await service.searchArticles({ query: 'walruses' })).total).toBe(1);
    await library.deleteArticle({ id: 'new-0001' });
    expect((await service.searchArticles({ query: 'penguins' })).total).toBe(0);

    const refused = await callApi(service, 'searchArticles', { query: '   ' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
  });

  it('persists the index and loads it at the next start without rebuilding, catching up with changes made without it', async () => {
    service = createOffprintService(library);
    await library.addArticle({ record: record('one-0001', 'First'), files: text('Alpha bravo charlie.') });
    await service.prepareSearch();
    await library.addArticle({ record: record('two-0001', 'Second'), files: text('Delta echo foxtrot.') });
    await service.close();
    const file = join(dataDir, 'search', 'index.bin');
    const written = await stat(file);

    // A process that never searches (the CLI) only journals its changes.
    const cli = createOffprintService(library);
    await library.addArticle({ record: record('thr-0001', 'Third'), files: text('Golf hotel india.') });
    await library.deleteArticle({ id: 'one-0001' });
    await cli.close();
    expect(await readFile(join(dataDir, 'search', 'journal.log'), 'utf8')).toBe('put thr-0001\ndel one-0001\n');
    expect((await stat(file)).mtimeMs).toBe(written.mtimeMs);

    const next = new SearchIndex(dataDir);
    const everything = { key: 'test:1', mode: 'exclude' as const, ids: [] };
    const find = async (q: string) => (await next.search(q, everything)).ids;
    const report = await next.start();
    expect(report).toMatchObject({ rebuilt: false, docs: 2, caughtUp: 2 });
    expect(await find('hotel')).toEqual(['thr-0001']);
    expect(await find('echo')).toEqual(['two-0001']);
    expect(await find('alpha')).toEqual([]);
    await next.close();
    expect(await readFile(join(dataDir, 'search', 'journal.log'), 'utf8')).toBe('');
    service = createOffprintService(library);
  });

  it('rebuilds an index that is missing, damaged or written by another version', async () => {
    service = createOffprintService(library);
    await library.addArticle({ record: record('one-0001', 'First'), files: text('Alpha bravo charlie.') });
    const first = new SearchIndex(dataDir);
    expect(await first.start()).toMatchObject({ rebuilt: true, docs: 1 });
    await first.close();
    const { writeFile } = await import('node:fs/promises');
    await writeFile(join(dataDir, 'search', 'index.bin'), 'not an index');
    const second = new SearchIndex(dataDir);
    expect(await second.start()).toMatchObject({ rebuilt: true, docs: 1 });
    expect((await second.search('bravo', { key: 'test:1', mode: 'exclude', ids: [] })).ids).toEqual(['one-0001']);
    await second.close();
    const third = new SearchIndex(dataDir);
    expect(await third.start()).toMatchObject({ rebuilt: false, docs: 1 });
    await third.close();
  });
});
