import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { Library } from '../../../electron/library/library';
import { type LibraryFs, realFs } from '../../../electron/library/storage';
import { articleRecord } from '../../helpers/records';

let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'offprint-views-'));
  return () => rm(dataDir, { recursive: true, force: true });
});
const files = (id: string) => ({ bodyHtml: `<p>Body of ${id}</p>`, bodyText: `Body of ${id}`, rawPage: null });
const keys = (library: Library) => Object.fromEntries((['all', 'unread', 'bookmarked', 'archived', 'continue'] as const).map((v) => [v, library.viewFilter(v).key]));

describe('electron/library/views (issue 19.11)', () => {
  it('a change forgets only the views it can change', async () => {
    const library = await Library.open({ dataDir });
    await library.addArticles({ items: ['a', 'b', 'c'].map((id) => ({ record: articleRecord(`${id}-0001`), files: files(id) })) });
    const before = keys(library);
    await library.setBookmarked({ id: 'a-0001', bookmarked: true });
    const afterBookmark = keys(library);
    expect(afterBookmark.bookmarked).not.toBe(before.bookmarked);
    expect({ ...afterBookmark, bookmarked: null }).toEqual({ ...before, bookmarked: null });
    // A reading position moves the article in Continue only; it leaves every other view as it was.
    await library.saveProgress({ id: 'b-0001', position: { block: 1, offset: 0 }, progress: 30 });
    const afterProgress = keys(library);
    expect(afterProgress.continue).not.toBe(afterBookmark.continue);
    expect({ ...afterProgress, continue: null, unread: null }).toEqual({ ...afterBookmark, continue: null, unread: null });
    expect(library.listArticles({ view: 'continue' }).items.map((a) => a.id)).toEqual(['b-0001']);
    await library.saveProgress({ id: 'c-0001', position: { block: 2, offset: 0 }, progress: 10 });
    expect(library.listArticles({ view: 'continue' }).items.map((a) => a.id)).toEqual(['c-0001', 'b-0001']);
    // Archiving changes All, Unread, Archived and Continue.
    await library.setArchived({ id: 'c-0001', archived: true });
    expect(library.listArticles({ view: 'continue' }).items.map((a) => a.id)).toEqual(['b-0001']);
    expect(library.listArticles({ view: 'all' }).total).toBe(2);
    await library.close();
  });

  it('a save writes its folder with one durable rename, and its shard with one more', async () => {
    const renames: string[] = [];
    const fs: LibraryFs = { ...realFs, rename: (async (from: string, to: string) => {
      renames.push(`${from} -> ${to}`);
      return realFs.rename(from, to);
    }) as LibraryFs['rename'] };
    const library = await Library.open({ dataDir, fs });
    await library.flush();
    renames.length = 0;
    await library.addArticle({ record: articleRecord('one-0001'), files: { ...files('one-0001'), images: new Map([['0123456789abcdef0123456789abcdef.png', new Uint8Array([1])]]) } });
    expect(renames).toHaveLength(2);
    expect(renames[0]).toMatch(/\.staging-one-0001-[0-9a-f]+ -> .*articles\/one-0001$/);
    expect(renames[1]).toMatch(/000000\.articles\.jsonl$/);
    await library.close();
  });
});
