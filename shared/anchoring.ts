import search from 'approx-string-match';

/**
 * Anchoring highlights to an article's stored plain text (`body.txt`), as W3C Web Annotation
 * selectors: a TextQuoteSelector (the exact text with a little context either side) and a
 * TextPositionSelector (start and end offsets, in UTF-16 code units). Pure: no DOM, no Node.
 *
 * A highlight is placed by, in order: its position, if the text there is still its quote; its
 * exact quote, where the context around it fits best (the text moved); an approximate match of the
 * quote (the text was edited inside or near it), scored by its errors, its context and how close
 * it is to where it was. When none is good enough it is "not found in the current text": kept, never
 * moved onto some other words.
 *
 * The fuzzy step uses approx-string-match (Myers' bit-parallel edit-distance search, as the
 * Hypothesis annotator does): unlike diff-match-patch's Bitap matcher it takes quotes longer than 32
 * characters, and it returns every best match with its error count, which the context then ranks
 * (measured in tests/bench/anchoring.ts).
 */

export interface TextQuoteSelector {
  exact: string;
  /** Up to CONTEXT_CHARS characters just before the quote. */
  prefix: string;
  /** Up to CONTEXT_CHARS characters just after it. */
  suffix: string;
}

export interface TextPositionSelector {
  /** [start, end) in UTF-16 code units of the article's plain text. */
  start: number;
  end: number;
}

export interface HighlightSelectors {
  quote: TextQuoteSelector;
  position: TextPositionSelector;
}

/**
 * Where a highlight is in the current text: `exact` (where it was saved), `moved` (the same words
 * elsewhere, the text around it changed), `fuzzy` (nearly the same words: edited), or `not-found`.
 */
export type Anchoring = { status: 'exact' | 'moved' | 'fuzzy'; start: number; end: number } | { status: 'not-found' };

/** How much context a quote keeps either side (what Hypothesis keeps). */
export const CONTEXT_CHARS = 32;
/** At most this share of a quote's characters may differ for an approximate match. */
export const MAX_ERROR_RATE = 0.25;
/** Quotes shorter than this are only ever placed exactly: a few letters match almost anywhere. */
export const MIN_FUZZY_LENGTH = 8;
/** Quotes longer than this are matched approximately by their beginning and end, which keeps it fast. */
export const LONG_QUOTE = 1000;
const EDGE = 256;
/** How far from its old place a quote is first looked for (see exactMatch). */
const NEAR = 4000;
/** Exact occurrences looked at (a quote that is one common word may occur thousands of times). */
const MAX_OCCURRENCES = 2000;

/** The selectors for [start, end) of `text` (clamped to it). */
export function describeRange(text: string, start: number, end: number): HighlightSelectors {
  const s = Math.max(0, Math.min(start, text.length));
  const e = Math.max(s, Math.min(end, text.length));
  return {
    quote: { exact: text.slice(s, e), prefix: text.slice(Math.max(0, s - CONTEXT_CHARS), s), suffix: text.slice(e, e + CONTEXT_CHARS) },
    position: { start: s, end: e },
  };
}

/** Finds a highlight in `text` (see the module's comment). */
export function locate(text: string, selectors: HighlightSelectors): Anchoring {
  const { quote, position } = selectors;
  const { exact } = quote;
  if (exact.length === 0) return { status: 'not-found' };
  if (position.start >= 0 && position.end <= text.length && position.end - position.start === exact.length && text.startsWith(exact, position.start)) {
    return { status: 'exact', start: position.start, end: position.end };
  }
  const moved = exactMatch(text, quote, position.start);
  if (moved !== null) return { status: 'moved', start: moved, end: moved + exact.length };
  const fuzzy = exact.length > LONG_QUOTE ? longFuzzyMatch(text, quote, position.start) : fuzzyMatch(text, quote, position.start);
  return fuzzy ? { status: 'fuzzy', ...fuzzy } : { status: 'not-found' };
}

/** The occurrence of the exact quote whose context fits best (then the nearest to `hint`), or null. */
function exactMatch(text: string, quote: TextQuoteSelector, hint: number): number | null {
  const context = (at: number) =>
    commonSuffix(text.slice(Math.max(0, at - quote.prefix.length), at), quote.prefix) + commonPrefix(text.slice(at + quote.exact.length, at + quote.exact.length + quote.suffix.length), quote.suffix);
  // The usual case after a re-extraction: the same words with the same context a little way off.
  // Nothing elsewhere can fit better than all of its context, so the rest of the text is not searched.
  const near = text.indexOf(quote.exact, Math.max(0, hint - NEAR));
  if (near >= 0 && near <= hint + NEAR && context(near) === quote.prefix.length + quote.suffix.length) return near;
  let best: number | null = null;
  let bestScore = -Infinity;
  let bestContext = 0;
  let seen = 0;
  for (let at = text.indexOf(quote.exact); at >= 0 && seen < MAX_OCCURRENCES; at = text.indexOf(quote.exact, at + 1), seen++) {
    const score = context(at) * 4;
    // Context first; among equal context, the nearest to where it was.
    const total = score * text.length - Math.abs(at - hint);
    if (best === null || total > bestScore) {
      best = at;
      bestScore = total;
      bestContext = score;
    }
  }
  // A few letters whose context is all gone are some other words that happen to be the same.
  const short = quote.exact.length < MIN_FUZZY_LENGTH && (quote.prefix || quote.suffix);
  return best !== null && short && bestContext === 0 ? null : best;
}

