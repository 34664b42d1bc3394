import { describe, expect, it } from 'vitest';
import { EVENT_ACTIONS } from '../../../renderer/store/events';
import { initialTags, tagsReducer } from '../../../renderer/store/tags';
import { run } from './helpers';

describe('renderer/store/tags', () => {
  const tags = [
    { name: 'Read later', count: 3, createdAt: '2026-01-01T00:00:00.000Z' },
    { name: '日本', count: 1, createdAt: '2026-01-02T00:00:00.000Z' },
  ];

  it('holds the tags the library last told, and nothing else changes them', () => {
    const loaded = tagsReducer(initialTags, { type: 'tags/loaded', tags });
    expect(loaded).toEqual({ items: tags, loaded: true });
    expect(tagsReducer(loaded, { type: 'notices/loaded', notices: [] })).toBe(loaded);
  });

  it('the library\'s tagsChanged event becomes the same action', () => {
    const state = run([EVENT_ACTIONS.tagsChanged({ tags })]);
    expect(state.tags.items.map((t) => t.name)).toEqual(['Read later', '日本']);
  });

  it('feedsChanged marks the subscriptions stale until they are loaded again', () => {
    const list = { feeds: [], folders: [], defaults: {} } as never;
    const loaded = run([{ type: 'feeds/loaded', list }]);
    expect(loaded.feeds).toEqual({ list, stale: false, loading: false });
    const changed = run([EVENT_ACTIONS.feedsChanged({ ids: ['f-1'] })], loaded);
    expect(changed.feeds.stale).toBe(true);
    expect(changed.feeds.list).toBe(list);
  });
});
