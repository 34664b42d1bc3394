import { describe, expect, it } from 'vitest';
import { changed, run, summary } from './helpers';

describe('renderer/store/toasts', () => {
  const a = summary('a', 1);

  it('a save of the page’s own that ended well is a toast; one already in the library is not', () => {
    const saved = run([{ type: 'saves/queued', requestId: 'r', label: 'x' }, { type: 'saves/finished', requestId: 'r', result: { article: a, duplicate: false } }]);
    expect(saved.toasts.current).toMatchObject({ kind: 'saved', article: { id: 'a' } });
    const duplicate = run([{ type: 'saves/queued', requestId: 'r', label: 'x' }, { type: 'saves/finished', requestId: 'r', result: { article: a, duplicate: true, matchedBy: 'canonical' } }]);
    expect(duplicate.toasts.current).toBeNull();
  });

  it('one Undo: the latest offer replaces the one before, and outlives a toast shown after it until settled', () => {
    const state = run([
      { type: 'undo/offered', entry: { kind: 'archived', article: a } },
      { type: 'undo/offered', entry: { kind: 'unbookmarked', article: a } },
      { type: 'toast/shown', toast: { kind: 'place-saved', articleId: 'a' } },
    ]);
    expect(state.toasts.undo).toEqual({ kind: 'unbookmarked', article: a });
    expect(state.toasts.current).toMatchObject({ kind: 'place-saved' });
    const settled = run([{ type: 'undo/settled' }], state);
    expect(settled.toasts.undo).toBeNull();
    // The toast on screen was not the Undo's: it stays.
    expect(settled.toasts.current).toMatchObject({ kind: 'place-saved' });
  });

  it('a delete offers its Undo; Undo or the delete being committed takes it away', () => {
    const scheduled = run([{ type: 'delete/scheduled', article: a }]);
    expect(scheduled.toasts.current).toMatchObject({ kind: 'undo', entry: { kind: 'deleted', article: { id: 'a' } } });
    expect(run([{ type: 'delete/undone' }], scheduled).toasts).toMatchObject({ current: null, undo: null });
    expect(run([{ type: 'delete/committed', id: 'a' }], scheduled).toasts).toMatchObject({ current: null, undo: null });
    expect(run([{ type: 'delete/committed', id: 'other' }], scheduled).toasts.undo).not.toBeNull();
  });

  it('dismisses only the toast it names, and ignores what is not its business', () => {
    const state = run([{ type: 'toast/shown', toast: { kind: 'message', text: 'hello' } }]);
    const id = state.toasts.current!.id;
    expect(run([{ type: 'toast/dismissed', id: id + 1 }], state)).toBe(state);
    expect(run([{ type: 'toast/dismissed', id }], state).toasts.current).toBeNull();
    expect(run([changed([a])], state).toasts).toBe(state.toasts);
  });
});

describe('renderer/store/counts', () => {
  it('takes the counts asked for, then those every libraryChanged event brings; the same numbers keep the same object', () => {
    const counts = { all: 3, unread: 2, archived: 1, bookmarks: 0 };
    const loaded = run([{ type: 'counts/loaded', counts }]);
    expect(loaded.counts.value).toEqual(counts);
    expect(run([{ type: 'library/changed', change: { added: [], updated: [], removed: [], counts: { ...counts } } }], loaded).counts).toBe(loaded.counts);
    expect(run([{ type: 'library/changed', change: { added: ['x'], updated: [], removed: [], counts: { ...counts, all: 4, unread: 3 } } }], loaded).counts.value).toEqual({ all: 4, unread: 3, archived: 1, bookmarks: 0 });
    // An event without counts (an older main process) leaves them as they were.
    expect(run([changed([], ['y'])], loaded).counts).toBe(loaded.counts);
  });
});
