import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeHtml } from '../../electron/capture/decode';
import { extractArticle, type StepName } from '../../electron/capture/extract';
import { finalizeArticle } from '../../electron/capture/finalize';
import { FIXTURES } from '../bench/corpus';
import { pageF1, scorePassages, type Counts } from './extraction-metrics';

/**
 * The human-judged extraction corpus (`../shared/fixtures/extraction/trafilatura-eval/`, see its
 * README), read the same way by the score (`npm run extraction-score`) and the golden test.
 */
export const EXTRACTION_CORPUS = join(FIXTURES, 'extraction/trafilatura-eval');
/** The golden results the regression test holds Offprint to, written by `npm run extraction-score -- --write-golden`. */
export const GOLDEN_FILE = join(import.meta.dirname, '../electron/capture/extraction-golden.json');

export interface Expectation {
  file: string;
  with: string[];
  without: string[];
}

export interface CorpusPage extends Expectation {
  url: string;
}

/** Some entries are named by file only ("hard::x.html"); they get an address of their own so links resolve. */
function addressOf(key: string, file: string): string {
  return /^https?:\/\//.test(key) ? key.trim() : `https://extraction.invalid/${encodeURIComponent(file)}`;
}

/** Every page of the corpus, by file name. */
export function corpusPages(only?: string): CorpusPage[] {
  const evaldata = JSON.parse(readFileSync(join(EXTRACTION_CORPUS, 'evaldata.json'), 'utf8')) as Record<string, Expectation>;
  return Object.entries(evaldata)
    .filter(([, e]) => !only || e.file.includes(only))
    .map(([key, e]) => ({ ...e, url: addressOf(key, e.file) }))
    .sort((a, b) => a.file.localeCompare(b.file));
}

export function pageBytes(page: CorpusPage): Uint8Array {
  return new Uint8Array(readFileSync(join(EXTRACTION_CORPUS, 'pages', page.file)));
}

/**
 * Offprint's extraction of one page in this process, through the same decode, extract and
 * finalize (sanitise, then read the text) the worker runs, every image failing as offline.
 */
export function extractInProcess(page: CorpusPage, skipSteps: readonly StepName[] = []): { text: string; warnings: string[] } {
  const { html } = decodeHtml(pageBytes(page), 'text/html');
  const extracted = extractArticle(html, { baseUrl: page.url, maxElemsToParse: 50_000, skipSteps });
  return { text: finalizeArticle(extracted.contentHtml, 'score', []).bodyText, warnings: extracted.warnings };
}

/** One page's golden result: which passages were found and let in (by index in the corpus), and the F1s. */
export interface GoldenPage {
  found: number[];
  letIn: number[];
  f1: number;
  /** Bare Readability's F1 on the same bytes, the anchor. */
  readabilityF1: number;
}

export interface Golden {
  /** Offprint's passages over the whole corpus, and its F1 from them. */
  counts: Counts;
  f1: number;
  /** Bare Readability's, on the same bytes. */
  readabilityCounts: Counts;
  readabilityF1: number;
  pages: Record<string, GoldenPage>;
}

/** Which of a page's passages a text holds, by index. */
export function passagesIn(text: string | null, page: Expectation): { found: number[]; letIn: number[]; f1: number } {
  const { counts, missed, letIn } = scorePassages(text, page);
  return {
    found: page.with.flatMap((p, i) => (missed.includes(p) ? [] : [i])),
    letIn: page.without.flatMap((p, i) => (letIn.includes(p) ? [i] : [])),
    f1: pageF1(counts),
  };
}
