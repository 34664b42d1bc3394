import { cp, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { LAYOUT_VERSION } from '../../../electron/library/layout';
import { Library } from '../../../electron/library/library';
import { listRollingBackups, readRollingBackupFile } from '../../../electron/library/rolling-backups';

/** A library written by the layout-2 code itself (see its README for how it was made). */
const FIXTURE = join(__dirname, '../../fixtures/library-v2');
const FIRST = 'mx4k120i-f5efeced24';
const SECOND = 'mx4k13b4-06f4d4f9b4';
const THIRD = 'mx4k13cv-66e6cae376';

let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'offprint-migrate-'));
  await cp(FIXTURE, dataDir, { recursive: true });
  await rm(join(dataDir, 'README.md'));
  return () => rm(dataDir, { recursive: true, force: true });
});

describe('electron/library/migrations (stored layout-2 library)', () => {
  it(`opens a library written by layout 2 as layout ${LAYOUT_VERSION}, keeping every article, mark, place and setting`, async () => {
    const v2Settings = await readFile(join(dataDir, 'state.json'));
    const v2Shard = await readFile(join(dataDir, 'index', '000000.articles.jsonl'));
    const library = await Library.open({ dataDir });
    await library.flush();

    // Settings under their new name, the layout recorded, nothing of the old name left.
    expect(await readdir(dataDir)).not.toContain('state.json');
    expect(JSON.parse(await readFile(join(dataDir, 'settings.json'), 'utf8'))).toEqual(JSON.parse(v2Settings.toString('utf8')));
    expect(JSON.parse(await readFile(join(dataDir, 'library.json'), 'utf8'))).toEqual({ format: 'offprint-library', layoutVersion: LAYOUT_VERSION });
    // The index is untouched: its format did not change.
    expect(await readFile(join(dataDir, 'index', '000000.articles.jsonl'))).toEqual(v2Shard);

    expect(library.size).toBe(3);
    expect(library.listArticles({ view: 'all' }).items.map((a) => a.id)).toEqual([SECOND, FIRST]);
    const [first, second, third] = await Promise.all([FIRST, SECOND, THIRD].map((id) => library.getArticle({ id })));
    expect(first).toMatchObject({ title: 'Fixture v2: first article', source: 'text', wordCount: 69, url: null });
    expect(second).toMatchObject({
      title: 'Fixture v2: second article',
      byline: 'Fixture Author',
      lang: 'en',
      url: 'https://example.com/fixture/second',
      images: { total: 1, saved: 1, failed: [] },
      leadImage: `/assets/${SECOND}/6f7a6ac5209ba5bc691c0e4a96745c26.png`,
    });
    expect(second!.html).toContain('6f7a6ac5209ba5bc691c0e4a96745c26.png');
    expect(third).toMatchObject({ title: 'Fixture v2: third article', url: 'https://example.com/fixture/third' });
    expect(await library.articleText({ id: FIRST })).toContain('This is the first fixture article');
    expect(library.findByNormalizedUrl('https://example.com/fixture/second')?.id).toBe(SECOND);

    expect(library.listArticles({ view: 'bookmarked' }).items.map((a) => [a.id, a.bookmarkedAt])).toEqual([[FIRST, '2026-12-01T10:28:55.251Z']]);
    expect(library.places(SECOND)).toEqual([
      {
        placeId: 'mx4k13do-b823f0f3c4',
        articleId: SECOND,
        position: { block: 2, offset: 5 },
        snippet: 'This paragraph holds the place that the fixture bookmarks with a note',
        note: 'Fixture place note: come back here',
        createdAt: '2026-12-01T10:28:55.260Z',
      },
    ]);
    expect(library.summary(SECOND)).toMatchObject({ progress: 40, position: { block: 3, offset: 0 }, lastReadAt: '2026-12-01T10:28:55.273Z', readAt: null });
    expect(library.summary(FIRST)).toMatchObject({ readAt: '2026-12-01T10:28:55.254Z', progress: 100 });
    expect(library.summary(THIRD).archivedAt).toBe('2026-12-01T10:28:55.280Z');
    expect(library.listArticles({ view: 'unread' }).items.map((a) => a.id)).toEqual([SECOND]);
    expect(library.listArticles({ view: 'continue' }).items.map((a) => a.id)).toEqual([SECOND]);
    expect(library.listArticles({ view: 'archived' }).items.map((a) => a.id)).toEqual([THIRD]);
    expect(library.getSettings()).toEqual({ textSize: 22, lineHeight: 1.6, contentWidth: 65, font: 'sans', theme: 'sepia', sort: 'newest' });

    // Before migrating, the layout-2 files were backed up byte for byte.
    const [backup] = await listRollingBackups(dataDir);
    expect(backup!.reason).toBe('before-migration');
    expect(await readRollingBackupFile(backup!, 'state.json')).toEqual(v2Settings);
    expect(await readRollingBackupFile(backup!, 'index/000000.articles.jsonl')).toEqual(v2Shard);
    await library.close();
  });

  it('migrates once: a second open changes nothing and a change after it is kept', async () => {
    const library = await Library.open({ dataDir });
    await library.setBookmarked({ id: THIRD, bookmarked: true });
    await library.updateSettings({ patch: { textSize: 28 } });
    await library.close();
    const reopened = await Library.open({ dataDir });
    await reopened.close();
    expect(reopened.listArticles({ view: 'bookmarked' }).items.map((a) => a.id).sort()).toEqual([FIRST, THIRD]);
    expect(reopened.getSettings().textSize).toBe(28);
    expect(await listRollingBackups(dataDir)).toHaveLength(1);
  });

  it('a migration stopped after writing settings.json, before library.json, is finished at the next open', async () => {
    const settings = await readFile(join(dataDir, 'state.json'));
    // What a kill right after the first step leaves: both names, no layout file.
    await cp(join(dataDir, 'state.json'), join(dataDir, 'settings.json'));
    const library = await Library.open({ dataDir });
    await library.close();
    expect(await readFile(join(dataDir, 'settings.json'))).toEqual(settings);
    expect(await readdir(dataDir)).not.toContain('state.json');
    expect(library.getSettings().theme).toBe('sepia');
  });

  it('a layout-2 library opened read-only is read as it is and not changed', async () => {
    const before = await readdir(dataDir, { recursive: true });
    const library = await Library.open({ dataDir, access: 'read-only' });
    expect(library.size).toBe(3);
    expect(library.getSettings().textSize).toBe(22);
    await expect(library.setBookmarked({ id: THIRD, bookmarked: true })).rejects.toMatchObject({ code: 'storage' });
    await library.close();
    expect(await readdir(dataDir, { recursive: true })).toEqual(before);
  });
});
