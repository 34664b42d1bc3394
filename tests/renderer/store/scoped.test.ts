import { describe, expect, it } from 'vitest';
import type { Action } from '../../../renderer/store/actions';
import { scopeKey } from '../../../renderer/store/scoped';
import { changed, run, summary } from './helpers';

const tagKey = scopeKey({ kind: 'tag', tag: 'Read Later' });
const feedKey = scopeKey({ kind: 'feed', feedId: 'f-1' });
const load = (key: string, items: ReturnType<typeof summary>[], total = items.length): Action[] => [
  { type: 'scoped/requested', key, offset: 0 },
  { type: 'scoped/loaded', key, offset: 0, page: { items, total } },
];

describe('renderer/store/scoped', () => {
  it('a tag list is keyed by the tag as the library compares it, holds its pages, and puts its rows in the store', () => {
    expect(scopeKey({ kind: 'tag', tag: 'read later' })).toBe(tagKey);
    const a = summary('a', 1, { tags: ['Read later'] });
    const b = summary('b', 2, { tags: ['Read later'] });
    const state = run([...load(tagKey, [a], 2), { type: 'scoped/requested', key: tagKey, offset: 1 }, { type: 'scoped/loaded', key: tagKey, offset: 1, page: { items: [b], total: 2 } }]);
    expect(state.scoped[tagKey]).toMatchObject({ ids: ['a', 'b'], total: 2, loaded: true, loading: false, stale: false });
    expect(state.articles.byId.b).toEqual(b);
  });

  it('an article whose tag is taken off leaves the tag list at once; one that gets it makes the list ask again', () => {
    const a = summary('a', 1, { tags: ['Read later'] });
    const loaded = run(load(tagKey, [a]));
    const untagged = run([{ type: 'articles/received', articles: [{ ...a, tags: [] }] }], loaded);
    expect(untagged.scoped[tagKey]).toMatchObject({ ids: [], total: 0, stale: false });
    const tagged = run([changed([summary('c', 3, { tags: ['read later'] })])], loaded);
    expect(tagged.scoped[tagKey]).toMatchObject({ ids: ['a'], stale: true });
    // A change that is not about this tag leaves the very same list.
    const other = run([changed([summary('d', 4, { tags: ['Other'] })])], loaded);
    expect(other.scoped).toBe(loaded.scoped);
  });

  it('a feed list asks again when feeds changed or an article was added; a removed article leaves every list', () => {
    const a = summary('a', 1, { tags: ['Read later'] });
    const loaded = run([...load(tagKey, [a]), ...load(feedKey, [a])]);
    const refreshed = run([{ type: 'feeds/changed', ids: ['f-1'] }], loaded);
    expect(refreshed.scoped[feedKey]!.stale).toBe(true);
    expect(refreshed.scoped[tagKey]!.stale).toBe(false);
    expect(run([changed([], ['new-1'])], loaded).scoped[feedKey]!.stale).toBe(true);
    const removed = run([changed([], [], ['a'])], loaded);
    expect([removed.scoped[tagKey]!.ids, removed.scoped[feedKey]!.ids]).toEqual([[], []]);
  });

  it('a failed page says why and stops loading', () => {
    const state = run([{ type: 'scoped/requested', key: feedKey, offset: 0 }, { type: 'scoped/failed', key: feedKey, message: 'That feed no longer exists.' }]);
    expect(state.scoped[feedKey]).toMatchObject({ loading: false, loaded: true, error: 'That feed no longer exists.' });
  });
});
