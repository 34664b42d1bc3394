/** Han ideographs, Hiragana and Katakana: scripts written without spaces, counted a character at a time. */
const UNSPACED_CHAR = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u{20000}-\u{2fa1f}]/gu;

/** Words per minute for spaced scripts, and characters per minute for Chinese and Japanese. */
const WORDS_PER_MINUTE = 230;
const UNSPACED_CHARS_PER_MINUTE = 500;

/**
 * Counts words the way a reader would: space-separated words (Latin, Cyrillic, Hangul, …) plus
 * Chinese and Japanese characters, which are not separated by spaces.
 */
export function countWords(text: string): { words: number; unspacedChars: number } {
  const unspacedChars = text.match(UNSPACED_CHAR)?.length ?? 0;
  const spaced = text.replace(UNSPACED_CHAR, ' ');
  const words = spaced.split(/\s+/u).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
  return { words, unspacedChars };
}

/** A single word count for display: spaced words plus unspaced characters. */
export function wordCount(text: string): number {
  const { words, unspacedChars } = countWords(text);
  return words + unspacedChars;
}

/** Estimated minutes to read `text`, at least 1. */
export function readingMinutes(text: string): number {
  const { words, unspacedChars } = countWords(text);
  return Math.max(1, Math.round(words / WORDS_PER_MINUTE + unspacedChars / UNSPACED_CHARS_PER_MINUTE));
}
