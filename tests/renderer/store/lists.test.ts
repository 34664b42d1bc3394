import { describe, expect, it } from 'vitest';
import { listKey } from '../../../renderer/store/lists';
import { changed, loadList, run, summary } from './helpers';

// Three articles, newest first: c (3 Jan), b (2 Jan), a (1 Jan).
const a = summary('a', 1);
const b = summary('b', 2);
const c = summary('c', 3);
const ALL = listKey('all', 'newest');
const UNREAD = listKey('unread', 'newest');
const CONTINUE = listKey('continue', 'newest');

describe('renderer/store/lists', () => {
  it('loads a list a page at a time, without duplicate rows', () => {
    const state = run([...loadList('all', 'newest', [c, b], 3), { type: 'list/requested', key: ALL, view: 'all', sort: 'newest', offset: 2 }, { type: 'list/loaded', key: ALL, offset: 2, page: { items: [b, a], total: 3 } }]);
    expect(state.lists[ALL]).toMatchObject({ ids: ['c', 'b', 'a'], total: 3, loaded: true, loading: false });
    expect(state.articles.byId.a).toEqual(a);
  });

  it('a bookmark toggle changes the row’s article only: every list stays the very same object', () => {
    const before = run([...loadList('all', 'newest', [c, b, a]), ...loadList('unread', 'newest', [c, b, a]), ...loadList('continue', 'newest', [])]);
    const bookmarked = { ...b, bookmarked: true, bookmarkedAt: '2026-01-05T00:00:00.000Z' };
    const after = run([{ type: 'articles/received', articles: [bookmarked] }], before);
    expect(after.articles.byId.b).toEqual(bookmarked);
    expect(after.lists).toBe(before.lists);
    // The library's event saying the same thing afterwards changes nothing at all.
    expect(run([changed([bookmarked])], after)).toBe(after);
  });

  it('a progress write moves the article to the front of Continue reading and leaves the other lists alone', () => {
    const x = summary('x', 4, { progress: 30, lastReadAt: '2026-01-04T12:00:00.000Z' });
    const before = run([...loadList('all', 'newest', [x, c, b, a]), ...loadList('unread', 'newest', [x, c, b, a]), ...loadList('continue', 'newest', [x])]);
    const reading = { ...b, progress: 10, lastReadAt: '2026-01-06T09:00:00.000Z', position: { block: 3, offset: 0 } };
    const after = run([changed([reading])], before);
    expect(after.lists[CONTINUE]).toMatchObject({ ids: ['b', 'x'], total: 2 });
    expect(after.lists[ALL]).toBe(before.lists[ALL]);
    expect(after.lists[UNREAD]).toBe(before.lists[UNREAD]);
    // Read on: the same position in Continue, so the list is the same object.
    const further = run([changed([{ ...reading, progress: 20 }])], after);
    expect(further.lists[CONTINUE]!.ids).toEqual(['b', 'x']);
    // Finished: out of Continue and Unread, still in All.
    const finished = run([changed([{ ...reading, progress: 100, readAt: '2026-01-06T10:00:00.000Z' }])], further);
    expect(finished.lists[CONTINUE]).toMatchObject({ ids: ['x'], total: 1 });
    expect(finished.lists[UNREAD]).toMatchObject({ ids: ['x', 'c', 'a'], total: 3 });
    expect(finished.lists[ALL]).toBe(before.lists[ALL]);
  });

  it('archiving takes a row out of All and Unread; unarchiving puts it back in its place by saved time', () => {
    const archivedList = listKey('archived', 'newest');
    const before = run([...loadList('all', 'newest', [c, b, a]), ...loadList('unread', 'newest', [c, b, a]), ...loadList('archived', 'newest', [])]);
    const archived = { ...b, archivedAt: '2026-01-07T00:00:00.000Z' };
    const out = run([{ type: 'articles/received', articles: [archived] }], before);
    expect(out.lists[ALL]).toMatchObject({ ids: ['c', 'a'], total: 2 });
    expect(out.lists[UNREAD]).toMatchObject({ ids: ['c', 'a'], total: 2 });
    expect(out.lists[archivedList]).toMatchObject({ ids: ['b'], total: 1 });
    const back = run([{ type: 'articles/received', articles: [b] }], out);
    expect(back.lists[ALL]).toMatchObject({ ids: ['c', 'b', 'a'], total: 3 });
    expect(back.lists[archivedList]).toMatchObject({ ids: [], total: 0 });
    // Oldest first, the same article goes in its own place.
    const oldest = run([...loadList('all', 'oldest', [a, c]), { type: 'articles/received', articles: [archived] }, { type: 'articles/received', articles: [b] }]);
    expect(oldest.lists[listKey('all', 'oldest')]!.ids).toEqual(['a', 'b', 'c']);
  });

  it('an article that joins a list past its loaded rows is left for its page, and only counted', () => {
    const before = run([...loadList('all', 'newest', [c, b], 10)]);
    const older = summary('old', 1, { archivedAt: '2026-01-02T00:00:00.000Z' });
    const known = run([{ type: 'articles/received', articles: [older] }], before);
    const unarchived = run([changed([{ ...older, archivedAt: null }])], known);
    expect(unarchived.lists[ALL]).toMatchObject({ ids: ['c', 'b'], total: 11 });
  });

  it('a removed article leaves every list; an added one marks All and Unread to be asked for again, and nothing else', () => {
    const reading = summary('r', 2, { progress: 40, lastReadAt: '2026-01-05T00:00:00.000Z' });
    const before = run([...loadList('all', 'newest', [c, reading, a]), ...loadList('unread', 'newest', [c, reading, a]), ...loadList('continue', 'newest', [reading]), ...loadList('archived', 'newest', [])]);
    const removed = run([changed([], [], ['r'])], before);
    expect(removed.lists[ALL]).toMatchObject({ ids: ['c', 'a'], total: 2 });
    expect(removed.lists[CONTINUE]).toMatchObject({ ids: [], total: 0 });
    expect(removed.articles.byId.r).toBeUndefined();
    const added = run([changed([], ['n'])], removed);
    expect(added.lists[ALL]!.stale).toBe(true);
    expect(added.lists[UNREAD]!.stale).toBe(true);
    expect(added.lists[CONTINUE]).toBe(removed.lists[CONTINUE]);
    expect(added.lists[listKey('archived', 'newest')]).toBe(removed.lists[listKey('archived', 'newest')]);
    // Asked for again: the first page first, then the rows loaded before that it does not hold.
    const n = summary('n', 9);
    const refreshed = run([{ type: 'list/requested', key: ALL, view: 'all', sort: 'newest', offset: 0 }, { type: 'list/loaded', key: ALL, offset: 0, keepRest: true, page: { items: [n, c], total: 3 } }], added);
    expect(refreshed.lists[ALL]).toMatchObject({ ids: ['n', 'c', 'a'], total: 3, stale: false });
  });

  it('an article added while its first page is on the way keeps the list stale, to be asked for once more', () => {
    const state = run([...loadList('all', 'newest', [b, a]), { type: 'list/requested', key: ALL, view: 'all', sort: 'newest', offset: 0 }, changed([], ['c']), { type: 'list/loaded', key: ALL, offset: 0, keepRest: true, page: { items: [b, a], total: 2 } }]);
    expect(state.lists[ALL]).toMatchObject({ stale: true, loading: false });
  });
});