/**
 * The best approximate match of a quote: searched near where it was first (cheap, and where an
 * edited text usually still has it), then in the whole text.
 */
function fuzzyMatch(text: string, quote: TextQuoteSelector, hint: number): { start: number; end: number } | null {
  const length = quote.exact.length;
  if (length < MIN_FUZZY_LENGTH) return null;
  const maxErrors = Math.floor(length * MAX_ERROR_RATE);
  const margin = Math.max(2000, length * 4);
  const from = Math.max(0, Math.min(hint, text.length) - margin);
  const to = Math.min(text.length, Math.max(0, hint) + length + margin);
  const near = bestMatch(text, quote, hint, maxErrors, from, to);
  if (near || (from === 0 && to === text.length)) return near;
  return bestMatch(text, quote, hint, maxErrors, 0, text.length);
}

function bestMatch(text: string, quote: TextQuoteSelector, hint: number, maxErrors: number, from: number, to: number): { start: number; end: number } | null {
  const matches = search(text.slice(from, to), quote.exact, maxErrors);
  let best: { start: number; end: number } | null = null;
  let bestScore = -Infinity;
  for (const match of matches) {
    const start = match.start + from;
    const end = match.end + from;
    const quoteScore = 1 - match.errors / quote.exact.length;
    const prefixScore = quote.prefix ? 1 - editDistance(text.slice(Math.max(0, start - quote.prefix.length), start), quote.prefix) / quote.prefix.length : 1;
    const suffixScore = quote.suffix ? 1 - editDistance(text.slice(end, end + quote.suffix.length), quote.suffix) / quote.suffix.length : 1;
    const positionScore = 1 - Math.min(1, Math.abs(start - hint) / Math.max(1, text.length));
    // The weights Hypothesis settled on: the quote counts most, then its context, then its place.
    const score = (50 * quoteScore + 20 * prefixScore + 20 * suffixScore + 2 * positionScore) / 92;
    if (score > bestScore) {
      best = { start, end };
      bestScore = score;
    }
  }
  return best;
}

/**
 * A very long quote (a highlight over many paragraphs) is placed by its first and last EDGE
 * characters, each matched approximately, when they come in order and span about as much text.
 */
function longFuzzyMatch(text: string, quote: TextQuoteSelector, hint: number): { start: number; end: number } | null {
  const { exact } = quote;
  const head = fuzzyMatch(text, { exact: exact.slice(0, EDGE), prefix: quote.prefix, suffix: exact.slice(EDGE, EDGE + CONTEXT_CHARS) }, hint);
  if (!head) return null;
  const tailHint = head.start + exact.length - EDGE;
  const tail = fuzzyMatch(text, { exact: exact.slice(-EDGE), prefix: exact.slice(-EDGE - CONTEXT_CHARS, -EDGE), suffix: quote.suffix }, tailHint);
  if (!tail || tail.end <= head.start) return null;
  const span = tail.end - head.start;
  if (Math.abs(span - exact.length) > exact.length * MAX_ERROR_RATE) return null;
  return { start: head.start, end: tail.end };
}

/** How many characters at the end of `a` and of `b` agree. */
function commonSuffix(a: string, b: string): number {
  let n = 0;
  while (n < a.length && n < b.length && a[a.length - 1 - n] === b[b.length - 1 - n]) n++;
  return n;
}

/** How many characters at the start of `a` and of `b` agree. */
function commonPrefix(a: string, b: string): number {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n;
}

/** Levenshtein distance of two short strings (the context either side of a quote). */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  if (!a.length || !b.length) return Math.max(a.length, b.length);
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = current;
  }
  return previous[b.length]!;
}

/**
 * The paragraphs of a stored plain text as [start, end) ranges: `body.txt` separates them with a
 * blank line, one for each block of the reader (paragraph, heading, list item, caption …), so a
 * highlight's offsets convert to a block and an offset in it, and back.
 */
export function paragraphRanges(text: string): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  let start = 0;
  for (let at = text.indexOf('\n\n'); at >= 0; at = text.indexOf('\n\n', start)) {
    if (at > start) out.push({ start, end: at });
    start = at + 2;
  }
  if (start < text.length) out.push({ start, end: text.length });
  return out;
}

/** A text offset as a paragraph index and an offset inside it (an offset between paragraphs goes to the next). */
export function toParagraphOffset(ranges: readonly { start: number; end: number }[], offset: number): { paragraph: number; offset: number } {
  let lo = 0;
  let hi = ranges.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ranges[mid]!.end < offset) lo = mid + 1;
    else hi = mid;
  }
  const range = ranges[lo];
  if (!range) return { paragraph: 0, offset: 0 };
  return { paragraph: lo, offset: Math.max(0, Math.min(offset, range.end) - range.start) };
}
