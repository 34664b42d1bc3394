import { describe, expect, it } from 'vitest';
import type { AnchoredHighlight, Article } from '../../../shared/types';
import { changed, run, summary } from './helpers';

const hl = (id: string, start: number, overrides: Partial<AnchoredHighlight> = {}): AnchoredHighlight => ({
  highlightId: id,
  articleId: 'a',
  quote: { exact: 'words', prefix: '', suffix: '' },
  position: { start, end: start + 5 },
  color: 'yellow',
  note: null,
  createdAt: `2026-01-0${start % 9 || 1}T00:00:00.000Z`,
  updatedAt: '2026-01-01T00:00:00.000Z',
  anchor: { status: 'exact', start, end: start + 5 },
  ...overrides,
});
const article = (highlights: AnchoredHighlight[]): Article => ({ ...summary('a', 1), html: '<p>x</p>', places: [], highlights, note: null });

describe('renderer/store/marks', () => {
  it('holds the open article’s highlights and note from getArticle, and forgets them for another article', () => {
    const opened = run([{ type: 'reader/requested', id: 'a' }, { type: 'reader/loaded', article: article([hl('h1', 10)]) }]);
    expect(opened.marks.highlights.map((h) => h.highlightId)).toEqual(['h1']);
    expect(run([{ type: 'reader/requested', id: 'b' }], opened).marks).toEqual({ articleId: 'b', highlights: [], note: null });
  });

  it('an added highlight goes in reading order (those not found last); a change keeps where it is placed; a delete takes it out', () => {
    let state = run([{ type: 'reader/requested', id: 'a' }, { type: 'reader/loaded', article: article([hl('h1', 10), hl('lost', 0, { anchor: { status: 'not-found' } })]) }]);
    state = run([{ type: 'highlight/added', highlight: hl('h0', 2) }], state);
    expect(state.marks.highlights.map((h) => h.highlightId)).toEqual(['h0', 'h1', 'lost']);
    const { anchor: _anchor, ...stored } = hl('h1', 10, { color: 'pink', note: 'a note' });
    state = run([{ type: 'highlight/updated', highlight: stored }], state);
    expect(state.marks.highlights[1]).toMatchObject({ color: 'pink', note: 'a note', anchor: { status: 'exact', start: 10 } });
    state = run([{ type: 'highlight/deleted', highlightId: 'h0' }], state);
    expect(state.marks.highlights.map((h) => h.highlightId)).toEqual(['h1', 'lost']);
    // Another article's highlight is not this article's.
    expect(run([{ type: 'highlight/added', highlight: hl('x', 1, { articleId: 'b' }) }], state).marks).toBe(state.marks);
  });

  it('the article note is saved and removed', () => {
    const note = { text: 'Plain <b>text</b>', createdAt: 'x', updatedAt: 'x' };
    const state = run([{ type: 'reader/requested', id: 'a' }, { type: 'note/saved', id: 'a', note }]);
    expect(state.marks.note).toEqual(note);
    expect(run([{ type: 'note/saved', id: 'a', note: null }], state).marks.note).toBeNull();
  });

  it('the Highlights view pages newest first, asks again after a change, and drops a deleted highlight or article', () => {
    const entry = (id: string, articleId = 'a') => ({ highlight: hl(id, 1, { articleId }), article: { id: articleId, title: 'T', siteName: null, url: null } });
    let state = run([{ type: 'highlights/requested', offset: 0 }, { type: 'highlights/loaded', offset: 0, page: { items: [entry('h2'), entry('h1', 'b')], total: 3 } }]);
    state = run([{ type: 'highlights/requested', offset: 2 }, { type: 'highlights/loaded', offset: 2, page: { items: [entry('h0')], total: 3 } }], state);
    expect(state.highlights.items.map((e) => e.highlight.highlightId)).toEqual(['h2', 'h1', 'h0']);
    expect(run([{ type: 'highlight/added', highlight: hl('h3', 1) }], state).highlights.stale).toBe(true);
    expect(run([{ type: 'highlight/deleted', highlightId: 'h1' }], state).highlights).toMatchObject({ total: 2, items: [{ highlight: { highlightId: 'h2' } }, { highlight: { highlightId: 'h0' } }] });
    expect(run([changed([], [], ['b'])], state).highlights.items.map((e) => e.highlight.highlightId)).toEqual(['h2', 'h0']);
  });
});
