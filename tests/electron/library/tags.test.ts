import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { SHARD_CAPACITY } from '../../../electron/library/article-index';
import { Library } from '../../../electron/library/library';
import { tagKey } from '../../../shared/annotations';
import type { LibraryEvents } from '../../../shared/types';
import { articleRecord } from '../../helpers/records';

let dataDir: string;
let clock: number;
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'offprint-tags-'));
  clock = Date.parse('2026-04-01T08:00:00.000Z');
  return () => rm(dataDir, { recursive: true, force: true });
});

const now = () => new Date((clock += 1000));
const open = () => Library.open({ dataDir, now });
const idOf = (i: number) => `art-${String(i).padStart(5, '0')}`;

async function withArticles(count: number): Promise<Library> {
  const library = await open();
  await library.addArticles({
    items: Array.from({ length: count }, (_, i) => ({ record: articleRecord(idOf(i), { title: `Title ${i}` }), files: { bodyHtml: `<p>Body ${i}</p>`, bodyText: `Body ${i}`, rawPage: null } })),
  });
  return library;
}

describe('electron/library/tags', () => {
  it('keeps a tag\'s case, spaces and script, and takes a differently cased or composed name as the same tag', async () => {
    const library = await withArticles(3);
    expect((await library.addTags({ id: idOf(0), tags: ['Read later', '日本', 'Économie'] })).tags).toEqual(['Économie', 'Read later', '日本']);
    // "read later" is the existing "Read later"; "Économie" written with a combining accent (NFD) is the same tag.
    const decomposed = 'E\u0301conomie';
    expect(tagKey(decomposed)).toBe(tagKey('économie'));
    expect((await library.addTags({ id: idOf(1), tags: ['read later', decomposed, '  Read   later '] })).tags).toEqual(['Économie', 'Read later']);
    expect(library.listTags()).toEqual([
      { name: 'Économie', count: 2, createdAt: expect.any(String) },
      { name: 'Read later', count: 2, createdAt: expect.any(String) },
      { name: '日本', count: 1, createdAt: expect.any(String) },
    ]);
    expect((await library.removeTags({ id: idOf(0), tags: ['READ LATER', 'not a tag'] })).tags).toEqual(['Économie', '日本']);
    expect((await library.setTags({ id: idOf(0), tags: [] })).tags).toEqual([]);
    expect(library.listTags().map((t) => [t.name, t.count])).toEqual([['Économie', 1], ['Read later', 1]]);
    await expect(library.addTags({ id: idOf(0), tags: ['\u0000bad'] })).rejects.toMatchObject({ code: 'invalid-argument' });
    await expect(library.addTags({ id: 'none-0000', tags: ['x'] })).rejects.toMatchObject({ code: 'not-found' });
    await library.close();

    // All of it is on disk: reopened, the same.
    const reopened = await open();
    expect(reopened.summary(idOf(1)).tags).toEqual(['Économie', 'Read later']);
    expect(reopened.listTags().map((t) => t.name)).toEqual(['Économie', 'Read later']);
    await reopened.close();
  });

  it('renames a tag across the library in one write of the tag table, case changes included', async () => {
    const library = await withArticles(SHARD_CAPACITY * 2 + 10);
    const tagged = [0, 5, SHARD_CAPACITY + 1, SHARD_CAPACITY * 2 + 3].map(idOf);
    for (const id of tagged) await library.addTags({ id, tags: ['economy'] });
    const states = await Promise.all([0, 1, 2].map((n) => readFile(join(dataDir, 'index', `00000${n}.state.json`), 'utf8')));
    const events: LibraryEvents['libraryChanged'][] = [];
    library.subscribe('libraryChanged', (event) => events.push(event));

    expect(await library.renameTag({ tag: 'Economy', name: 'Économie' })).toMatchObject({ name: 'Économie', count: 4 });
    for (const id of tagged) expect(library.summary(id).tags).toEqual(['Économie']);
    // No state file was rewritten: the articles carry the tag's id.
    expect(await Promise.all([0, 1, 2].map((n) => readFile(join(dataDir, 'index', `00000${n}.state.json`), 'utf8')))).toEqual(states);
    expect(events.flatMap((e) => e.updated.map((a) => a.id)).sort()).toEqual([...tagged].sort());

    expect(await library.renameTag({ tag: 'économie', name: 'ÉCONOMIE' })).toMatchObject({ name: 'ÉCONOMIE' });
    await library.addTags({ id: idOf(9), tags: ['Politics'] });
    await expect(library.renameTag({ tag: 'ÉCONOMIE', name: 'politics' })).rejects.toMatchObject({ code: 'invalid-argument', message: expect.stringMatching(/merge/) });
    await expect(library.renameTag({ tag: 'Nope', name: 'x' })).rejects.toMatchObject({ code: 'not-found' });
    await library.close();
    expect((await open()).summary(idOf(SHARD_CAPACITY + 1)).tags).toEqual(['ÉCONOMIE']);
  });

  it('merges tags into an existing or a new one, and deletes a tag from every article', async () => {
    const library = await withArticles(6);
    await library.setTags({ id: idOf(0), tags: ['news', 'world'] });
    await library.setTags({ id: idOf(1), tags: ['News'] });
    await library.setTags({ id: idOf(2), tags: ['world'] });
    await library.setTags({ id: idOf(3), tags: ['Long reads'] });

    expect(await library.mergeTags({ tags: ['world', 'NEWS'], into: 'News' })).toMatchObject({ name: 'news', count: 3 });
    expect([0, 1, 2].map((i) => library.summary(idOf(i)).tags)).toEqual([['news'], ['news'], ['news']]);
    expect(await library.mergeTags({ tags: ['news', 'long reads'], into: 'Reading' })).toMatchObject({ name: 'Reading', count: 4 });
    expect(library.listTags().map((t) => [t.name, t.count])).toEqual([['Reading', 4]]);
    expect(library.listArticles({ tag: 'reading' }).total).toBe(4);

    expect(await library.deleteTag({ tag: 'reading' })).toEqual({ tag: 'Reading', articles: 4 });
    expect(library.listTags()).toEqual([]);
    expect(library.summary(idOf(0)).tags).toEqual([]);
    expect(library.listArticles({ tag: 'Reading' })).toEqual({ items: [], total: 0 });
    // A new tag of the same name is a new tag: the deleted one does not come back with it.
    await library.addTags({ id: idOf(5), tags: ['Reading'] });
    expect(library.listArticles({ tag: 'Reading' }).items.map((a) => a.id)).toEqual([idOf(5)]);
    await library.close();
    const reopened = await open();
    expect(reopened.listTags().map((t) => [t.name, t.count])).toEqual([['Reading', 1]]);
    expect(reopened.summary(idOf(0)).tags).toEqual([]);
    await reopened.close();
  });

  it('a tag view and any view filtered by a tag list the tagged articles in the view\'s order, in pages', async () => {
    const library = await withArticles(SHARD_CAPACITY + 40);
    const tagged = Array.from({ length: 30 }, (_, i) => idOf(i * 9));
    for (const id of tagged) await library.addTags({ id, tags: ['Read later'] });
    await library.setArchived({ id: tagged[0]!, archived: true });
    await library.setRead({ id: tagged[1]!, read: true });
    await library.setBookmarked({ id: tagged[2]!, bookmarked: true });
    await library.setBookmarked({ id: idOf(3), bookmarked: true });

    const newest = [...tagged].reverse();
    const all = library.listArticles({ tag: 'read later', limit: 10 });
    expect(all.total).toBe(29);
    expect(all.items.map((a) => a.id)).toEqual(newest.slice(0, 10));
    expect(library.listArticles({ tag: 'Read later', offset: 25, limit: 10 }).items.map((a) => a.id)).toEqual(newest.slice(25, 29));
    expect(library.listArticles({ tag: 'Read later', sort: 'oldest', limit: 2 }).items.map((a) => a.id)).toEqual([tagged[1], tagged[2]]);
    expect(library.listArticles({ view: 'unread', tag: 'Read later' }).total).toBe(28);
    expect(library.listArticles({ view: 'archived', tag: 'Read later' }).items.map((a) => a.id)).toEqual([tagged[0]]);
    expect(library.listArticles({ view: 'bookmarked', tag: 'Read later' }).items.map((a) => a.id)).toEqual([tagged[2]]);
    expect(library.listArticles({ tag: 'Unknown' })).toEqual({ items: [], total: 0 });

    // The kept lists follow changes: tagged, untagged, deleted.
    await library.addTags({ id: idOf(1), tags: ['read later'] });
    expect(library.listArticles({ tag: 'Read later', sort: 'oldest', limit: 2 }).items.map((a) => a.id)).toEqual([idOf(1), tagged[1]]);
    await library.removeTags({ id: tagged[29]!, tags: ['Read later'] });
    await library.deleteArticle({ id: tagged[28]! });
    const after = library.listArticles({ tag: 'Read later', limit: 2 });
    expect(after.items.map((a) => a.id)).toEqual([tagged[27], tagged[26]]);
    expect(after.total).toBe(28);
    expect(library.listTags()).toEqual([{ name: 'Read later', count: 29, createdAt: expect.any(String) }]);
    await library.close();
  });

  it('a tag no article carries any more is not listed, and is gone from the table after the next open', async () => {
    const library = await withArticles(2);
    await library.addTags({ id: idOf(0), tags: ['Passing'] });
    await library.removeTags({ id: idOf(0), tags: ['Passing'] });
    expect(library.listTags()).toEqual([]);
    await library.close();
    const reopened = await open();
    await reopened.flush();
    expect(JSON.parse(await readFile(join(dataDir, 'index', 'tags.json'), 'utf8')).tags).toEqual({});
    await reopened.close();
  });

  it('the tags of a deleted article go with it', async () => {
    const library = await withArticles(2);
    await library.addTags({ id: idOf(0), tags: ['Gone soon'] });
    await library.deleteArticle({ id: idOf(0) });
    expect(library.listTags()).toEqual([]);
    await library.close();
  });
});
