/**
 * Scoring of extracted text against human-judged passages, as trafilatura's evaluation does it (and
 * the README of `../shared/fixtures/extraction/` describes): whitespace normalised; each passage
 * that belongs to the article and is found is a true positive, missing a false negative; each
 * passage of page furniture found is a false positive, absent a true negative.
 */
export interface Counts {
  tp: number;
  fn: number;
  fp: number;
  tn: number;
}

export function normalizeSpace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Scores one page's text (null: the extraction failed, so nothing was found). */
export function scorePassages(
  text: string | null,
  expected: { with: string[]; without: string[] },
): { counts: Counts; missed: string[]; letIn: string[] } {
  const haystack = text === null ? '' : normalizeSpace(text);
  const found = (passage: string) => text !== null && haystack.includes(normalizeSpace(passage));
  const missed = expected.with.filter((p) => !found(p));
  const letIn = expected.without.filter((p) => found(p));
  return {
    counts: { tp: expected.with.length - missed.length, fn: missed.length, fp: letIn.length, tn: expected.without.length - letIn.length },
    missed,
    letIn,
  };
}

export function sumCounts(all: Counts[]): Counts {
  return all.reduce((a, b) => ({ tp: a.tp + b.tp, fn: a.fn + b.fn, fp: a.fp + b.fp, tn: a.tn + b.tn }), { tp: 0, fn: 0, fp: 0, tn: 0 });
}

/** F1 = 2tp / (2tp + fp + fn). */
export function f1(c: Counts): number {
  const denominator = 2 * c.tp + c.fp + c.fn;
  return denominator === 0 ? 1 : (2 * c.tp) / denominator;
}

/** One page's F1; a page with nothing to find and nothing let in scores 1. */
export const pageF1 = f1;
