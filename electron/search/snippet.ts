import { CJK_CLASS, type ParsedQuery } from './tokenize';

/** Longest snippet, in characters (ellipses included). */
export const SNIPPET_LENGTH = 240;

/** A character of a word as the tokenizer reads one: CJK characters are never part of a word. */
const WORD = new RegExp(String.raw`[[\p{L}\p{N}\p{M}]--[${CJK_CLASS}]]`, 'v');
const FOLD_BASE = /[\p{sc=Latin}\p{sc=Greek}\p{sc=Cyrillic}]/u;
const folded = new Map<string, string>();

/** One UTF-16 unit folded as the tokenizer folds text (case, width, accents), or itself when that would change its length. */
function foldUnit(c: string): string {
  let out = folded.get(c);
  if (out !== undefined) return out;
  out = c;
  let f = c.normalize('NFKC').toLowerCase();
  if (f.length !== 1) f = c.toLowerCase();
  if (f.length === 1) {
    out = f;
    const d = f.normalize('NFD');
    if (d.length > 1 && FOLD_BASE.test(d[0]!)) out = d[0]!;
  }
  folded.set(c, out);
  return out;
}

const FOLD_CANDIDATES = /[\u00c0-\u024f\u0370-\u04ff\u1e00-\u1fff\uff00-\uffef]/g;

/** `text` folded as the tokenizer folds it, one UTF-16 unit for one, so positions in it are positions in `text`. */
function foldText(text: string): string {
  const lower = text.toLowerCase();
  // Only letters with accents or a full-width form still fold; Hangul, kana, Han and ASCII are left
  // alone without a function call per character.
  if (lower.length === text.length) return lower.replace(FOLD_CANDIDATES, foldUnit);
  let out = '';
  for (let i = 0; i < text.length; i++) out += foldUnit(text[i]!);
  return out;
}

function isWord(c: string | undefined): boolean {
  if (c === undefined) return false;
  const code = c.charCodeAt(0);
  if (code < 0x80) return (code >= 0x30 && code <= 0x39) || (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a);
  return WORD.test(c);
}

/**
 * The part of an article's text that best shows why it matched: the ≤ SNIPPET_LENGTH characters
 * holding the most different query words, with the [start, end) ranges of the matches in it.
 * Without a match in the text, the text's beginning and no ranges.
 */
export function makeSnippet(body: string, query: ParsedQuery): { snippet: string; highlights: [number, number][] } {
  const text = body.trim();
  const haystack = foldText(text);
  const matches: { start: number; end: number; needle: number }[] = [];
  query.needles.forEach((needle, n) => {
    if (!needle.text) return;
    for (let at = haystack.indexOf(needle.text); at >= 0 && matches.length < 200; at = haystack.indexOf(needle.text, at + 1)) {
      let end = at + needle.text.length;
      if (!needle.cjk) {
        if (isWord(haystack[at - 1])) continue;
        if (needle.prefix) while (isWord(haystack[end])) end++;
        else if (isWord(haystack[end])) continue;
      }
      matches.push({ start: at, end, needle: n });
    }
  });
  matches.sort((a, b) => a.start - b.start);
  // Whitespace runs (paragraph breaks) become one space in the snippet, so the window is measured
  // in raw characters with some room to spare, then flattened.
  const room = SNIPPET_LENGTH - 2;
  let start = 0;
  if (matches.length) {
    // Slide a window over the matches (in order): the one with the most different words wins.
    let best = -1;
    let right = 0;
    const inWindow = new Map<number, number>();
    for (let left = 0; left < matches.length; left++) {
      const from = Math.max(0, matches[left]!.start - 40);
      while (right < matches.length && matches[right]!.end <= from + room) {
        const n = matches[right]!.needle;
        inWindow.set(n, (inWindow.get(n) ?? 0) + 1);
        right++;
      }
      const score = inWindow.size * 1000 + (right - left);
      if (score > best) {
        best = score;
        start = from;
      }
      const n = matches[left]!.needle;
      const remaining = (inWindow.get(n) ?? 1) - 1;
      if (remaining > 0) inWindow.set(n, remaining);
      else inWindow.delete(n);
    }
  }
  // Start at a word boundary when one is near and no match is cut.
  if (start > 0) {
    const space = text.slice(start, start + 20).search(/\s/);
    if (space >= 0 && !matches.some((m) => m.start < start + space + 1 && m.end > start)) start += space + 1;
  }
  // Flatten whitespace from `start` until the snippet is full, keeping where each character came from.
  const lead = start > 0 ? '…' : '';
  let snippet = lead;
  const from: number[] = [];
  let i = start;
  let pendingSpace = false;
  for (; i < text.length && snippet.length < SNIPPET_LENGTH - 1; i++) {
    const c = text[i]!;
    if (c === ' ' || c === '\n' || c === '\t' || c === '\r') {
      pendingSpace = true;
      continue;
    }
    if (pendingSpace && snippet.length > lead.length) {
      snippet += ' ';
      from.push(-1);
    }
    pendingSpace = false;
    snippet += c;
    from.push(i);
  }
  let end = i;
  if (end < text.length) {
    // End at a word boundary when that does not cut a match or lose more than half the snippet.
    const cut = snippet.lastIndexOf(' ');
    const cutAt = cut > 0 ? from[cut - lead.length - 1]! + 1 : -1;
    if (cut > SNIPPET_LENGTH / 2 && !matches.some((m) => m.start < end && m.end > cutAt)) {
      snippet = snippet.slice(0, cut);
      from.length = cut - lead.length;
      end = cutAt;
    }
    snippet += '…';
  }
  const at = new Map<number, number>();
  from.forEach((source, k) => {
    if (source >= 0) at.set(source, k + lead.length);
  });
  const highlights: [number, number][] = [];
  for (const m of matches) {
    if (m.start < start || m.end > end) continue;
    const first = at.get(m.start);
    const last = at.get(m.end - 1);
    if (first === undefined || last === undefined) continue;
    const range: [number, number] = [first, last + 1];
    const previous = highlights.at(-1);
    if (previous && range[0] <= previous[1]) previous[1] = Math.max(previous[1], range[1]);
    else highlights.push(range);
  }
  return { snippet, highlights };
}
