/**
 * How text becomes search terms, shared by indexing, querying and highlighting so that all three
 * agree. Bump TOKENIZER_VERSION whenever the terms produced for the same text change: a persisted
 * index built by another version is rebuilt.
 *
 * - Text is NFKC-normalised and lower-cased.
 * - Runs of Han, Hiragana, Katakana and Hangul become overlapping character bigrams, plus the run's
 *   last character alone: 학교에 → 학교, 교에, 에. Any word inside a longer run is then found by its
 *   bigrams (학교 finds 학교에), and a single character by the terms that start with it.
 * - Other runs of letters and digits are words; Latin, Greek and Cyrillic words lose their accents
 *   (café → cafe). Words longer than MAX_TERM_LENGTH (hashes, URLs) are not indexed. A word never
 *   takes in CJK characters, so a run written straight after Latin letters or digits is split like
 *   any other: iPhone発売 → iphone, 発売, 売 (version 1 made it one term, found by nothing).
 */
export const TOKENIZER_VERSION = 2;

export const MAX_TERM_LENGTH = 32;

/** The characters indexed as bigrams: Han, kana, Hangul, the prolonged sound mark ー and the iteration mark 々. */
export const CJK_CLASS = String.raw`\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Hangul}\u30fc\u3005`;
const TOKEN = new RegExp(String.raw`([${CJK_CLASS}]+)|([[\p{L}\p{N}\p{M}]--[${CJK_CLASS}]]+)`, 'gv');
const FOLDABLE = /^[\p{sc=Latin}\p{sc=Greek}\p{sc=Cyrillic}\p{M}\p{N}]+$/u;
const NON_ASCII = /[^\p{ASCII}]/u;

/** A word with its accents removed where that is safe (Latin, Greek, Cyrillic). */
export function foldWord(word: string): string {
  if (!NON_ASCII.test(word) || !FOLDABLE.test(word)) return word;
  return word.normalize('NFD').replace(/\p{M}/gu, '');
}

/** Calls `emit` for every term of `text`, in order, repeats included (for term frequencies). */
export function forEachTerm(text: string, emit: (term: string) => void): void {
  const normal = text.normalize('NFKC').toLowerCase();
  TOKEN.lastIndex = 0;
  for (let match = TOKEN.exec(normal); match; match = TOKEN.exec(normal)) {
    if (match[1]) {
      const run = Array.from(match[1]);
      for (let i = 0; i + 1 < run.length; i++) emit(run[i]! + run[i + 1]!);
      emit(run[run.length - 1]!);
    } else {
      const word = foldWord(match[2]!);
      if (word.length <= MAX_TERM_LENGTH) emit(word);
    }
  }
}

/** The terms of `text` as an array (see forEachTerm). */
export function tokenize(text: string): string[] {
  const out: string[] = [];
  forEachTerm(text, (t) => out.push(t));
  return out;
}

/** One condition of a query: every clause must match for an article to be found. */
export interface QueryClause {
  term: string;
  /** Also match terms that start with `term` (the word being typed; a lone CJK character). */
  prefix: boolean;
  /** May match terms one or two edits away when nothing matches exactly. */
  fuzzy: boolean;
}

/** A query as the index reads it, and what to highlight in the text of a hit. */
export interface ParsedQuery {
  clauses: QueryClause[];
  /** Normalised words and CJK runs of the query, for finding the matches in a snippet. */
  needles: { text: string; cjk: boolean; prefix: boolean }[];
}

/**
 * Parses what the reader typed: words must all match (the last one also as a prefix, since it may
 * still be being typed); a CJK run must contain all of its bigrams; a lone CJK character matches
 * any term that starts with it.
 */
export function parseQuery(query: string): ParsedQuery {
  const normal = query.normalize('NFKC').toLowerCase();
  const clauses: QueryClause[] = [];
  const needles: ParsedQuery['needles'] = [];
  const matches = [...normal.matchAll(TOKEN)];
  const seen = new Set<string>();
  const push = (clause: QueryClause) => {
    const key = `${clause.term}|${clause.prefix}`;
    if (seen.has(key)) return;
    clauses.push(clause);
    seen.add(key);
  };
  matches.forEach((match, i) => {
    const last = i === matches.length - 1 && !/\s$/.test(normal);
    if (match[1]) {
      const run = Array.from(match[1]);
      needles.push({ text: match[1], cjk: true, prefix: false });
      if (run.length === 1) push({ term: run[0]!, prefix: true, fuzzy: false });
      for (let j = 0; j + 1 < run.length; j++) push({ term: run[j]! + run[j + 1]!, prefix: false, fuzzy: false });
    } else {
      const word = foldWord(match[2]!);
      if (word.length > MAX_TERM_LENGTH) return;
      needles.push({ text: word, cjk: false, prefix: last });
      push({ term: word, prefix: last && word.length >= 2, fuzzy: word.length >= 4 });
    }
  });
  return { clauses, needles };
}
