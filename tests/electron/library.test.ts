import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { resolveDataDir } from '../../electron/library/data-dir';
import { Library } from '../../electron/library/library';

let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'offprint-library-'));
  return () => rm(dataDir, { recursive: true, force: true });
});

function record(id: string, title = 'A title') {
  return {
    id,
    title,
    byline: null,
    siteName: null,
    excerpt: null,
    lang: null,
    dir: null,
    publishedTime: null,
    url: null,
    finalUrl: null,
    canonicalUrl: null,
    normalizedUrl: null,
    wordCount: 2,
    readingMinutes: 1,
    source: 'text' as const,
    raw: null,
    images: { total: 0, saved: 0, failed: [] },
    leadImage: null,
  };
}
const files = { bodyHtml: '<p>Hello there</p>', bodyText: 'Hello there', rawPage: null };

describe('electron/library/library', () => {
  it('lists newest first, in pages', async () => {
    let t = Date.parse('2026-01-01T00:00:00Z');
    const library = await Library.open({ dataDir, now: () => new Date((t += 1000)) });
    for (let i = 0; i < 5; i++) await library.add(record(library.newId(), `n${i}`), files);
    const page = library.list('all', 1, 2);
    expect(page.total).toBe(5);
    expect(page.items.map((a) => a.title)).toEqual(['n3', 'n2']);
  });

  it('a failed write leaves memory and disk exactly as they were', async () => {
    const library = await Library.open({ dataDir });
    await library.add(record('keep-0001'), files);
    const before = await readFile(join(dataDir, 'db.json'), 'utf8');
    // Make db.json unwritable by putting a directory where its temporary file's rename must land.
    await rm(join(dataDir, 'db.json'));
    await mkdir(join(dataDir, 'db.json'));
    await writeFile(join(dataDir, 'db.json', 'blocker'), 'x');
    await expect(library.add(record('fail-0001'), files)).rejects.toMatchObject({ code: 'storage' });
    expect(library.list().items.map((a) => a.id)).toEqual(['keep-0001']);
    expect((await readdir(join(dataDir, 'articles'))).sort()).toEqual(['keep-0001']);
    await expect(library.setBookmarked('keep-0001', true)).rejects.toMatchObject({ code: 'storage' });
    expect(library.summary('keep-0001').bookmarked).toBe(false);
    await rm(join(dataDir, 'db.json'), { recursive: true });
    await writeFile(join(dataDir, 'db.json'), before);
    const reopened = await Library.open({ dataDir });
    expect(reopened.list().items.map((a) => a.id)).toEqual(['keep-0001']);
  });

  it('refuses to open a damaged db.json and leaves it untouched', async () => {
    await writeFile(join(dataDir, 'db.json'), '{"schemaVersion":1,"articles":[{"id":');
    await expect(Library.open({ dataDir })).rejects.toMatchObject({ code: 'storage' });
    expect(await readFile(join(dataDir, 'db.json'), 'utf8')).toBe('{"schemaVersion":1,"articles":[{"id":');
    await writeFile(join(dataDir, 'db.json'), '{"hello":"world"}');
    await expect(Library.open({ dataDir })).rejects.toMatchObject({ code: 'storage' });
  });

  it('removes staging folders and orphans on open, and recovers an interrupted replacement', async () => {
    const library = await Library.open({ dataDir });
    await library.add(record('good-0001'), files);
    await library.add(record('swap-0001'), files);
    const articles = join(dataDir, 'articles');
    await mkdir(join(articles, '.staging-x-1234'));
    await mkdir(join(articles, 'orphan-0001'));
    const { rename } = await import('node:fs/promises');
    await rename(join(articles, 'swap-0001'), join(articles, 'swap-0001.old-abcd'));
    const reopened = await Library.open({ dataDir });
    expect((await readdir(articles)).sort()).toEqual(['good-0001', 'swap-0001']);
    expect((await reopened.get('swap-0001')).html).toBe('<p>Hello there</p>');
  });

  it('serialises concurrent writes so none is lost', async () => {
    const library = await Library.open({ dataDir });
    const ids = Array.from({ length: 20 }, (_, i) => `conc-${String(i).padStart(4, '0')}`);
    await Promise.all(ids.map((id) => library.add(record(id), files)));
    await Promise.all(ids.map((id, i) => library.setBookmarked(id, i % 2 === 0)));
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
