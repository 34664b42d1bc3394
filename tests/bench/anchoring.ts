/**
 * Anchoring highlights (shared/anchoring.ts) in a long article, and the comparison that chose its
 * fuzzy matcher: approx-string-match (Myers' bit-vector edit-distance search) against
 * diff-match-patch's match_main (Bitap), on the same edited text. Part of `npm run bench`; run
 * alone with `npx tsx tests/bench/anchoring.ts`.
 */
import search from 'approx-string-match';
import DiffMatchPatch from 'diff-match-patch';
import { describeRange, type HighlightSelectors, locate } from '../../shared/anchoring';
import { random } from '../helpers/random';
import { round, summarize, type Summary, timeEach } from './stats';

const WORDS = 'the ferry left harbour at dawn carrying passengers cargo of oranges wind had risen captain ordered below deck turned ship towards island nobody board knew abandoned decade lighthouse dark since storm minister said budget would rise next year while critics warned'.split(' ');

/** A long article (about 20,000 words in 400 paragraphs) and 200 highlights spread through it. */
export function longArticle(seed = 1): { text: string; highlights: HighlightSelectors[] } {
  const rand = random(seed);
  const paragraphs = Array.from({ length: 400 }, () => {
    const words = Array.from({ length: 50 }, () => WORDS[Math.floor(rand() * WORDS.length)]!);
    return `${words.join(' ')}.`;
  });
  const text = paragraphs.join('\n\n');
  const highlights = Array.from({ length: 200 }, (_, i) => {
    const start = Math.floor((i / 200) * (text.length - 300)) + Math.floor(rand() * 50);
    return describeRange(text, start, start + 20 + Math.floor(rand() * 200));
  });
  return { text, highlights };
}

export interface AnchoringFigures {
  /** 200 highlights in an unchanged long article: each found where it was. */
  anchor200HighlightsMs: Summary;
  /** The same after a paragraph was added on top (every one moved, found by its quote). */
  anchor200MovedMs: Summary;
  /** And with a word changed inside one highlight in ten (those found approximately). */
  anchor200EditedMs: Summary;
  editedFound: { moved: number; fuzzy: number; notFound: number };
  /** The fuzzy step alone, per highlight, for quotes of 20, 100 and 400 characters. */
  comparison: { quoteChars: number; approxStringMatchMs: number; approxFound: boolean; diffMatchPatchMs: number | null; dmpFound: boolean | string }[];
}

export async function measureAnchoring(reps = 25): Promise<AnchoringFigures> {
  const { text, highlights } = longArticle();
  const moved = `A paragraph added at the top when the article was extracted again.\n\n${text}`;
  let edited = moved;
  highlights.forEach((h, i) => {
    if (i % 10 !== 0) return;
    const words = h.quote.exact.split(' ');
    if (words.length < 4) return;
    const changed = [...words];
    changed[Math.floor(words.length / 2)] = 'CHANGED';
    edited = edited.replace(h.quote.exact, changed.join(' '));
  });
  const all = (t: string) => highlights.map((h) => locate(t, h));
  const anchor200HighlightsMs = summarize(await timeEach(reps, () => all(text)));
  const anchor200MovedMs = summarize(await timeEach(reps, () => all(moved)));
  const anchor200EditedMs = summarize(await timeEach(reps, () => all(edited)));
  const results = all(edited);
  const editedFound = {
    moved: results.filter((r) => r.status === 'moved').length,
    fuzzy: results.filter((r) => r.status === 'fuzzy').length,
    notFound: results.filter((r) => r.status === 'not-found').length,
  };

  const dmp = new DiffMatchPatch();
  dmp.Match_Threshold = 0.25;
  dmp.Match_Distance = text.length;
  const comparison = [20, 100, 400].map((quoteChars) => {
    const start = Math.floor(text.length / 2);
    const quote = text.slice(start, start + quoteChars);
    const damaged = `${quote.slice(0, quoteChars / 2)}X${quote.slice(quoteChars / 2 + 1)}`;
    const haystack = edited.replace(quote, damaged);
    let approxFound = false;
    const approx = timeMs(() => {
      approxFound = search(haystack, quote, Math.floor(quoteChars / 4)).length > 0;
    });
    let dmpFound: boolean | string = false;
    let dmpMs: number | null = null;
    try {
      dmpMs = timeMs(() => {
        dmpFound = dmp.match_main(haystack, quote, start) >= 0;
      });
    } catch (error) {
      // Bitap works on a machine word: diff-match-patch refuses patterns over Match_MaxBits (32).
      dmpFound = `refused: ${(error as Error).message}`;
    }
    return { quoteChars, approxStringMatchMs: approx, approxFound, diffMatchPatchMs: dmpMs, dmpFound };
  });
  return { anchor200HighlightsMs, anchor200MovedMs, anchor200EditedMs, editedFound, comparison };
}

function timeMs(task: () => void): number {
  const runs = 5;
  const started = performance.now();
  for (let i = 0; i < runs; i++) task();
  return round((performance.now() - started) / runs);
}

if (process.argv[1]?.endsWith('anchoring.ts')) {
  measureAnchoring().then((figures) => console.log(JSON.stringify(figures, null, 1)));
}
