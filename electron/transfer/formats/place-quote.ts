/**
 * Where a highlight another tool exported is in Offprint's text of the article: its exact words,
 * else the same words with the white space between them different (another tool's paragraphs, line
 * breaks, non-breaking spaces), else an approximate match (shared/anchoring.ts, up to a quarter of
 * the letters different). Null when none: the highlight is kept as "not found in the current text".
 * Pure.
 */
import { locate } from '../../../shared/anchoring';

export function placeQuote(text: string, rawQuote: string): { start: number; end: number } | null {
  const quote = rawQuote.trim();
  if (!quote || !text) return null;
  const exact = text.indexOf(quote);
  if (exact >= 0) return { start: exact, end: exact + quote.length };
  const loose = looseMatch(text, quote);
  if (loose) return loose;
  const collapsed = quote.replace(/\s+/gu, ' ');
  const found = locate(text, { quote: { exact: collapsed, prefix: '', suffix: '' }, position: { start: 0, end: 0 } });
  return found.status === 'not-found' ? null : { start: found.start, end: found.end };
}

/** The quote's words in order with any white space between them (and none where the quote has none). */
function looseMatch(text: string, quote: string): { start: number; end: number } | null {
  const words = quote.split(/\s+/u).filter(Boolean);
  if (!words.length || words.join(' ').length > 5000) return null;
  const pattern = new RegExp(words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('\\s+'), 'u');
  const m = pattern.exec(text);
  return m ? { start: m.index, end: m.index + m[0].length } : null;
}
