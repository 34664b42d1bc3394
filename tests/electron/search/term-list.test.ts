import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TermList } from '../../../electron/search/term-list';

const term = fc.string({ unit: fc.constantFrom('a', 'b', 'é', '학', '교', '東', '😀', '\uffff', '0'), minLength: 1, maxLength: 5 });

describe('electron/search/term-list', () => {
  it('finds, orders and prefix-matches terms exactly as a sorted array of strings does', () => {
    fc.assert(
      fc.property(fc.uniqueArray(term, { maxLength: 40 }), fc.array(term, { maxLength: 10 }), (terms, keys) => {
        const sorted = [...terms].sort();
        const list = TermList.from(sorted);
        expect(list.length).toBe(sorted.length);
        sorted.forEach((t, i) => {
          expect(list.at(i)).toBe(t);
          expect(list.indexOf(t)).toBe(i);
        });
        for (const key of keys) {
          expect(list.lowerBound(key)).toBe(sorted.filter((t) => t < key).length);
          expect(list.indexOf(key)).toBe(sorted.indexOf(key));
          sorted.forEach((t, i) => expect(list.startsWith(i, key)).toBe(t.startsWith(key)));
        }
        expect(TermList.fromText(list.text, sorted.length).at(sorted.length - 1)).toBe(sorted.at(-1) ?? '');
      }),
      { numRuns: 200 },
    );
  });

  it('refuses a text that does not hold as many terms as the header says', () => {
    expect(() => TermList.fromText('a\nb', 3)).toThrow(/do not match/);
    expect(() => TermList.fromText('a\nb\nc', 2)).toThrow(/do not match/);
    expect(() => TermList.fromText('a', 0)).toThrow(/do not match/);
    expect(TermList.fromText('', 0).length).toBe(0);
  });
});
