import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { resolveDataDir } from '../../../electron/library/data-dir';
import { Library } from '../../../electron/library/library';
import type { ArticleView } from '../../../shared/api';
import { articleRecord } from '../../helpers/records';

let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'offprint-library-'));
  return () => rm(dataDir, { recursive: true, force: true });
});

function record(id: string, title = 'A title') {
  return articleRecord(id, { title });
}
const files = { bodyHtml: '<p>Hello there</p>', bodyText: 'Hello there', rawPage: null };

describe('electron/library/library', () => {
  it('lists newest first, in pages', async () => {
    let t = Date.parse('2026-01-01T00:00:00Z');
    const library = await Library.open({ dataDir, now: () => new Date((t += 1000)) });
    for (let i = 0; i < 5; i++) await library.addArticle({ record: record(library.newId(), `n${i}`), files });
    const page = library.listArticles({ view: 'all', offset: 1, limit: 2 });
    expect(page.total).toBe(5);
    expect(page.items.map((a) => a.title)).toEqual(['n3', 'n2']);
  });

  it('a failed write leaves memory and disk exactly as they were', async () => {
    const library = await Library.open({ dataDir });
    await library.addArticle({ record: record('keep-0001'), files });
    const shardFile = join(dataDir, 'index', '000000.articles.jsonl');
    const before = await readFile(shardFile, 'utf8');
    // Make the index shard unwritable by putting a directory where its temporary file's rename must land.
    await rm(shardFile);
    await mkdir(shardFile);
    await writeFile(join(shardFile, 'blocker'), 'x');
    await expect(library.addArticle({ record: record('fail-0001'), files })).rejects.toMatchObject({ code: 'storage' });
    expect(library.listArticles({}).items.map((a) => a.id)).toEqual(['keep-0001']);
    expect((await readdir(join(dataDir, 'articles'))).sort()).toEqual(['keep-0001']);
    const stateFile = join(dataDir, 'index', '000000.state.json');
    const stateBefore = await readFile(stateFile, 'utf8').catch(() => null);
    await rm(stateFile, { force: true });
    await mkdir(stateFile);
    await expect(library.setBookmarked({ id: 'keep-0001', bookmarked: true })).rejects.toMatchObject({ code: 'storage' });
    expect(library.summary('keep-0001').bookmarked).toBe(false);
    await rm(stateFile, { recursive: true });
    if (stateBefore !== null) await writeFile(stateFile, stateBefore);
    await rm(shardFile, { recursive: true });
    await writeFile(shardFile, before);
    const reopened = await Library.open({ dataDir });
    expect(reopened.listArticles({}).items.map((a) => a.id)).toEqual(['keep-0001']);
  });

  it('without repair (a read-only copy), refuses a damaged db.json and leaves it untouched', async () => {
    await writeFile(join(dataDir, 'db.json'), '{"schemaVersion":1,"articles":[{"id":');
    await expect(Library.open({ dataDir, access: 'read-only' })).rejects.toMatchObject({ code: 'storage' });
    expect(await readFile(join(dataDir, 'db.json'), 'utf8')).toBe('{"schemaVersion":1,"articles":[{"id":');
    await writeFile(join(dataDir, 'db.json'), '{"hello":"world"}');
    await expect(Library.open({ dataDir, access: 'read-only' })).rejects.toMatchObject({ code: 'storage' });
  });

  it('removes staging folders and orphans on open, and recovers an interrupted replacement', async () => {
    const library = await Library.open({ dataDir });
    await library.addArticle({ record: record('good-0001'), files });
    await library.addArticle({ record: record('swap-0001'), files });
    const articles = join(dataDir, 'articles');
    await mkdir(join(articles, '.staging-x-1234'));
    await mkdir(join(articles, 'orphan-0001'));
    const { rename } = await import('node:fs/promises');
    await rename(join(articles, 'swap-0001'), join(articles, 'swap-0001.old-abcd'));
    const reopened = await Library.open({ dataDir });
    // Leftovers are removed as the first change queued after open; flush waits for it.
    await reopened.flush();
    expect((await readdir(articles)).sort()).toEqual(['good-0001', 'swap-0001']);
    expect((await reopened.getArticle({ id: 'swap-0001' })).html).toBe('<p>Hello there</p>');
  });

  it('serialises concurrent writes so none is lost', async () => {
    const library = await Library.open({ dataDir });
    const ids = Array.from({ length: 20 }, (_, i) => `conc-${String(i).padStart(4, '0')}`);
    await Promise.all(ids.map((id) => library.addArticle({ record: record(id), files })));
    await Promise.all(ids.map((id, i) => library.setBookmarked({ id, bookmarked: i % 2 === 0 })));
    const reopened = await Library.open({ dataDir });
    expect(reopened.size).toBe(20);
    expect(reopened.listBookmarks()).toHaveLength(10);
  });
});

