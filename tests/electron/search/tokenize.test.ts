import { describe, expect, it } from 'vitest';
import { parseQuery, tokenize } from '../../../electron/search/tokenize';

describe('electron/search/tokenize', () => {
  it('splits CJK runs into bigrams plus the last character, and words elsewhere', () => {
    expect(tokenize('학교에 갔다')).toEqual(['학교', '교에', '에', '갔다', '다']);
    expect(tokenize('東京大学')).toEqual(['東京', '京大', '大学', '学']);
    expect(tokenize('Café, CAFÉ and naïve-ish 42')).toEqual(['cafe', 'cafe', 'and', 'naive', 'ish', '42']);
  });

  it('parses a query: every word required, the last also as a prefix, a lone CJK character as a prefix', () => {
    expect(parseQuery('korea ukr').clauses).toEqual([
      { term: 'korea', prefix: false, fuzzy: true },
      { term: 'ukr', prefix: true, fuzzy: false },
    ]);
    expect(parseQuery('학교').clauses).toEqual([{ term: '학교', prefix: false, fuzzy: false }]);
    expect(parseQuery('학').clauses).toEqual([{ term: '학', prefix: true, fuzzy: false }]);
  });
});
