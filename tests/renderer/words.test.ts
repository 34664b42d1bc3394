import { describe, expect, it } from 'vitest';
import { groupBookmarks } from '../../renderer/components/BookmarksView';
import { displayTitle } from '../../renderer/display-title';
import { relativeDate, rowMeta, siteInitial, siteLabel } from '../../renderer/format';
import { describeRetry } from '../../renderer/images-report';
import { plainMessage } from '../../renderer/plain-errors';
import { snippetFrom } from '../../renderer/reading-position';
import { parseRoute, routeHref } from '../../renderer/route';
import { pastedTextProblem, readAddress } from '../../renderer/save-input';
import { summary } from './store/helpers';

describe('renderer/display-title', () => {
  it('cuts a tail that names the site, the byline or the host, and nothing else', () => {
    expect(displayTitle(summary('a', 1, { title: 'Mozilla - Wikipedia', canonicalUrl: 'https://en.wikipedia.org/wiki/Mozilla' }))).toBe('Mozilla');
    expect(displayTitle(summary('a', 1, { title: "'What is the sea telling us?': Māori tribes fearful | Eleanor Ainge Roy", byline: 'Eleanor Ainge Roy', siteName: 'the Guardian' }))).toBe("'What is the sea telling us?': Māori tribes fearful");
    expect(displayTitle(summary('a', 1, { title: 'A story | Jane Doe - The Example Times', byline: 'Jane Doe', siteName: 'The Example Times' }))).toBe('A story');
    expect(displayTitle(summary('a', 1, { title: 'Rock - Paper - Scissors', siteName: 'Games Weekly' }))).toBe('Rock - Paper - Scissors');
    expect(displayTitle(summary('a', 1, { title: 'X - Wikipedia' }))).toBe('X - Wikipedia');
  });
});

describe('renderer/format', () => {
  const now = new Date(2026, 5, 10, 12).getTime();
  it('says dates relative to today within a week, then as a date', () => {
    expect(relativeDate(new Date(2026, 5, 10, 8).toISOString(), now)).toBe('today');
    expect(relativeDate(new Date(2026, 5, 9, 23).toISOString(), now)).toBe('yesterday');
    expect(relativeDate(new Date(2026, 5, 6).toISOString(), now)).toBe('4 days ago');
    expect(relativeDate(new Date(2026, 0, 3).toISOString(), now)).toBe('3 Jan');
    expect(relativeDate(new Date(2024, 2, 12).toISOString(), now)).toBe('12 Mar 2024');
    expect(relativeDate('not a date', now)).toBeNull();
  });

  it('says "site · 4 min · 31 %", and names a site by its host when it has no name', () => {
    expect(rowMeta(summary('a', 1, { siteName: 'The Example', readingMinutes: 4, progress: 31 }))).toEqual(['The Example', '4 min', '31 %']);
    expect(rowMeta(summary('a', 1, { url: 'https://www.bbc.co.uk/news/1', readAt: '2026-01-02T00:00:00Z', progress: 100 }))).toEqual(['bbc.co.uk', '1 min', 'Read']);
    expect([siteLabel('en.wikipedia.org'), siteLabel('www.bbc.co.uk'), siteLabel('127.0.0.1')]).toEqual(['wikipedia', 'bbc', null]);
    expect(siteInitial(summary('a', 1, { canonicalUrl: 'https://en.wikipedia.org/wiki/X' }))).toBe('W');
    expect(siteInitial(summary('a', 1, { siteName: 'the Guardian' }))).toBe('G');
    expect(siteInitial(summary('a', 1, { title: '푸틴 기자회견' }))).toBe('푸');
  });
});

describe('renderer/save-input', () => {
  it('adds https:// to a host name, refuses other schemes and non-addresses in words', () => {
    expect(readAddress('www.bbc.com/news/world-1')).toEqual({ url: 'https://www.bbc.com/news/world-1' });
    expect(readAddress(' example.org ')).toEqual({ url: 'https://example.org/' });
    expect(readAddress('localhost:8080/x')).toEqual({ url: 'https://localhost:8080/x' });
    expect(readAddress('http://a.example/p?q=1')).toEqual({ url: 'http://a.example/p?q=1' });
    expect(readAddress('javascript:alert(1)')).toEqual({ error: 'Offprint only saves web pages (http or https addresses), not javascript: addresses.' });
    expect(readAddress('just some words')).toMatchObject({ error: expect.stringMatching(/is not a web address/) });
    expect(readAddress('')).toEqual({ error: 'Type or paste a web address to save.' });
  });

  it('checks pasted text against what a save and serve accept', () => {
    expect(pastedTextProblem('short')).toBeNull();
    expect(pastedTextProblem('한'.repeat(7 * 1024 * 1024))).toMatch(/^That text is too long to save: 21\.0 MB/);
  });
});

