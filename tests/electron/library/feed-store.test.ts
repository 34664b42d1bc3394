import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { restoreBackup, writeBackup } from '../../../electron/library/backup';
import { emptyFeedState, type FeedSubscriptionRecord, Library } from '../../../electron/library/library';
import { takeRollingBackup } from '../../../electron/library/rolling-backups';
import { articleRecord } from '../../helpers/records';

let dataDir: string;
let library: Library | null = null;
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'offprint-feedstore-'));
});
afterEach(async () => {
  await library?.close();
  library = null;
  await rm(dataDir, { recursive: true, force: true });
});

function subscription(id: string, overrides: Partial<FeedSubscriptionRecord> = {}): FeedSubscriptionRecord {
  return {
    id,
    url: `https://news.example/${id}.xml`,
    title: `Feed ${id}`,
    siteUrl: 'https://news.example/',
    folder: null,
    addedAt: '2026-01-01T00:00:00.000Z',
    settings: { refreshMinutes: null, retention: null, fullText: 'page' },
    status: 'active',
    ...overrides,
  };
}

describe('electron/library/feed-store', () => {
  it('keeps subscriptions and each feed state durably across a reopen, each feed in its own file', async () => {
    library = await Library.open({ dataDir });
    await library.addFeedSubscription(subscription('f-one', { folder: 'News' }), emptyFeedState('f-one'));
    await library.addFeedSubscription(subscription('f-two'), emptyFeedState('f-two'));
    const state = library.feedState('f-one')!;
    state.fetch.etag = '"abc"';
    state.fetch.lastModified = 'Tue, 01 Dec 2026 10:00:00 GMT';
    state.items.push({ key: 'guid-1', link: 'https://news.example/1', articleId: 'a1', status: 'saved', seenAt: '2026-01-01T00:00:00.000Z', publishedAt: null, updatedAt: null, attempts: 1, error: null });
    await library.writeFeedState('f-one', state);
    await library.updateFeedSubscription('f-two', (s) => ({ ...s, title: 'Renamed' }));
    await library.close();

    expect((await readdir(join(dataDir, 'feeds'))).sort()).toEqual(['f-one.feed.json', 'f-two.feed.json', 'subscriptions.json']);
    library = await Library.open({ dataDir });
    expect(library.feedSubscriptions().map((s) => [s.id, s.title, s.folder])).toEqual([
      ['f-one', 'Feed f-one', 'News'],
      ['f-two', 'Renamed', null],
    ]);
    expect(library.feedState('f-one')!.fetch).toMatchObject({ etag: '"abc"', lastModified: 'Tue, 01 Dec 2026 10:00:00 GMT' });
    expect(library.feedState('f-one')!.items).toHaveLength(1);
    await library.removeFeedSubscription('f-two');
    expect(await readdir(join(dataDir, 'feeds'))).not.toContain('f-two.feed.json');
    await expect(library.writeFeedState('f-two', emptyFeedState('f-two'))).rejects.toMatchObject({ code: 'not-found' });
  });

  it('a damaged subscriptions file or feed state is repaired from the newest rolling backup, and the reader is told', async () => {
    library = await Library.open({ dataDir });
    await library.addFeedSubscription(subscription('f-one'), emptyFeedState('f-one'));
    await library.close();
    library = null;
    const backup = await takeRollingBackup(dataDir, 'scheduled');
    expect(backup!.files.map((f) => f.path)).toEqual(expect.arrayContaining(['feeds/subscriptions.json', 'feeds/f-one.feed.json']));
    await writeFile(join(dataDir, 'feeds', 'subscriptions.json'), Buffer.alloc(120));
    await writeFile(join(dataDir, 'feeds', 'f-one.feed.json'), '{"schemaVersion":1,"feedId":');
    library = await Library.open({ dataDir });
    expect(library.feedSubscriptions().map((s) => s.id)).toEqual(['f-one']);
    expect(library.repairNotice!.lines.join(' ')).toMatch(/feeds\/subscriptions\.json was damaged \(it is filled with zero bytes\); restored/);
    expect(library.repairNotice!.lines.join(' ')).toMatch(/feeds\/f-one\.feed\.json was damaged/);
    expect(library.feedState('f-one')).toBeTruthy();
  });

  it('feeds are in the backup archive and come back on restore', async () => {
    library = await Library.open({ dataDir });
    await library.addFeedSubscription(subscription('f-one'), emptyFeedState('f-one'));
    await library.close();
    library = null;
    const archive = join(tmpdir(), `offprint-feeds-${process.pid}.tar.gz`);
    const target = `${dataDir}-restored`;
    try {
      await writeBackup(dataDir, archive);
      await restoreBackup(archive, target);
      const restored = await Library.open({ dataDir: target });
      expect(restored.feedSubscriptions().map((s) => s.id)).toEqual(['f-one']);
      await restored.close();
    } finally {
      await rm(archive, { force: true });
      await rm(target, { recursive: true, force: true });
    }
  });

  it('an article records the feed item it came from; older records without it still open (library-v2)', async () => {
    await cp(join(__dirname, '../../fixtures/library-v2'), dataDir, { recursive: true });
    await rm(join(dataDir, 'README.md'));
    library = await Library.open({ dataDir });
    expect(library.size).toBe(3);
    expect(library.listArticles({}).items.every((a) => a.feed === undefined)).toBe(true);
    const feed = { feedId: 'f-one', itemId: 'guid-1', feedTitle: 'Feed', author: 'Reporter', published: '2026-01-01T00:00:00.000Z' };
    await library.addArticle({ record: articleRecord('fromfeed1', { feed }), files: { bodyHtml: '<p>x y</p>', bodyText: 'x y', rawPage: null } });
    await library.close();
    library = await Library.open({ dataDir });
    expect(library.summary('fromfeed1').feed).toEqual(feed);
    expect(JSON.parse(await readFile(join(dataDir, 'articles', 'fromfeed1', 'record.json'), 'utf8')).feed).toEqual(feed);
    expect(await library.articleBytes('fromfeed1')).toBeGreaterThan(0);
  });
});
