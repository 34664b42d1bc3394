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

  it('highlights a Latin word written against CJK text, as the tokenizer finds it', () => {
    const mixed = makeSnippet('新型iPhone発売のニュース', parseQuery('iphone 発売'));
    expect(mixed.highlights.map(([s, e]) => mixed.snippet.slice(s, e))).toEqual(['iPhone発売']);
    const typed = makeSnippet('5G네트워크 구축', parseQuery('5g'));
    expect(typed.highlights.map(([s, e]) => typed.snippet.slice(s, e))).toEqual(['5G']);
  });
});
