import { describe, expect, it } from 'vitest';
import { parseQuery, tokenize } from '../../../electron/search/tokenize';

describe('electron/search/tokenize', () => {
  it('splits CJK runs into bigrams plus the last character, and words elsewhere', () => {
    expect(tokenize('학교에 갔다')).toEqual(['학교', '교에', '에', '갔다', '다']);
    expect(tokenize('東京大学')).toEqual(['東京', '京大', '大学', '学']);
    expect(tokenize('Café, CAFÉ and naïve-ish 42')).toEqual(['cafe', 'cafe', 'and', 'naive', 'ish', '42']);
  });

  it('splits a CJK run that follows Latin letters or digits into bigrams, as it does after a space', () => {
    expect(tokenize('2024年3月に発表した')).toEqual(['2024', '年', '3', '月に', 'に発', '発表', '表し', 'した', 'た']);
    expect(tokenize('iPhone発売')).toEqual(['iphone', '発売', '売']);
    expect(tokenize('AI技术发展')).toEqual(['ai', '技术', '术发', '发展', '展']);
    expect(tokenize('5G네트워크')).toEqual(['5g', '네트', '트워', '워크', '크']);
    // The other way round, and runs with the marks that belong to Japanese (ー, 々).
    expect(tokenize('発売iPhone15')).toEqual(['発売', '売', 'iphone15']);
    expect(tokenize('Windowsアップデート')).toEqual(['windows', 'アッ', 'ップ', 'プデ', 'デー', 'ート', 'ト']);
    expect(tokenize('A人々B')).toEqual(['a', '人々', '々', 'b']);
    // Full-width Latin is normalised first, then split the same way.
    expect(tokenize('ＮＨＫ報道')).toEqual(['nhk', '報道', '道']);
    expect(tokenize('café서울')).toEqual(['cafe', '서울', '울']);
  });

  it('parses a mixed-script query into the same terms as the text, so each part must match', () => {
    expect(parseQuery('iPhone発売').clauses).toEqual([
      { term: 'iphone', prefix: false, fuzzy: true },
      { term: '発売', prefix: false, fuzzy: false },
    ]);
    expect(parseQuery('5G네트워크').clauses.map((c) => c.term)).toEqual(['5g', '네트', '트워', '워크']);
    expect(parseQuery('AI技').clauses).toEqual([
      { term: 'ai', prefix: false, fuzzy: false },
      { term: '技', prefix: true, fuzzy: false },
    ]);
    expect(parseQuery('iPhone発売').needles).toEqual([
      { text: 'iphone', cjk: false, prefix: false },
      { text: '発売', cjk: true, prefix: false },
    ]);
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
