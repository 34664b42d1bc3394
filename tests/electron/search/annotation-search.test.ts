import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { callApi } from '../../../electron/bridge';
import { Library } from '../../../electron/library/library';
import { createOffprintService, type OffprintService } from '../../../electron/service';
import { parseTagFilters } from '../../../shared/annotations';
import { articleRecord } from '../../helpers/records';

let dataDir: string;
let library: Library;
let service: OffprintService;
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'offprint-annotation-search-'));
  library = await Library.open({ dataDir });
  service = createOffprintService(library);
  const add = (id: string, title: string, body: string) => library.addArticle({ record: articleRecord(id, { title }), files: { bodyHtml: `<p>${body}</p>`, bodyText: body, rawPage: null } });
  await add('ferry-0001', 'The ferry', 'The ferry left the harbour at dawn with a cargo of oranges.');
  await add('storm-0001', 'The storm', 'A storm closed the harbour; the ferry stayed in port.');
  await add('tokyo-0001', '東京の朝', '東京の朝は早い。電車は満員だった。');
  await add('plain-0001', 'Plain', 'Nothing about boats here, only a lighthouse keeper.');
});
afterEach(async () => {
  await service.close();
  await rm(dataDir, { recursive: true, force: true });
});

const ids = async (query: string, extra: Record<string, unknown> = {}) => (await service.searchArticles({ query, ...extra })).items.map((h) => h.article.id);

describe('electron/search/annotation-search (through the service)', () => {
  it('parses tag: filters out of a query', () => {
    expect(parseTagFilters('tag:日本 ferry')).toEqual({ tags: ['日本'], words: 'ferry' });
    expect(parseTagFilters('storm tag:"Read  later" tag:Économie')).toEqual({ tags: ['Read later', 'Économie'], words: 'storm' });
    expect(parseTagFilters('notag:x')).toEqual({ tags: [], words: 'notag:x' });
  });

  it('tag: alone lists the tag\'s articles; with words, only tagged articles with those words', async () => {
    await library.addTags({ id: 'ferry-0001', tags: ['Read later'] });
    await library.addTags({ id: 'storm-0001', tags: ['read later', '日本'] });
    await library.addTags({ id: 'tokyo-0001', tags: ['日本'] });
    expect((await ids('tag:"read later"')).sort()).toEqual(['ferry-0001', 'storm-0001']);
    expect(await ids('tag:"Read later" storm')).toEqual(['storm-0001']);
    expect(await ids('ferry tag:日本')).toEqual(['storm-0001']);
    expect((await ids('tag:日本 tag:"Read later"'))).toEqual(['storm-0001']);
    expect(await ids('tag:Unknown ferry')).toEqual([]);
    expect(await ids('tag:"Read later" ferry', { view: 'archived' })).toEqual([]);
    // Filters follow changes: untagged, and archived.
    await library.removeTags({ id: 'storm-0001', tags: ['Read later'] });
    expect(await ids('tag:"read later" harbour')).toEqual(['ferry-0001']);
    await library.setArchived({ id: 'ferry-0001', archived: true });
    expect(await ids('tag:"read later" harbour')).toEqual([]);
    expect(await ids('tag:"read later" harbour', { view: 'archived' })).toEqual(['ferry-0001']);
    const hit = (await service.searchArticles({ query: 'tag:日本' })).items[0]!;
    expect(hit.matchedIn).toBeUndefined();
  });

  it('finds words in highlights and notes, lists those first and says where they matched', async () => {
    const text = 'A storm closed the harbour; the ferry stayed in port.';
    const h = await library.addHighlight({ id: 'storm-0001', start: 0, end: 'A storm closed the harbour'.length, note: 'Compare with the 1953 flood' });
    await library.setArticleNote({ id: 'plain-0001', note: 'Ask the keeper about the ferry timetable.' });

    // "flood" is only in a highlight's note.
    const flood = await service.searchArticles({ query: 'flood' });
    expect(flood.items).toEqual([expect.objectContaining({ article: expect.objectContaining({ id: 'storm-0001' }), matchedIn: 'note', highlightId: h.highlightId, snippet: 'Compare with the 1953 flood' })]);
    expect(flood.items[0]!.highlights).toEqual([[22, 27]]);

    // "ferry": in the article note of plain-0001 (first), in the highlight of none, in the text of the rest.
    const ferry = await service.searchArticles({ query: 'ferry' });
    expect(ferry.total).toBe(3);
    expect(ferry.items.map((i) => [i.article.id, i.matchedIn])).toEqual([
      ['plain-0001', 'note'],
      [expect.any(String), 'text'],
      [expect.any(String), 'text'],
    ]);
    // Paging runs across both, and no article is listed twice.
    const second = await service.searchArticles({ query: 'ferry', offset: 1, limit: 1 });
    const third = await service.searchArticles({ query: 'ferry', offset: 2, limit: 5 });
    expect([...second.items, ...third.items].map((i) => i.article.id).sort()).toEqual(['ferry-0001', 'storm-0001']);

    // Words in a highlight's text: said so, the highlight's text is the snippet.
    const storm = await service.searchArticles({ query: 'closed harb' });
    expect(storm.items[0]).toMatchObject({ matchedIn: 'highlight', highlightId: h.highlightId, snippet: 'A storm closed the harbour' });
    expect(text.startsWith(storm.items[0]!.snippet)).toBe(true);

    // Changed and deleted annotations are followed.
    await library.updateHighlight({ highlightId: h.highlightId, note: 'Nothing to compare' });
    expect(await ids('flood')).toEqual([]);
    await library.setArticleNote({ id: 'plain-0001', note: null });
    expect((await service.searchArticles({ query: 'timetable' })).total).toBe(0);
    // Through the bridge, as IPC and HTTP call it.
    expect(await callApi(service, 'searchArticles', { query: 'tag:' })).toEqual({ ok: true, value: { items: [], total: 0 } });
  });
});
