/** Words of a text for comparison: lower-cased letters and digits; Chinese and Japanese characters count one by one. */
export function comparisonTokens(text: string): string[] {
  return (
    text
      .toLowerCase()
      .normalize('NFKC')
      .match(/[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]|[\p{L}\p{N}]+/gu) ?? []
  );
}

/**
 * How alike two texts are, from 0 to 1: the Dice coefficient of their word multisets,
 * 2·|A ∩ B| / (|A| + |B|). Order-insensitive, so it measures what text was kept, not layout.
 */
export function textSimilarity(a: string, b: string): number {
  const x = comparisonTokens(a);
  const y = comparisonTokens(b);
  if (x.length === 0 && y.length === 0) return 1;
  const counts = new Map<string, number>();
  for (const t of x) counts.set(t, (counts.get(t) ?? 0) + 1);
  let common = 0;
  for (const t of y) {
    const n = counts.get(t) ?? 0;
    if (n > 0) {
      common++;
      counts.set(t, n - 1);
    }
  }
  return (2 * common) / (x.length + y.length);
}
