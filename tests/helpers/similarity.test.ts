import { describe, expect, it } from 'vitest';
import { textSimilarity } from './similarity';

describe('shared/similarity', () => {
  it('is 1 for the same words, whatever the spacing and case', () => {
    expect(textSimilarity('Hello,  World!\n\nAgain', 'hello world again')).toBe(1);
  });
  it('falls with missing or extra text', () => {
    expect(textSimilarity('a b c d', 'a b')).toBeCloseTo(2 / 3);
    expect(textSimilarity('a b', 'c d')).toBe(0);
  });
  it('compares Chinese character by character', () => {
    expect(textSimilarity('我们去学校', '我们去')).toBeCloseTo(0.75);
  });
});
