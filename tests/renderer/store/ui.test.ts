import { describe, expect, it } from 'vitest';
import { nextZoom } from '../../../renderer/store/ui';
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

  it('what is open: "+ Add" with its address, the paste dialog with its text (closing Add), the menu; where an article was opened from', () => {
    const state = run([{ type: 'ui/menu', open: true }, { type: 'ui/add', open: true, draft: 'https://a.example/' }]);
    expect(state.ui).toMatchObject({ add: { open: true, draft: 'https://a.example/' }, menu: false });
    const pasting = run([{ type: 'ui/paste', draft: { text: 'x', title: '' } }], state);
    expect(pasting.ui).toMatchObject({ paste: { text: 'x' }, add: { open: false, draft: 'https://a.example/' } });
    expect(run([{ type: 'ui/paste', draft: null }], pasting).ui.paste).toBeNull();
    const origin = run([{ type: 'ui/origin', origin: { hash: '#/unread', listKey: 'unread/newest', scrollY: 420, id: 'b' } }]);
    expect(origin.ui).toMatchObject({ origin: { scrollY: 420, id: 'b' }, selectedId: 'b' });
  });

  it('zooms the interface in steps, and not past either end', () => {
    expect(nextZoom(1, 1)).toBe(1.1);
    expect(nextZoom(1, -1)).toBe(0.9);
    expect(nextZoom(1.5, 1)).toBe(1.5);
    expect(nextZoom(0.8, -1)).toBe(0.8);
    expect(run([{ type: 'ui/zoom', zoom: 1.25 }]).ui.zoom).toBe(1.25);
  });

  it('the tag editor opens for one article; Add feed opens with an address and closes empty, closing the menu', () => {
    const tagging = run([{ type: 'ui/tags', id: 'a' }]);
    expect(tagging.ui.tagEditor).toBe('a');
    expect(run([{ type: 'ui/tags', id: null }], tagging).ui.tagEditor).toBeNull();
    const adding = run([{ type: 'ui/menu', open: true }, { type: 'ui/add-feed', open: true, draft: 'https://example.com' }]);
    expect(adding.ui).toMatchObject({ menu: false, addFeed: { open: true, draft: 'https://example.com' } });
    expect(run([{ type: 'ui/add-feed', open: false }], adding).ui.addFeed).toEqual({ open: false, draft: '' });
  });
});