describe('renderer/plain-errors', () => {
  it('puts schema and request-size messages in plain words and passes the library’s own through', () => {
    expect(plainMessage('Invalid arguments for saveArticle: source.text: Too big: expected string to have <=15728640 characters')).toBe('That is too long to save as one article.');
    expect(plainMessage('Invalid arguments for saveArticle: source.text: The text is empty')).toBe('The text is empty.');
    expect(plainMessage('Invalid arguments for getArticle: id: Invalid string: must match pattern /x/')).toMatch(/^Offprint could not do that/);
    expect(plainMessage('The request body is larger than 20 MB.')).toBe('That is too large to send to Offprint in one go.');
    expect(plainMessage('example.com answered 404 Not Found: the page was not found.')).toBe('example.com answered 404 Not Found: the page was not found.');
  });
});

describe('renderer/images-report', () => {
  it('says when everything came, and which hosts failed when not', () => {
    expect(describeRetry({ total: 3, saved: 1, failed: [] }, { total: 3, saved: 3, failed: [] })).toBe('All 3 images are saved offline now.');
    const failed = [{ url: 'https://a.example/1.png', reason: 'Could not reach a.example (ECONNREFUSED)' }];
    expect(describeRetry({ total: 2, saved: 1, failed }, { total: 2, saved: 1, failed })).toBe('Tried again: none of the 1 missing images could be fetched. 1 image from a.example: Could not reach a.example (ECONNREFUSED).');
  });
});

describe('renderer/reading-position snippets', () => {
  it('start at the sentence the place is in, or at a word, and end at a word', () => {
    const text = 'First sentence here. The second one is where the reader stopped reading for the day.';
    expect(snippetFrom(text, text.indexOf('reader'))).toBe('The second one is where the reader stopped reading for the day.');
    const long = `${'word '.repeat(80)}target here`;
    expect(snippetFrom(long, long.indexOf('target') + 2, 20)).toBe('target here');
    expect(snippetFrom('Short.', 0)).toBe('Short.');
    expect(snippetFrom(`Opening words ${'and more '.repeat(40)}`, 3, 40)).toBe('Opening words and more and more and more…');
  });
});

describe('renderer/route', () => {
  it('opens an article at a place or at a search word', () => {
    expect(parseRoute(routeHref({ name: 'article', id: 'abc-1', find: '우크라이나' }))).toEqual({ name: 'article', id: 'abc-1', at: null, find: '우크라이나' });
    expect(parseRoute('#/article/abc-1/at/3/4')).toEqual({ name: 'article', id: 'abc-1', at: { block: 3, offset: 4 }, find: null });
    expect(parseRoute('#/article/abc-1/find/%E0%A4')).toEqual({ name: 'article', id: 'abc-1', at: null, find: null });
  });
});

describe('renderer/components/BookmarksView groups', () => {
  it('puts places under their article, in reading order, articles in the order of their newest entry', () => {
    const a = summary('a', 1);
    const b = summary('b', 2);
    const place = (id: string, block: number, createdAt: string) => ({ placeId: id, articleId: 'a', position: { block, offset: 0 }, snippet: id, note: null, createdAt });
    const groups = groupBookmarks([
      { kind: 'place', createdAt: '2026-01-05', article: a, place: place('p2', 9, '2026-01-05') },
      { kind: 'article', createdAt: '2026-01-04', article: b },
      { kind: 'place', createdAt: '2026-01-03', article: a, place: place('p1', 2, '2026-01-03') },
      { kind: 'article', createdAt: '2026-01-02', article: a },
    ]);
    expect(groups.map((g) => [g.article.id, g.bookmarkedAt, g.places.map((p) => p.placeId)])).toEqual([
      ['a', '2026-01-02', ['p1', 'p2']],
      ['b', '2026-01-04', []],
    ]);
  });
});
