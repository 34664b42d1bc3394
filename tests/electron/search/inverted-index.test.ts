import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { InvertedIndex } from '../../../electron/search/inverted-index';
import { parseQuery, tokenize } from '../../../electron/search/tokenize';

describe('electron/search/inverted-index', () => {
  const dir = mkdtempSync(join(tmpdir(), 'offprint-inverted-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  let files = 0;
  /** The index written to a file and opened from it, as the search worker opens it. */
  const throughFile = (idx: InvertedIndex) => {
    const file = join(dir, `index-${files++}.bin`);
    writeFileSync(file, idx.serialize());
    return InvertedIndex.open(file);
  };
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
        const opened = throughFile(idx);
        expect(opened.search(plain).sort()).toEqual(expected);
        // Changed after opening, then written again: the postings still in the file are carried over.
        opened.put({ id: 'late', title: '', meta: '', body: query.join(' ') });
        const rewritten = throughFile(opened);
        expect(rewritten.search(plain).sort()).toEqual([...expected, 'late'].sort());
        rewritten.close();
      }),
      { numRuns: 150 },
    );
  });

  it('opened from its file, keeps the posting lists there rather than in memory', () => {
    // Two thousand words in 3,000 documents of 300: almost a megabyte of posting lists.
    const big = new InvertedIndex();
    for (let d = 0; d < 3000; d++) {
      const words = Array.from({ length: 300 }, (_, w) => `w${(d * 7919 + w * 104729) % 2000}x`);
      big.put({ id: `doc-${d}`, title: '', meta: '', body: words.join(' ') });
    }
    const file = join(dir, 'big.bin');
    const bytes = big.serialize();
    writeFileSync(file, bytes);
    const postings = bytes.length - 2000 * 14 - 3000 * 16;
    expect(postings).toBeGreaterThan(800_000);
    // A full collection before each reading, so only what the index holds is counted.
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    gc();
    const before = process.memoryUsage().arrayBuffers;
    const opened = InvertedIndex.open(file);
    gc();
    const held = process.memoryUsage().arrayBuffers - before;
    // Held in memory, the postings alone would be all of them; opened, a few typed arrays and a read buffer.
    expect(held).toBeLessThan(postings / 2);
    expect(opened.search(parseQuery('w5x ').clauses).length).toBeGreaterThan(0);
    expect(opened.search(parseQuery('w5x ').clauses).sort()).toEqual(big.search(parseQuery('w5x ').clauses).sort());
    opened.close();
    expect(() => opened.search(parseQuery('w5x ').clauses)).toThrow(/closed/);
  });

  it('refuses a file cut short or longer than its header says', () => {
    const bytes = index.serialize();
    const cut = join(dir, 'cut.bin');
    writeFileSync(cut, bytes.subarray(0, bytes.length - 3));
    expect(() => InvertedIndex.open(cut)).toThrow(/truncated|match/);
    const long = join(dir, 'long.bin');
    writeFileSync(long, Buffer.concat([bytes, Buffer.from('xx')]));
    expect(() => InvertedIndex.open(long)).toThrow(/longer/);
  });
});
