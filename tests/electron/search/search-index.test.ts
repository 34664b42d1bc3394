import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { callApi } from '../../../electron/bridge';
import { Library } from '../../../electron/library/library';
import { librarySearchSource } from '../../../electron/search/library-source';
import { durableSearchFiles } from '../../../electron/search/search-files';
import { SearchIndex } from '../../../electron/search/search-index';
import type { SearchSource, SourceArticle } from '../../../electron/search/search-source';
import { createOffprintService, type OffprintService } from '../../../electron/service';
import { articleRecord } from '../../helpers/records';

function record(id: string, title: string, extra: { siteName?: string; byline?: string } = {}) {
  return articleRecord(id, { title, byline: extra.byline ?? null, siteName: extra.siteName ?? null });
}
const text = (body: string) => ({ bodyHtml: `<p>${body}</p>`, bodyText: body, rawPage: null });

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

    const next = new SearchIndex(dataDir, { source: librarySearchSource(dataDir) });
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
    const first = new SearchIndex(dataDir, { source: librarySearchSource(dataDir) });
    expect(await first.start()).toMatchObject({ rebuilt: true, docs: 1 });
    await first.close();
    await writeFile(join(dataDir, 'search', 'index.bin'), 'not an index');
    const second = new SearchIndex(dataDir, { source: librarySearchSource(dataDir) });
    expect(await second.start()).toMatchObject({ rebuilt: true, docs: 1 });
    expect((await second.search('bravo', { key: 'test:1', mode: 'exclude', ids: [] })).ids).toEqual(['one-0001']);
    await second.close();
    const third = new SearchIndex(dataDir, { source: librarySearchSource(dataDir) });
    expect(await third.start()).toMatchObject({ rebuilt: false, docs: 1 });
    await third.close();
  });

  it('rebuilds an index written by the first tokenizer, which left CJK after Latin letters unsplit', async () => {
    service = createOffprintService(library);
    await library.addArticle({ record: record('mix-0001', 'iPhone発売'), files: text('新型iPhone発売、5G네트워크 지원') });
    const first = new SearchIndex(dataDir, { source: librarySearchSource(dataDir) });
    await first.start();
    await first.close();
    // The same file as version 1 of the tokenizer would have labelled it.
    const file = join(dataDir, 'search', 'index.bin');
    const bytes = await readFile(file);
    const header = bytes.subarray(4, 4 + bytes.readUInt32LE(0));
    const patched = Buffer.from(header.toString('latin1').replace(/"tokenizer":\d+/, '"tokenizer":1'), 'latin1');
    expect(patched.length).toBe(header.length);
    patched.copy(bytes, 4);
    await writeFile(file, bytes);
    const second = new SearchIndex(dataDir, { source: librarySearchSource(dataDir) });
    expect(await second.start()).toMatchObject({ rebuilt: true, docs: 1 });
    const everything = { key: 'test:1', mode: 'exclude' as const, ids: [] };
    expect((await second.search('発売', everything)).ids).toEqual(['mix-0001']);
    expect((await second.search('네트워크', everything)).ids).toEqual(['mix-0001']);
    await second.close();
  });

  it('reads the articles from the source it is given, and at a later start asks it only for what changed', async () => {
    const articles = new Map<string, SourceArticle>([
      ['src-0001', { record: { id: 'src-0001', title: 'From a source', siteName: null, byline: 'Ann Lee' }, bodyText: 'Nothing on disk says narwhal.' }],
      ['src-0002', { record: { id: 'src-0002', title: 'Another', siteName: 'Wire', byline: null }, bodyText: 'A walrus.' }],
    ]);
    const asked: string[][] = [];
    const source: SearchSource = {
      async ids() {
        return articles.keys();
      },
      async *articles(ids) {
        asked.push([...ids].sort());
        for (const id of ids) if (articles.has(id)) yield articles.get(id)!;
      },
    };
    const everything = { key: 'test:1', mode: 'exclude' as const, ids: [] };
    const first = new SearchIndex(dataDir, { source });
    expect(await first.start()).toMatchObject({ rebuilt: true, docs: 2 });
    expect((await first.search('narwhal', everything)).ids).toEqual(['src-0001']);
    expect((await first.search('ann', everything)).ids).toEqual(['src-0001']);
    await first.close();
    expect(asked).toEqual([['src-0001', 'src-0002']]);

    articles.set('src-0003', { record: { id: 'src-0003', title: 'Third', siteName: null, byline: null }, bodyText: 'A narwhal again.' });
    articles.delete('src-0002');
    asked.length = 0;
    const second = new SearchIndex(dataDir, { source });
    expect(await second.start()).toMatchObject({ rebuilt: false, docs: 2, caughtUp: 2 });
    expect(asked).toEqual([['src-0003']]);
    expect((await second.search('narwhal', everything)).ids.sort()).toEqual(['src-0001', 'src-0003']);
    expect((await second.search('walrus', everything)).ids).toEqual([]);
    await second.close();
    service = createOffprintService(library);
  });

  it('keeps answering, and keeps up with changes, after writing the index out and reading it back from the file', async () => {
    const search = new SearchIndex(dataDir, { source: librarySearchSource(dataDir) });
    service = createOffprintService(library, { search });
    await library.addArticle({ record: record('one-0001', 'First'), files: text('Alpha bravo charlie.') });
    await search.start();
    await library.addArticle({ record: record('two-0001', 'Second'), files: text('Delta echo bravo.') });
    await search.writeIndexFile();
    const everything = { key: 'test:1', mode: 'exclude' as const, ids: [] };
    expect((await search.search('bravo', everything)).ids.sort()).toEqual(['one-0001', 'two-0001']);
    await library.deleteArticle({ id: 'one-0001' });
    await library.addArticle({ record: record('thr-0001', 'Third'), files: text('Bravo once more.') });
    expect((await search.search('bravo', everything)).ids.sort()).toEqual(['thr-0001', 'two-0001']);
    await search.writeIndexFile();
    expect((await search.search('bravo', everything)).ids.sort()).toEqual(['thr-0001', 'two-0001']);
    expect((await search.search('alpha', everything)).ids).toEqual([]);
  });

  it.skipIf(process.platform !== 'linux').each([
    ['in its worker', {}],
    ['in the calling thread', { files: durableSearchFiles }],
  ])('holds the index file open once while running, and not at all after close (%s)', async (_where, where) => {
    const { readdirSync, readlinkSync } = await import('node:fs');
    const openIndexFiles = () =>
      readdirSync('/proc/self/fd').filter((fd) => {
        try {
          return readlinkSync(`/proc/self/fd/${fd}`).startsWith(join(dataDir, 'search', 'index.bin'));
        } catch {
          // Closed between listing and reading: not open.
          return false;
        }
      }).length;
    await library.addArticle({ record: record('one-0001', 'First'), files: text('Alpha bravo charlie.') });
    const search = new SearchIndex(dataDir, { source: librarySearchSource(dataDir), ...where });
    // Built, written and read back from the file (in a fresh worker); then written and reopened once more.
    expect(await search.start()).toMatchObject({ rebuilt: true });
    expect(openIndexFiles()).toBe(1);
    await search.writeIndexFile();
    expect(openIndexFiles()).toBe(1);
    await search.close();
    expect(openIndexFiles()).toBe(0);
    service = createOffprintService(library);
  });
});
