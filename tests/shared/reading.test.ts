import { describe, expect, it } from 'vitest';
import { readingMinutes, wordCount } from '../../shared/reading';

describe('shared/reading', () => {
  it('counts spaced words, including Hangul words', () => {
    expect(wordCount('The quick brown fox — jumps.')).toBe(5);
    expect(wordCount('블라디미르 푸틴 러시아 대통령은 20일')).toBe(5);
  });

  it('counts Chinese and Japanese characters one by one', () => {
    expect(wordCount('我们今天去学校')).toBe(7);
    expect(wordCount('東京 is big')).toBe(4);
  });

  it('estimates at least one minute, more for longer text', () => {
    expect(readingMinutes('short')).toBe(1);
    expect(readingMinutes('word '.repeat(2300))).toBe(10);
    expect(readingMinutes('字'.repeat(5000))).toBe(10);
  });
});
