import { describe, expect, it } from 'vitest';
import { makeSnippet } from '../../../electron/search/snippet';
import { parseQuery } from '../../../electron/search/tokenize';

describe('electron/search/snippet', () => {
  it('cuts the text around the best match and gives the ranges to highlight', () => {
    const body = `${'Filler words before. '.repeat(30)}Talks between Korea and Ukraine resumed. ${'After. '.repeat(40)}`;
    const { snippet, highlights } = makeSnippet(body, parseQuery('korea ukraine'));
    expect(snippet.length).toBeLessThanOrEqual(240);
    expect(snippet.startsWith('…')).toBe(true);
    expect(highlights.map(([s, e]) => snippet.slice(s, e))).toEqual(['Korea', 'Ukraine']);
  });

  it('highlights CJK words inside longer runs, whole words for a prefix, and nothing when only the title matched', () => {
    const korean = makeSnippet('오늘 학교에 갔다.', parseQuery('학교'));
    expect(korean.highlights.map(([s, e]) => korean.snippet.slice(s, e))).toEqual(['학교']);
    const prefix = makeSnippet('The Ukrainian delegation arrived.', parseQuery('ukr'));
    expect(prefix.highlights.map(([s, e]) => prefix.snippet.slice(s, e))).toEqual(['Ukrainian']);
    const accents = makeSnippet('Un café à Paris.', parseQuery('cafe'));
    expect(accents.highlights.map(([s, e]) => accents.snippet.slice(s, e))).toEqual(['café']);
    expect(makeSnippet('Nothing here.', parseQuery('zebra'))).toEqual({ snippet: 'Nothing here.', highlights: [] });
    const paragraphs = makeSnippet('First paragraph.\n\nSecond one,   about KOREA.', parseQuery('korea'));
    expect(paragraphs.snippet).toBe('First paragraph. Second one, about KOREA.');
    expect(paragraphs.highlights.map(([s, e]) => paragraphs.snippet.slice(s, e))).toEqual(['KOREA']);
  });
});
