import { describe, expect, it } from 'vitest';
import { changed, run, summary } from './helpers';

describe('renderer/store/ui', () => {
  it('a delete hides the row, Undo brings it back; once committed it stays hidden until the library says it is gone', () => {
    const a = summary('a', 1);
    const scheduled = run([{ type: 'delete/scheduled', article: a }]);
    expect(scheduled.ui.pendingDelete).toEqual(a);
    expect(run([{ type: 'delete/undone' }], scheduled).ui.pendingDelete).toBeNull();
    const committed = run([{ type: 'delete/committed', id: 'a' }], scheduled);
    expect(committed.ui).toMatchObject({ pendingDelete: null, deleting: ['a'] });
    expect(run([changed([], [], ['a'])], committed).ui.deleting).toEqual([]);
    // A delete that failed shows the row again.
    expect(run([{ type: 'delete/settled', id: 'a' }], committed).ui.deleting).toEqual([]);
  });

  it('the selected row, the search words and the help', () => {
    const state = run([{ type: 'ui/selected', id: 'a' }, { type: 'ui/query', query: 'tomato' }, { type: 'ui/help', open: true }]);
    expect(state.ui).toMatchObject({ selectedId: 'a', query: 'tomato', help: true });
    expect(run([{ type: 'ui/help', open: true }], state)).toBe(state);
    expect(run([changed([], [], ['a'])], state).ui.selectedId).toBeNull();
  });
});
