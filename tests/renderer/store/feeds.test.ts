import { describe, expect, it } from 'vitest';
import { feedTree } from '../../../renderer/store/feeds';
import type { FeedList, FeedSummary } from '../../../shared/feeds';
import { changed, run, summary } from './helpers';

const feed = (id: string, title: string, folder: string | null, unread: number) => ({ id, title, folder, unread }) as FeedSummary;
const list = (feeds: FeedSummary[]): FeedList => ({ feeds, folders: [], defaults: { refreshMinutes: 60, retention: { mode: 'days', days: 30 }, fullText: 'page' } });

describe('renderer/store/feeds', () => {
  it('asks once: requested while loading changes nothing; loaded clears stale; feedsChanged marks it stale again', () => {
    const asked = run([{ type: 'feeds/requested' }]);
    expect(asked.feeds).toMatchObject({ loading: true, stale: false });
    expect(run([{ type: 'feeds/requested' }], asked).feeds).toBe(asked.feeds);
    const loaded = run([{ type: 'feeds/loaded', list: list([]) }], asked);
    expect(loaded.feeds).toMatchObject({ loading: false, stale: false });
    expect(run([{ type: 'feeds/changed', ids: ['f'] }], loaded).feeds.stale).toBe(true);
  });

  it('a feed article read or deleted makes the unread counts stale; a progress write does not', () => {
    const a = summary('a', 1, { feed: { feedId: 'f', feedTitle: 'F', itemId: 'i', author: null, published: null } });
    const base = run([{ type: 'articles/received', articles: [a] }, { type: 'feeds/loaded', list: list([]) }]);
    expect(run([{ type: 'articles/received', articles: [{ ...a, progress: 40 }] }], base).feeds.stale).toBe(false);
    expect(run([{ type: 'articles/received', articles: [{ ...a, readAt: '2026-01-02T00:00:00.000Z' }] }], base).feeds.stale).toBe(true);
    expect(run([changed([], [], ['a'])], base).feeds.stale).toBe(true);
    expect(run([changed([], [], ['not-a-feed-article'])], base).feeds.stale).toBe(false);
  });

  it('a feed’s new summary replaces it in place', () => {
    const loaded = run([{ type: 'feeds/loaded', list: list([feed('f', 'Old', null, 1), feed('g', 'G', null, 0)]) }]);
    const renamed = run([{ type: 'feed/updated', feed: feed('f', 'New', 'News', 1) }], loaded);
    expect(renamed.feeds.list!.feeds.map((f) => f.title)).toEqual(['New', 'G']);
  });

  it('feedTree nests folders by "/", sorts by name and adds up unread counts', () => {
    const tree = feedTree(list([feed('1', 'Seoul', 'News/Korea', 2), feed('2', 'Busan', 'News/Korea', 1), feed('3', 'World', 'News', 4), feed('4', 'Blog', null, 5)]));
    expect(tree.feeds.map((f) => f.title)).toEqual(['Blog']);
    expect(tree.unread).toBe(12);
    const news = tree.folders[0]!;
    expect([news.path, news.unread, news.feeds.map((f) => f.title)]).toEqual(['News', 7, ['World']]);
    expect([news.folders[0]!.path, news.folders[0]!.unread, news.folders[0]!.feeds.map((f) => f.title)]).toEqual(['News/Korea', 3, ['Busan', 'Seoul']]);
  });
});
