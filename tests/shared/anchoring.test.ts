import { describe, expect, it } from 'vitest';
import { type Anchoring, CONTEXT_CHARS, describeRange, editDistance, locate, paragraphRanges, toParagraphOffset } from '../../shared/anchoring';

const TEXT = [
  'The ferry left the harbour at dawn, carrying two hundred passengers and a cargo of oranges.',
  'By noon the wind had risen. The captain ordered the passengers below deck and turned the ship towards the island.',
  'Nobody on board knew that the island had been abandoned for a decade, its lighthouse dark since the storm of 2014.',
  'The ferry reached the harbour of the island at dusk.',
].join('\n\n');

/** The selectors of the first occurrence of `words` in TEXT. */
function highlightOf(words: string, text = TEXT) {
  const start = text.indexOf(words);
  if (start < 0) throw new Error(`not in the text: ${words}`);
  return describeRange(text, start, start + words.length);
}

/** The text an anchoring covers, or null when not found. */
function covered(text: string, anchoring: Anchoring): string | null {
  return anchoring.status === 'not-found' ? null : text.slice(anchoring.start, anchoring.end);
}

describe('shared/anchoring', () => {
  it('describes a range with its quote, up to 32 characters of context either side, and its position', () => {
    const s = highlightOf('turned the ship towards the island');
    expect(s.quote.exact).toBe('turned the ship towards the island');
    expect(s.quote.prefix).toHaveLength(CONTEXT_CHARS);
    expect(TEXT.slice(0, s.position.start).endsWith(s.quote.prefix)).toBe(true);
    expect(s.quote.suffix.startsWith('.\n\nNobody')).toBe(true);
    expect(describeRange('abc', -5, 99)).toEqual({ quote: { exact: 'abc', prefix: '', suffix: '' }, position: { start: 0, end: 3 } });
  });

  it('finds an unchanged highlight at its position', () => {
    const s = highlightOf('a cargo of oranges');
    expect(locate(TEXT, s)).toEqual({ status: 'exact', ...s.position });
  });

  it('finds a highlight whose text moved (a paragraph added before it) by its quote', () => {
    const s = highlightOf('its lighthouse dark');
    const edited = `A new first paragraph, added when the article was extracted again.\n\n${TEXT}`;
    const found = locate(edited, s);
    expect(found.status).toBe('moved');
    expect(covered(edited, found)).toBe('its lighthouse dark');
  });

  it('picks the occurrence whose context fits when the quote occurs more than once', () => {
    // "the harbour" is in the first and the last paragraph; the last one is highlighted.
    const start = TEXT.lastIndexOf('the harbour');
    const s = describeRange(TEXT, start, start + 'the harbour'.length);
    const edited = TEXT.replace('By noon', 'Around noon, as the cook later told the harbour master,');
    const found = locate(edited, s);
    expect(found.status).toBe('moved');
    if (found.status !== 'not-found') expect(found.start).toBe(edited.lastIndexOf('the harbour'));
  });

  it('finds an edited highlight approximately (a word changed inside it, and text around it)', () => {
    const s = highlightOf('The captain ordered the passengers below deck');
    const edited = TEXT.replace('By noon the wind had risen.', 'By midday the wind had risen sharply.').replace('ordered the passengers', 'ordered all passengers');
    const found = locate(edited, s);
    expect(found.status).toBe('fuzzy');
    expect(covered(edited, found)).toBe('The captain ordered all passengers below deck');
  });

  it('reports a highlight whose words are gone as not found, and never moves it onto other words', () => {
    const s = highlightOf('its lighthouse dark since the storm of 2014');
    const edited = TEXT.replace('its lighthouse dark since the storm of 2014', 'its people gone to the mainland long before');
    expect(locate(edited, s)).toEqual({ status: 'not-found' });
    // A short quote whose context is all gone is not placed on the same word somewhere else.
    const word = highlightOf('dawn');
    expect(locate(TEXT.replace('at dawn, carrying', 'early, with'), word)).toEqual({ status: 'not-found' });
    expect(locate('', s)).toEqual({ status: 'not-found' });
  });

  it('keeps overlapping highlights apart: each is placed by its own quote', () => {
    const a = highlightOf('the wind had risen. The captain');
    const b = highlightOf('The captain ordered the passengers');
    const edited = `Update: corrected.\n\n${TEXT}`;
    expect(covered(edited, locate(edited, a))).toBe('the wind had risen. The captain');
    expect(covered(edited, locate(edited, b))).toBe('The captain ordered the passengers');
  });

  it('places a highlight over the whole article, and again after a small edit inside it', () => {
    const whole = describeRange(TEXT, 0, TEXT.length);
    expect(locate(TEXT, whole)).toEqual({ status: 'exact', start: 0, end: TEXT.length });
    const long = Array.from({ length: 40 }, (_, i) => `Paragraph ${i} of a long article, with enough words to make it long.`).join('\n\n');
    const all = describeRange(long, 0, long.length);
    const edited = long.replace('Paragraph 20 of', 'Paragraph twenty of');
    const found = locate(edited, all);
    expect(found.status).toBe('fuzzy');
    expect(found).toMatchObject({ start: 0, end: edited.length });
  });

  it('handles any script, and positions in UTF-16 code units', () => {
    const text = '東京の朝は早い。\n\n일본 여행 🚆 기차는 빠르다.\n\nÉconomie: la croissance reprend.';
    const s = highlightOf('기차는 빠르다', text);
    expect(locate(text, s)).toEqual({ status: 'exact', ...s.position });
    const moved = `前書き。\n\n${text}`;
    expect(covered(moved, locate(moved, s))).toBe('기차는 빠르다');
  });

  it('measures edit distance', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('same', 'same')).toBe(0);
  });

  it('maps offsets to paragraphs (the reader\'s blocks) and back', () => {
    const ranges = paragraphRanges(TEXT);
    expect(ranges).toHaveLength(4);
    expect(TEXT.slice(ranges[3]!.start, ranges[3]!.end)).toBe('The ferry reached the harbour of the island at dusk.');
    const at = TEXT.indexOf('its lighthouse');
    expect(toParagraphOffset(ranges, at)).toEqual({ paragraph: 2, offset: TEXT.slice(ranges[2]!.start).indexOf('its lighthouse') });
    expect(toParagraphOffset(ranges, 0)).toEqual({ paragraph: 0, offset: 0 });
    expect(toParagraphOffset([], 5)).toEqual({ paragraph: 0, offset: 0 });
  });
});
