/** The article text sizes offered, in CSS pixels, smallest to largest. */
export const TEXT_SIZES = [12, 14, 16, 18, 20, 22, 24, 28, 32, 40, 48, 56, 72] as const;

/** The size a new reader starts at, and the one "Reset text size" returns to. */
export const DEFAULT_TEXT_SIZE = 18;

export const MIN_TEXT_SIZE = TEXT_SIZES[0];
export const MAX_TEXT_SIZE = TEXT_SIZES[TEXT_SIZES.length - 1]!;

/** The offered size nearest to `size` (ties go to the smaller), so any stored number maps onto a step. */
export function nearestTextSize(size: number): number {
  if (!Number.isFinite(size)) return DEFAULT_TEXT_SIZE;
  let best: number = TEXT_SIZES[0];
  for (const step of TEXT_SIZES) {
    if (Math.abs(step - size) < Math.abs(best - size)) best = step;
  }
  return best;
}

/** The next larger step, or the largest when already there. */
export function increaseTextSize(size: number): number {
  const current = nearestTextSize(size);
  return TEXT_SIZES.find((step) => step > current) ?? MAX_TEXT_SIZE;
}

/** The next smaller step, or the smallest when already there. */
export function decreaseTextSize(size: number): number {
  const current = nearestTextSize(size);
  return [...TEXT_SIZES].reverse().find((step) => step < current) ?? MIN_TEXT_SIZE;
}

/** Line heights offered (multiples of the text size), and the default. */
export const LINE_HEIGHTS = [1.3, 1.45, 1.6, 1.75, 1.9, 2.1] as const;
export const DEFAULT_LINE_HEIGHT = 1.6;

/** Content widths offered, in characters per line, and the default. */
export const CONTENT_WIDTHS = [45, 55, 65, 75, 90] as const;
export const DEFAULT_CONTENT_WIDTH = 65;
