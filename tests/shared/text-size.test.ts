import { describe, expect, it } from 'vitest';
import { DEFAULT_TEXT_SIZE, TEXT_SIZES, decreaseTextSize, increaseTextSize, nearestTextSize } from '../../shared/text-size';

describe('shared/text-size', () => {
  it('steps through every offered size and stops at the ends', () => {
    const up: number[] = [12];
    while (up.at(-1)! < 72) up.push(increaseTextSize(up.at(-1)!));
    expect(up).toEqual([...TEXT_SIZES]);
    expect(increaseTextSize(72)).toBe(72);
    expect(decreaseTextSize(12)).toBe(12);
    expect(decreaseTextSize(DEFAULT_TEXT_SIZE)).toBe(16);
  });

  it('snaps any number to an offered step', () => {
    expect(nearestTextSize(19)).toBe(18);
    expect(nearestTextSize(37)).toBe(40);
    expect(nearestTextSize(1000)).toBe(72);
    expect(nearestTextSize(Number.NaN)).toBe(DEFAULT_TEXT_SIZE);
    expect(increaseTextSize(19)).toBe(20);
  });
});
