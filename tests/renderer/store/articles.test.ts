import { describe, expect, it } from 'vitest';
import { articlesReducer, belongsIn, initialArticles } from '../../../renderer/store/articles';
import { changed, summary } from './helpers';

describe('renderer/store/articles', () => {
  it('keeps one summary per article: the latest answer or event, the same object when nothing changed', () => {
    const a = summary('a', 1);
    const once = articlesReducer(initialArticles, { type: 'articles/received', articles: [a] });
    expect(articlesReducer(once, { type: 'articles/received', articles: [{ ...a }] })).toBe(once);
    const read = articlesReducer(once, changed([{ ...a, readAt: '2026-01-02T00:00:00.000Z', progress: 100 }]));
    expect(read.byId.a!.readAt).toBe('2026-01-02T00:00:00.000Z');
    expect(articlesReducer(read, changed([], [], ['a'])).byId).toEqual({});
    expect(articlesReducer(read, { type: 'ui/help', open: true })).toBe(read);
  });

  it('stores the summary part of an opened article, never its body', () => {
    const next = articlesReducer(initialArticles, { type: 'reader/loaded', article: { ...summary('a', 1), html: '<p>Body</p>', places: [], highlights: [], note: null } });
    expect(next.byId.a).toEqual(summary('a', 1));
  });

  it('says which views an article belongs in, as the library does', () => {
    const a = summary('a', 1);
    expect(['all', 'unread', 'bookmarked', 'archived', 'continue'].filter((v) => belongsIn(v as 'all', a))).toEqual(['all', 'unread']);
    const started = { ...a, progress: 20, bookmarked: true };
    expect(['all', 'unread', 'bookmarked', 'archived', 'continue'].filter((v) => belongsIn(v as 'all', started))).toEqual(['all', 'unread', 'bookmarked', 'continue']);
    const archived = { ...started, archivedAt: '2026-01-02T00:00:00.000Z' };
    expect(['all', 'unread', 'bookmarked', 'archived', 'continue'].filter((v) => belongsIn(v as 'all', archived))).toEqual(['bookmarked', 'archived']);
  });
});