describe('electron/library/data-dir', () => {
  it('prefers --data, then OFFPRINT_DATA, then the app folder', () => {
    expect(resolveDataDir({ flag: '/tmp/a', env: { OFFPRINT_DATA: '/tmp/b' } })).toBe('/tmp/a');
    expect(resolveDataDir({ env: { OFFPRINT_DATA: '/tmp/b' } })).toBe('/tmp/b');
    expect(resolveDataDir({ env: {}, userDataDir: '/home/u/.config/Offprint' })).toBe('/home/u/.config/Offprint/library');
  });
});

describe('electron/library/library reading state', () => {
  it('keeps progress, read, archived and places in state files, apart from the article index', async () => {
    let t = Date.parse('2026-03-01T00:00:00Z');
    const library = await Library.open({ dataDir, now: () => new Date((t += 1000)) });
    for (const id of ['aaaa-0001', 'bbbb-0002', 'cccc-0003']) await library.addArticle({ record: record(id, id), files });
    const shardFile = join(dataDir, 'index', '000000.articles.jsonl');
    const indexBefore = await readFile(shardFile, 'utf8');

    await library.saveProgress({ id: 'aaaa-0001', position: { block: 3, offset: 12 }, progress: 40 });
    await library.saveProgress({ id: 'bbbb-0002', position: { block: 9, offset: 0 }, progress: 100 });
    await library.setArchived({ id: 'cccc-0003', archived: true });
    const place = await library.addPlaceBookmark({ id: 'aaaa-0001', position: { block: 2, offset: 5 }, snippet: '  The sentence here. ', note: 'a note' });

    // None of that rewrote the article index.
    expect(await readFile(shardFile, 'utf8')).toBe(indexBefore);
    const ids = (view: ArticleView) => library.listArticles({ view }).items.map((a) => a.id);
    expect(ids('all')).toEqual(['bbbb-0002', 'aaaa-0001']);
    expect(ids('unread')).toEqual(['aaaa-0001']);
    expect(ids('archived')).toEqual(['cccc-0003']);
    expect(ids('continue')).toEqual(['aaaa-0001']);
    expect(library.listArticles({ view: 'all', offset: 0, limit: 50, sort: 'oldest' }).items.map((a) => a.id)).toEqual(['aaaa-0001', 'bbbb-0002']);
    expect(library.summary('bbbb-0002')).toMatchObject({ progress: 100, readAt: expect.any(String) });
    expect(library.summary('aaaa-0001')).toMatchObject({ progress: 40, position: { block: 3, offset: 12 }, readAt: null });

    await library.setRead({ id: 'bbbb-0002', read: false });
    expect(library.summary('bbbb-0002')).toMatchObject({ progress: 0, readAt: null, position: null });
    await library.setRead({ id: 'aaaa-0001', read: true });
    expect(ids('unread')).toEqual(['bbbb-0002']);

    const reopened = await Library.open({ dataDir });
    expect(reopened.places('aaaa-0001')).toEqual([{ ...place, snippet: 'The sentence here.' }]);
    expect(reopened.listBookmarks().map((b) => b.kind)).toEqual(['place']);
    await reopened.setBookmarked({ id: 'bbbb-0002', bookmarked: true });
    expect(reopened.listBookmarks().map((b) => b.kind)).toEqual(['article', 'place']);
    await reopened.deletePlaceBookmark({ placeId: place.placeId });
    await expect(reopened.deletePlaceBookmark({ placeId: place.placeId })).rejects.toMatchObject({ code: 'not-found' });
    await reopened.deleteArticle({ id: 'bbbb-0002' });
    expect(reopened.listBookmarks()).toEqual([]);
  });
});
