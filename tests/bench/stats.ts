/** Median and 95th percentile (nearest rank) of a list of milliseconds, rounded to 0.01. */
export interface Summary {
  p50: number;
  p95: number;
}

export function summarize(samples: number[]): Summary {
  if (samples.length === 0) return { p50: Number.NaN, p95: Number.NaN };
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
  return { p50: round(at(0.5)), p95: round(at(0.95)) };
}

export function round(value: number): number {
  return Math.round(value * 100) / 100;
}

/**
 * Runs `task` `times` times, timing each run. No forced gc between runs: a full collection just
 * before a run slows that run down (the collector's concurrent work and fresh pages), which
 * measured 4× on getArticle.
 */
export async function timeEach(times: number, task: (i: number) => Promise<unknown> | unknown): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < times; i++) {
    const started = performance.now();
    await task(i);
    samples.push(performance.now() - started);
  }
  return samples;
}
