import { describe, expect, it } from 'vitest';
import { InvertedIndex } from '../../../electron/search/inverted-index';
import { parseQuery } from '../../../electron/search/tokenize';
import { ArticleGenerator } from '../../bench/corpus';

const letters = (text: string) => text.match(/\p{L}/gu) ?? [];
const hangulShare = (text: string) => letters(text).filter((c) => /\p{sc=Hangul}/u.test(c)).length / Math.max(1, letters(text).length);

// The bench measures search on this corpus, so its Korean fifth has to be Korean to measure Korean search.
describe('tests/bench/corpus (the corpus search is measured on)', () => {
  const generator = new ArticleGenerator(42);
  const articles = Array.from({ length: 150 }, () => generator.next());
  const korean = articles.filter((a) => a.record.lang === 'ko');

  it('writes its Korean articles in Korean, differently from one article to the next, the same for the same seed', () => {
    expect(korean.length).toBeGreaterThan(15);
    for (const article of korean) {
      expect(hangulShare(article.files.bodyText)).toBeGreaterThan(0.9);
      expect(hangulShare(article.record.title)).toBeGreaterThan(0.9);
    }
    expect(new Set(korean.map((a) => a.files.bodyText.slice(0, 200))).size).toBe(korean.length);
    const again = new ArticleGenerator(42);
    expect(again.next().files.bodyText).toBe(articles[0]!.files.bodyText);
  });

  it('gives Korean queries that search finds in Korean articles', () => {
    const index = new InvertedIndex();
    for (const a of articles) index.put({ id: a.record.id, title: a.record.title, meta: '', body: a.files.bodyText });
    const koreanIds = new Set(korean.map((a) => a.record.id));
    const queries = korean.flatMap((a) => generator.queriesFrom(a));
    expect(queries.length).toBeGreaterThan(10);
    for (const query of queries) {
      expect(query).toMatch(/^\p{sc=Hangul}{2}$/u);
      const found = index.search(parseQuery(query).clauses);
      expect(found.some((id) => koreanIds.has(id))).toBe(true);
    }
  });
});
