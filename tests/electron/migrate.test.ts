import { cp, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { Library } from '../../electron/library/library';
import { SCHEMA_VERSION } from '../../electron/library/schema';
import { listSnapshots, readSnapshotFile } from '../../electron/library/snapshots';

/** A library written by the schema-version-1 code itself (see its README for how it was made). */
const FIXTURE = join(__dirname, '../fixtures/library-v1');
const FIRST = 'mwytn1u4-c91d21946c';
const SECOND = 'mwytn2u1-cda4d70f67';
const THIRD = 'mwytn2xd-47d158fb6e';

let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'offprint-migrate-'));
  await cp(FIXTURE, dataDir, { recursive: true });
  await rm(join(dataDir, 'README.md'));
  return () => rm(dataDir, { recursive: true, force: true });
});

describe('electron/library/migrate (stored v1 library)', () => {
  it(`opens a library written by schema version 1 as version ${SCHEMA_VERSION}, keeping every article, mark, place and setting`, async () => {
    const v1Db = await readFile(join(dataDir, 'db.json'));
    const v1State = await readFile(join(dataDir, 'state.json'));
    const library = await Library.open({ dataDir });
    await library.flush();

    // The new layout, and no first-layout db.json left behind.
    expect(await readdir(join(dataDir, 'index'))).toEqual(['000000.articles.jsonl', '000000.state.json']);
    expect(await readdir(dataDir)).not.toContain('db.json');
    expect(JSON.parse(await readFile(join(dataDir, 'state.json'), 'utf8'))).toMatchObject({ schemaVersion: SCHEMA_VERSION });

    // Articles, as they were.
    expect(library.size).toBe(3);
    expect(library.list('all').items.map((a) => a.id)).toEqual([SECOND, FIRST]);
    const [first, second, third] = await Promise.all([FIRST, SECOND, THIRD].map((id) => library.get(id)));
    expect(first).toMatchObject({ title: 'Fixture v1: first article', source: 'text', savedAt: '2026-11-27T10:11:20.456Z', wordCount: 69, readingMinutes: 1, url: null });
    expect(second).toMatchObject({
      title: 'Fixture v1: second article',
      source: 'html',
      byline: 'Fixture Author',
      lang: 'en',
      url: 'https://example.com/fixture/second',
      wordCount: 94,
      images: { total: 1, saved: 1, failed: [] },
      leadImage: `/assets/${SECOND}/6f7a6ac5209ba5bc691c0e4a96745c26.png`,
    });
    expect(second!.html).toContain('6f7a6ac5209ba5bc691c0e4a96745c26.png');
    expect(third).toMatchObject({ title: 'Fixture v1: third article', url: 'https://example.com/fixture/third', wordCount: 63 });
    expect(await library.text(FIRST)).toContain('This is the first fixture article');
    expect(library.findByNormalizedUrl('https://example.com/fixture/second')?.id).toBe(SECOND);

    // State: bookmark, place, progress, read and archived marks.
    expect(library.list('bookmarked').items.map((a) => [a.id, a.bookmarkedAt])).toEqual([[FIRST, '2026-11-27T10:11:20.679Z']]);
    expect(library.places(SECOND)).toEqual([
      {
        placeId: 'mwytn2zx-6c32162aa9',
        articleId: SECOND,
        position: { block: 2, offset: 5 },
        snippet: 'This paragraph holds the place that the fixture bookmarks with a note',
        note: 'Fixture place note: come back here',
        createdAt: '2026-11-27T10:11:20.685Z',
      },
    ]);
    expect(library.summary(SECOND)).toMatchObject({ progress: 40, position: { block: 3, offset: 0 }, lastReadAt: '2026-11-27T10:11:20.687Z', readAt: null });
    expect(library.summary(FIRST)).toMatchObject({ readAt: '2026-11-27T10:11:20.682Z', progress: 100 });
    expect(library.summary(THIRD).archivedAt).toBe('2026-11-27T10:11:20.689Z');
    expect(library.list('unread').items.map((a) => a.id)).toEqual([SECOND]);
    expect(library.list('continue').items.map((a) => a.id)).toEqual([SECOND]);
    expect(library.list('archived').items.map((a) => a.id)).toEqual([THIRD]);
    expect(library.listBookmarks().map((e) => e.kind).sort()).toEqual(['article', 'place']);
    expect(library.settings()).toEqual({ textSize: 22, lineHeight: 1.6, contentWidth: 65, font: 'sans', theme: 'sepia', sort: 'newest' });

    // Before migrating, the v1 files were backed up byte for byte.
    const [backup] = await listSnapshots(dataDir);
    expect(backup!.reason).toBe('before-migration');
    expect(await readSnapshotFile(backup!, 'db.json')).toEqual(v1Db);
    expect(await readSnapshotFile(backup!, 'state.json')).toEqual(v1State);
  });

  it('migrates once: a second open changes nothing and a change after it is kept', async () => {
    const library = await Library.open({ dataDir });
    await library.setBookmarked(THIRD, true);
    await library.close();
    const shard = await readFile(join(dataDir, 'index', '000000.articles.jsonl'));
    const reopened = await Library.open({ dataDir });
    await reopened.close();
    expect(await readFile(join(dataDir, 'index', '000000.articles.jsonl'))).toEqual(shard);
    expect(reopened.list('bookmarked').items.map((a) => a.id).sort()).toEqual([FIRST, THIRD]);
    expect(await listSnapshots(dataDir)).toHaveLength(1);
  });
});
