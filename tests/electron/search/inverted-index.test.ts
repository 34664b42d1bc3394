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

  it('finds CJK words written straight after Latin letters or digits, and the Latin words before them', () => {
    const mixed = new InvertedIndex();
    mixed.put({ id: 'ja', title: 'iPhone発売', meta: '', body: '2024年3月に発表した新型iPhone15は好評だ。' });
    mixed.put({ id: 'zh', title: 'AI技术发展', meta: '', body: 'The Next Web作品的中文相关权益归腾讯所有。' });
    mixed.put({ id: 'ko', title: '5G네트워크', meta: '', body: 'LTE보다 빠른 5G네트워크 구축이 시작됐다.' });
    const search = (q: string) => mixed.search(parseQuery(q).clauses);
    expect(search('発売')).toEqual(['ja']);
    expect(search('発表')).toEqual(['ja']);
    expect(search('iphone')).toEqual(['ja']);
    expect(search('技术')).toEqual(['zh']);
    expect(search('作品')).toEqual(['zh']);
    expect(search('web')).toEqual(['zh']);
    expect(search('네트워크')).toEqual(['ko']);
    expect(search('구축')).toEqual(['ko']);
    expect(search('5g')).toEqual(['ko']);
    expect(search('lte')).toEqual(['ko']);
    // The query may be written the same way.
    expect(search('iPhone発売')).toEqual(['ja']);
    expect(search('5G네트워크')).toEqual(['ko']);
  });

  it('finds every word of a text whatever script is written against it', () => {
    const latin = ['iPhone', '5G', 'AI', '2024', 'café', 'LTE'];
    const cjk = ['학교', '東京', '発売', '技术', '네트워크', 'アップデート'];
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom(...latin, ...cjk), fc.constantFrom('', ' ', '、')), { minLength: 1, maxLength: 8 }), (parts) => {
        const body = parts.map(([word, gap]) => word + gap).join('');
        const idx = new InvertedIndex();
        idx.put({ id: 'd', title: '', meta: '', body });
        const isLatin = (i: number) => i >= 0 && i < parts.length && latin.includes(parts[i]![0]);
        parts.forEach(([word, gap], i) => {
          // Latin words written against each other are one word (iPhoneAI), as they should be.
          const alone = !isLatin(i) || ((i === 0 || parts[i - 1]![1] !== '' || !isLatin(i - 1)) && (gap !== '' || !isLatin(i + 1)));
          if (alone) expect(idx.search(parseQuery(`${word} `).clauses)).toEqual(['d']);
        });
      }),
      { numRuns: 150 },
    );
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
