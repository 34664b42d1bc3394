import { describe, expect, it } from 'vitest';
import type { BookmarkEntry } from '../../../shared/types';
import { changed, run, summary } from './helpers';

const a = summary('a', 1, { bookmarked: true, bookmarkedAt: '2026-01-03T00:00:00.000Z' });
const b = summary('b', 2);
const place = { placeId: 'p1', articleId: 'b', position: { block: 4, offset: 2 }, snippet: 'A place', note: 'Note', createdAt: '2026-01-04T00:00:00.000Z' };
const entries: BookmarkEntry[] = [
  { kind: 'place', createdAt: place.createdAt, article: b, place },
  { kind: 'article', createdAt: a.bookmarkedAt!, article: a },
];
const loaded = run([{ type: 'bookmarks/requested' }, { type: 'bookmarks/loaded', entries }]);
const kinds = (state: typeof loaded) => state.bookmarks.entries!.map((e) => `${e.kind}:${e.kind === 'place' ? e.place.placeId : e.article.id}`);

describe('renderer/store/bookmarks', () => {
  it('an article bookmarked or un-bookmarked gains or loses its entry, newest first, without asking again', () => {
    const bookmarked = run([{ type: 'articles/received', articles: [{ ...b, bookmarked: true, bookmarkedAt: '2026-01-05T00:00:00.000Z' }] }], loaded);
    expect(kinds(bookmarked)).toEqual(['article:b', 'place:p1', 'article:a']);
    expect(bookmarked.bookmarks.entries![1]!.article.bookmarked).toBe(true);
    const removed = run([changed([{ ...a, bookmarked: false, bookmarkedAt: null }])], bookmarked);
    expect(kinds(removed)).toEqual(['article:b', 'place:p1']);
  });

  it('places added and removed here, and articles removed anywhere', () => {
    const added = run([{ type: 'place/added', place: { ...place, placeId: 'p2', articleId: 'a', createdAt: '2026-01-06T00:00:00.000Z' } }], loaded);
    expect(kinds(added)).toEqual(['place:p2', 'place:p1', 'article:a']);
    expect(kinds(run([{ type: 'place/removed', placeId: 'p1' }], added))).toEqual(['place:p2', 'article:a']);
    expect(kinds(run([changed([], [], ['a'])], added))).toEqual(['place:p1']);
  });

  it('a change that does not touch its entries leaves the bookmarks as they are', () => {
    const other = summary('z', 5);
    expect(run([{ type: 'articles/received', articles: [other] }], loaded).bookmarks).toBe(loaded.bookmarks);
    expect(run([changed([a])], loaded).bookmarks).toBe(loaded.bookmarks);
  });
});
