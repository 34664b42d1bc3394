import { mkdir, mkdtemp, readdir, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { SHARD_CAPACITY } from '../../../electron/library/article-index';
import { Library } from '../../../electron/library/library';
import type { ArticleView } from '../../../shared/api';
import { articleRecord } from '../../helpers/records';

let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'offprint-shards-'));
  return () => rm(dataDir, { recursive: true, force: true });
});

function record(id: string, title = id, normalizedUrl: string | null = null) {
  return articleRecord(id, { title, url: normalizedUrl, finalUrl: normalizedUrl, normalizedUrl });
}
const files = { bodyHtml: '<p>Hello there</p>', bodyText: 'Hello there', rawPage: null };
const idOf = (i: number) => `art-${String(i).padStart(5, '0')}`;
const indexDir = () => join(dataDir, 'index');

async function fill(library: Library, count: number, from = 0): Promise<void> {
  await library.addArticles({ items: Array.from({ length: count }, (_, i) => ({ record: record(idOf(from + i), `t${from + i}`, `https://example.com/${from + i}`), files })) });
}

describe('electron/library/article-index', () => {
  it('keeps the index in shards of bounded size, in the order articles were added, across a reopen', async () => {
    const library = await Library.open({ dataDir });
    await fill(library, SHARD_CAPACITY + 10);
    expect((await readdir(indexDir())).sort()).toEqual(['000000.articles.jsonl', '000001.articles.jsonl']);
    const reopened = await Library.open({ dataDir });
    expect(reopened.size).toBe(SHARD_CAPACITY + 10);
    const newest = reopened.listArticles({ view: 'all', offset: 0, limit: 12 });
    expect(newest.total).toBe(SHARD_CAPACITY + 10);
    expect(newest.items.map((a) => a.id)).toEqual(Array.from({ length: 12 }, (_, i) => idOf(SHARD_CAPACITY + 9 - i)));
    expect(reopened.listArticles({ view: 'all', offset: 0, limit: 3, sort: 'oldest' }).items.map((a) => a.id)).toEqual([idOf(0), idOf(1), idOf(2)]);
    expect(reopened.listArticles({ view: 'all', offset: SHARD_CAPACITY + 8, limit: 50 }).items.map((a) => a.id)).toEqual([idOf(1), idOf(0)]);
    expect(reopened.findByNormalizedUrl('https://example.com/3')?.id).toBe(idOf(3));
    expect(reopened.findByNormalizedUrl('https://example.com/nowhere')).toBeUndefined();
  });

  it('pages views across shards the same as filtering the whole list would', async () => {
    const library = await Library.open({ dataDir });
    const count = 2 * SHARD_CAPACITY + 40;
    await fill(library, count);
    const archived = [0, 1, 2, 5, SHARD_CAPACITY + 3, 2 * SHARD_CAPACITY + 1].map(idOf);
    const read = [3, 7, SHARD_CAPACITY, SHARD_CAPACITY + 9, 2 * SHARD_CAPACITY + 2].map(idOf);
    for (const id of archived) await library.setArchived({ id, archived: true });
    for (const id of read) await library.setRead({ id, read: true });
    const all = Array.from({ length: count }, (_, i) => idOf(i));
    const expected = (view: 'all' | 'unread', sort: 'newest' | 'oldest') => {
      const kept = all.filter((id) => !archived.includes(id) && (view === 'all' || !read.includes(id)));
      return sort === 'newest' ? kept.reverse() : kept;
    };
    for (const view of ['all', 'unread'] as const) {
      for (const sort of ['newest', 'oldest'] as const) {
        for (const offset of [0, 1, SHARD_CAPACITY - 5, SHARD_CAPACITY + 7, 2 * SHARD_CAPACITY - 3, count - 20]) {
          const page = library.listArticles({ view, offset, limit: 30, sort });
          expect(page.total).toBe(expected(view, sort).length);
          expect(page.items.map((a) => a.id)).toEqual(expected(view, sort).slice(offset, offset + 30));
        }
      }
    }
  });

  it('writes only the shard an add, a delete or a bookmark concerns', async () => {
    const library = await Library.open({ dataDir });
    await fill(library, SHARD_CAPACITY + 1);
    const first = join(indexDir(), '000000.articles.jsonl');
    const second = join(indexDir(), '000001.articles.jsonl');
    const firstBefore = await readFile(first, 'utf8');
    await library.addArticle({ record: record('late-0001'), files });
    expect(await readFile(first, 'utf8')).toBe(firstBefore);
    expect(await readFile(second, 'utf8')).toContain('late-0001');

    const secondBefore = await readFile(second, 'utf8');
    await library.deleteArticle({ id: idOf(5) });
    expect(await readFile(second, 'utf8')).toBe(secondBefore);
    expect(await readFile(first, 'utf8')).not.toContain(idOf(5));

    await library.setBookmarked({ id: idOf(SHARD_CAPACITY), bookmarked: true });
    expect((await readdir(indexDir())).filter((n) => n.endsWith('.state.json'))).toEqual(['000001.state.json']);
    const reopened = await Library.open({ dataDir });
    expect(reopened.size).toBe(SHARD_CAPACITY + 1);
    expect(reopened.listArticles({ view: 'bookmarked' }).items.map((a) => a.id)).toEqual([idOf(SHARD_CAPACITY)]);
    expect(reopened.listArticles({ view: 'all', offset: 0, limit: 1 }).items[0]!.id).toBe('late-0001');
  });

  it('lists every view from the state without reading records it does not show', async () => {
    let t = Date.parse('2026-01-01T00:00:00Z');
    const library = await Library.open({ dataDir, now: () => new Date((t += 1000)) });
    await fill(library, 40);
    await library.setArchived({ id: idOf(39), archived: true });
    await library.setRead({ id: idOf(38), read: true });
    await library.saveProgress({ id: idOf(10), position: { block: 1, offset: 0 }, progress: 30 });
    await library.saveProgress({ id: idOf(20), position: { block: 1, offset: 0 }, progress: 60 });
    await library.setBookmarked({ id: idOf(1), bookmarked: true });
    await library.setBookmarked({ id: idOf(2), bookmarked: true });
    const reopened = await Library.open({ dataDir });
    const ids = (view: ArticleView, offset = 0, limit = 3) => reopened.listArticles({ view, offset, limit });
    expect(ids('all')).toMatchObject({ total: 39, items: [{ id: idOf(38) }, { id: idOf(37) }, { id: idOf(36) }] });
    expect(ids('unread').total).toBe(38);
    expect(ids('unread').items.map((a) => a.id)).toEqual([idOf(37), idOf(36), idOf(35)]);
    expect(ids('archived').items.map((a) => a.id)).toEqual([idOf(39)]);
    expect(ids('continue').items.map((a) => a.id)).toEqual([idOf(20), idOf(10)]);
    expect(ids('bookmarked').items.map((a) => a.id)).toEqual([idOf(2), idOf(1)]);
    expect(reopened.listArticles({ view: 'bookmarked', offset: 0, limit: 10, sort: 'oldest' }).items.map((a) => a.id)).toEqual([idOf(1), idOf(2)]);
  });

  it('without repair (a read-only copy), refuses a truncated or damaged shard and leaves it untouched', async () => {
    const library = await Library.open({ dataDir });
    await fill(library, 3);
    const shard = join(indexDir(), '000000.articles.jsonl');
    const whole = await readFile(shard, 'utf8');
    await truncate(shard, whole.length - 10);
    const cut = await readFile(shard, 'utf8');
    await expect(Library.open({ dataDir, access: 'read-only' })).rejects.toMatchObject({ code: 'storage', message: expect.stringContaining('000000.articles.jsonl') });
    expect(await readFile(shard, 'utf8')).toBe(cut);
    // Same length, damaged record: found when the record is first needed, and the shard is never rewritten from it.
    await writeFile(shard, whole.replace('"title":"t2"', '"title":42  '));
    const opened = await Library.open({ dataDir, access: 'read-only' });
    expect(() => opened.listArticles({})).toThrow(/000000\.articles\.jsonl/);
    await expect(opened.addArticle({ record: record('more-0001'), files })).rejects.toMatchObject({ code: 'storage' });
    expect(await readFile(shard, 'utf8')).toBe(whole.replace('"title":"t2"', '"title":42  '));
  });

  it('removes temporary files of writes that never finished on open', async () => {
    await Library.open({ dataDir });
    await writeFile(join(indexDir(), '.000000.articles.jsonl.1.ab.tmp'), 'half');
    await mkdir(join(dataDir, '.temp'));
    await writeFile(join(dataDir, '.temp', '000000.state.json.1.cd.tmp'), 'half');
    const library = await Library.open({ dataDir });
    await library.flush();
    expect(await readdir(indexDir())).toEqual([]);
    expect(await readdir(dataDir)).not.toContain('.temp');
  });
});


