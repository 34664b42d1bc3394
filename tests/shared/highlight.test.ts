import { describe, expect, it } from 'vitest';
import { splitHighlights } from '../../shared/highlight';

describe('shared/highlight', () => {
  it('splits text around matches', () => {
    expect(splitHighlights('the quick fox', [[4, 9]])).toEqual([
      { text: 'the ', match: false },
      { text: 'quick', match: true },
      { text: ' fox', match: false },
    ]);
  });
  it('merges overlapping ranges, sorts them and clamps to the text', () => {
    expect(splitHighlights('abcdef', [[3, 10], [0, 2], [1, 3]])).toEqual([{ text: 'abcdef', match: true }]);
    expect(splitHighlights('abc', [[-5, -1], [5, 9]])).toEqual([{ text: 'abc', match: false }]);
  });
  it('keeps markup-looking text as text', () => {
    expect(splitHighlights('<b>x</b>', [[3, 4]]).map((s) => s.text).join('')).toBe('<b>x</b>');
  });
});
