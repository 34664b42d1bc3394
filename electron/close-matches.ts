import { type ParsedQuery, tokenize } from './search/tokenize';

/**
 * The search finds a word with no exact match by its close spellings ("goverment" finds
 * "government"), but a snippet built around the query's own words finds nothing to show in such an
 * article and falls back to its beginning. This adds, for each such word, the close spellings the
 * article's text really holds (by the index's rule: one edit, two for words of 8 letters or more,
 * the same first letter), so the snippet is built around the word that matched and marks it.
 */
export function withCloseMatches(text: string, query: ParsedQuery): ParsedQuery {
  const fuzzy = query.needles.filter((n) => !n.cjk && n.text.length >= 4);
  if (fuzzy.length === 0) return query;
  let words: Set<string> | null = null;
  const extra: ParsedQuery['needles'] = [];
  for (const needle of fuzzy) {
    words ??= new Set(tokenize(text).filter((t) => /^[\p{L}\p{N}]/u.test(t) && t.length > 1));
    const present = needle.prefix ? [...words].some((w) => w.startsWith(needle.text)) : words.has(needle.text);
    if (present) continue;
    const distance = needle.text.length >= 8 ? 2 : 1;
    for (const word of words) {
      if (word[0] === needle.text[0] && Math.abs(word.length - needle.text.length) <= distance && editsWithin(needle.text, word, distance)) {
        extra.push({ text: word, cjk: false, prefix: false });
        if (extra.length >= 8) break;
      }
    }
  }
  return extra.length ? { ...query, needles: [...query.needles, ...extra] } : query;
}

/** Whether `a` becomes `b` in at most `max` insertions, deletions or substitutions (a banded Levenshtein). */
export function editsWithin(a: string, b: string, max: number): boolean {
  if (Math.abs(a.length - b.length) > max) return false;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const value = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + cost);
      row.push(value);
      if (value < best) best = value;
    }
    if (best > max) return false;
    previous = row;
  }
  return previous[b.length]! <= max;
}
