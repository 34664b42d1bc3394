import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvertedIndex } from '../../../electron/search/inverted-index';
import { parseQuery, tokenize } from '../../../electron/search/tokenize';

describe('electron/search/inverted-index', () => {
  const docs = [
    { id: 'a', title: '한국 학교 소식', meta: '아시아경제', body: '오늘 학교에 갔다. 학생들이 많았다.' },
    { id: 'b', title: 'Ukraine and Korea', meta: 'Example News Jane Doe', body: 'Talks between Korea and Ukraine resumed on Monday.' },
    { id: 'c', title: '東京の天気', meta: '', body: '東京大学で研究が進む。今日は晴れ。' },
    { id: 'd', title: '中文新闻', meta: '', body: '人工智能迈上新台阶，电脑已可利用记忆自学。' },
    { id: 'e', title: 'Unrelated', meta: '', body: 'Nothing about Korea here except this word, repeated: Korea Korea Korea.' },
  ];
  const index = new InvertedIndex();
  for (const d of docs) index.put(d);
  const find = (q: string) => index.search(parseQuery(q).clauses);

  it('finds Korean, Japanese and Chinese words inside longer runs', () => {
    expect(find('학교')).toEqual(['a']);
    expect(find('학교에')).toEqual(['a']);
    expect(find('학생')).toEqual(['a']);
    expect(find('大学')).toEqual(['c']);
    expect(find('東京')).toEqual(['c']);
    expect(find('记忆')).toEqual(['d']);
    expect(find('학')).toEqual(['a']);
    expect(find('교')).toEqual(['a']);
    expect(find('학교에서')).toEqual([]);
  });

  it('requires every word, matches the last as a prefix, tolerates a typo, and ranks better matches first', () => {
    expect(find('korea ukraine')).toEqual(['b']);
    expect(find('korea ukr')).toEqual(['b']);
    expect(find('ukrane')).toEqual(['b']);
    expect(find('jane')).toEqual(['b']);
    expect(find('korea')).toEqual(['b', 'e']);
    expect(find('zebra')).toEqual([]);
  });

  it('forgets removed and replaced documents, and survives a round trip through bytes', () => {
    const copy = InvertedIndex.deserialize(index.serialize());
    copy.remove('e');
    copy.put({ id: 'b', title: 'Replaced', meta: '', body: 'Only about penguins now.' });
    const search = (q: string) => copy.search(parseQuery(q).clauses);
    expect(search('korea')).toEqual([]);
    expect(search('penguins')).toEqual(['b']);
    const again = InvertedIndex.deserialize(copy.serialize());
    expect(again.size).toBe(4);
    expect(again.search(parseQuery('penguins').clauses)).toEqual(['b']);
    expect(again.search(parseQuery('학교').clauses)).toEqual(['a']);
  });

  it('matches exactly the documents that contain every query term (any documents, any deletions)', () => {
    const word = fc.constantFrom('alpha', 'beta', 'gamma', 'delta', '학교', '학교에', '東京', 'omega');
    fc.assert(
      fc.property(fc.array(fc.array(word, { maxLength: 6 }), { minLength: 1, maxLength: 12 }), fc.array(fc.nat(11)), fc.array(word, { minLength: 1, maxLength: 2 }), (bodies, removed, query) => {
        const idx = new InvertedIndex();
        bodies.forEach((words, i) => idx.put({ id: `d${i}`, title: '', meta: '', body: words.join(' ') }));
        const dead = new Set(removed.filter((r) => r < bodies.length).map((r) => `d${r}`));
        for (const id of dead) idx.remove(id);
        const clauses = parseQuery(`${query.join(' ')} `).clauses;
        const expected = bodies
          .map((words, i) => ({ id: `d${i}`, terms: new Set(tokenize(words.join(' '))) }))
          .filter((d) => !dead.has(d.id) && clauses.every((c) => d.terms.has(c.term)))
          .map((d) => d.id)
          .sort();
        const plain = clauses.map((c) => ({ ...c, fuzzy: false }));
        expect(idx.search(plain).sort()).toEqual(expected);
        expect(InvertedIndex.deserialize(idx.serialize()).search(plain).sort()).toEqual(expected);
      }),
      { numRuns: 150 },
    );
  });
});
