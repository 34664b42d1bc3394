/**
 * `npm run extraction-score`: Offprint's capture pipeline against bare Mozilla Readability (on jsdom)
 * on the same bytes of the human-judged pages in `../shared/fixtures/extraction/trafilatura-eval/`,
 * scored as that folder's README describes. Prints a table and, as its last line, one JSON object.
 *
 * Options: --only SUBSTRING (pages whose file name contains it), --worse (list every page where
 * Offprint is below Readability, with the passages each missed or let in), --out FILE (per-page
 * results as JSON, for looking at by hand; not committed), --without "STEP,STEP" (Offprint's
 * extraction without those clean-up steps, to measure what each gains: run in this process through
 * the same extract and finalize functions the worker runs, with every image failing as here),
 * --write-golden (run in process as the golden test does and write its expectations,
 * tests/electron/capture/extraction-golden.json: after a change that improves the score, so the
 * test then holds the pipeline to the new results).
 */
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { Readability } from '@mozilla/readability';
import { JSDOM, VirtualConsole } from 'jsdom';
import { captureArticle } from '../../electron/capture/capture';
import { decodeHtml } from '../../electron/capture/decode';
import { STEP_NAMES, type StepName } from '../../electron/capture/extract';
import { Extractor } from '../../electron/capture/extractor';
import {
  type CorpusPage,
  corpusPages,
  EXTRACTION_CORPUS as CORPUS,
  extractInProcess,
  type Golden,
  GOLDEN_FILE,
  pageBytes,
  passagesIn,
} from '../helpers/extraction-corpus';
import { f1, pageF1, scorePassages, sumCounts, type Counts } from '../helpers/extraction-metrics';
import { htmlToText } from '../helpers/html-text';
import { summarize } from './stats';

const { values } = parseArgs({
  options: {
    only: { type: 'string' },
    worse: { type: 'boolean', default: false },
    out: { type: 'string' },
    without: { type: 'string' },
    'write-golden': { type: 'boolean', default: false },
  },
});

const WRITE_GOLDEN = values['write-golden'];
if (WRITE_GOLDEN && (values.without || values.only)) throw new Error('--write-golden scores the whole pipeline on every page: no --without or --only with it');
const WITHOUT = values.without === undefined ? (WRITE_GOLDEN ? [] : null) : values.without.split(',').map((name) => name.trim()).filter(Boolean);
for (const name of WITHOUT ?? []) {
  if (!(STEP_NAMES as readonly string[]).includes(name)) throw new Error(`--without: no step "${name}"; the steps are: ${STEP_NAMES.join(', ')}`);
}
/** A page more than this below Readability counts as a loss (the issue's target). */
const WORSE_BY = 0.05;

interface Side {
  counts: Counts;
  f1: number;
  ms: number;
  error: string | null;
  warnings?: string[];
  missed: string[];
  letIn: string[];
}

interface PageResult {
  page: CorpusPage;
  file: string;
  url: string;
  offprint: Side;
  readability: Side;
  /** Offprint's text, kept only for writing the golden file. */
  offprintText?: string | null;
}

function side(text: string | null, expected: CorpusPage, ms: number, error: string | null): Side {
  const { counts, missed, letIn } = scorePassages(text, expected);
  return { counts, f1: pageF1(counts), ms, error, missed, letIn };
}

async function main(): Promise<void> {
  const entries = corpusPages(values.only);
  const extractor = new Extractor();
  const results: PageResult[] = [];
  try {
    for (const expected of entries) {
      const url = expected.url;
      const bytes = pageBytes(expected);
      // The page is served from memory as the archive has it (charset left to the page, as most servers
      // do); everything else it asks for (images) fails at once, since the benchmark has no network.
      const fetchPage: typeof fetch = async (input) => {
        const asked = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
        if (asked === new URL(url).href) return new Response(bytes.slice(), { status: 200, headers: { 'content-type': 'text/html' } });
        throw new TypeError('fetch failed: the benchmark has no network');
      };

      let started = performance.now();
      let offprint: Side;
      let offprintText: string | null = null;
      try {
        if (WITHOUT) {
          const extracted = extractInProcess(expected, WITHOUT as StepName[]);
          offprintText = extracted.text;
          offprint = side(extracted.text, expected, performance.now() - started, null);
          offprint.warnings = extracted.warnings;
        } else {
          const article = await captureArticle({ kind: 'url', url }, { articleId: 'score', extractor, fetch: fetchPage });
          offprintText = article.bodyText;
          offprint = side(article.bodyText, expected, performance.now() - started, null);
          offprint.warnings = article.warnings;
        }
      } catch (error) {
        offprint = side(null, expected, performance.now() - started, (error as Error).message);
      }

      // Bare Readability on the same decoded text, converted to text the same way as Offprint's body
      // (one paragraph per block), so that glued blocks ("FLJune") do not count against either.
      const { html } = decodeHtml(bytes, 'text/html');
      started = performance.now();
      let readability: Side;
      try {
        const dom = new JSDOM(html, { url, virtualConsole: new VirtualConsole() });
        const parsed = new Readability(dom.window.document).parse();
        const ms = performance.now() - started;
        readability = side(parsed?.content ? htmlToText(parsed.content) : null, expected, ms, parsed?.content ? null : 'no article found');
        dom.window.close();
      } catch (error) {
        readability = side(null, expected, performance.now() - started, (error as Error).message);
      }
      results.push({ page: expected, file: expected.file, url, offprint, readability, offprintText: WRITE_GOLDEN ? offprintText : undefined });
      if (process.stderr.isTTY) process.stderr.write(`\r${results.length}/${entries.length}`);
      else if (results.length % 50 === 0) process.stderr.write(`${results.length}/${entries.length}\n`);
    }
  } finally {
    await extractor.close();
    if (process.stderr.isTTY) process.stderr.write('\n');
  }
  report(results);
  if (values.out) await writeFile(values.out, JSON.stringify(results.map(({ page: _page, offprintText: _text, ...rest }) => rest), null, 1));
  if (WRITE_GOLDEN) await writeGolden(results);
}

/** The expectations of tests/electron/capture/extraction-golden.test.ts: what Offprint finds on each page today. */
async function writeGolden(results: PageResult[]): Promise<void> {
  const counts = sumCounts(results.map((r) => r.offprint.counts));
  const readabilityCounts = sumCounts(results.map((r) => r.readability.counts));
  const golden: Golden = { counts, f1: round3(f1(counts)), readabilityCounts, readabilityF1: round3(f1(readabilityCounts)), pages: {} };
  for (const r of results) {
    const { found, letIn } = passagesIn(r.offprintText ?? null, r.page);
    golden.pages[r.file] = { found, letIn, f1: round3(r.offprint.f1), readabilityF1: round3(r.readability.f1) };
  }
  // One line a page, so a change's diff reads page by page.
  const { pages, ...totals } = golden;
  const lines = Object.entries(pages).map(([file, page]) => `  ${JSON.stringify(file)}: ${JSON.stringify(page)}`);
  await writeFile(GOLDEN_FILE, `${JSON.stringify(totals).slice(0, -1)},\n "pages": {\n${lines.join(',\n')}\n }\n}\n`);
  console.error(`Wrote ${GOLDEN_FILE}`);
}

function summary(results: PageResult[], pick: (r: PageResult) => Side) {
  const counts = sumCounts(results.map((r) => pick(r).counts));
  const precision = counts.tp + counts.fp === 0 ? 0 : counts.tp / (counts.tp + counts.fp);
  const recall = counts.tp + counts.fn === 0 ? 0 : counts.tp / (counts.tp + counts.fn);
  const pages = results.map((r) => pick(r).f1);
  return {
    f1: round3(f1(counts)),
    precision: round3(precision),
    recall: round3(recall),
    meanPageF1: round3(pages.reduce((a, b) => a + b, 0) / Math.max(1, pages.length)),
    pagesAtLeast09: pages.filter((x) => x >= 0.9).length,
    failed: results.filter((r) => pick(r).error !== null).length,
    msP50: summarize(results.map((r) => pick(r).ms)).p50,
    ...counts,
  };
}

function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}

function report(results: PageResult[]): void {
  const offprint = summary(results, (r) => r.offprint);
  const readability = summary(results, (r) => r.readability);
  const diff = results.map((r) => ({ file: r.file, delta: r.offprint.f1 - r.readability.f1, r }));
  const better = diff.filter((d) => d.delta > 1e-9).length;
  const worse = diff.filter((d) => d.delta < -1e-9).length;
  const worseBy = diff.filter((d) => d.delta < -WORSE_BY).sort((a, b) => a.delta - b.delta);
  const lines = [
    `Extraction score: ${results.length} human-judged pages (${CORPUS})${WITHOUT ? `; Offprint without: ${WITHOUT.join(', ') || 'nothing (in process)'}` : ''}`,
    '',
    '| extractor | F1 | precision | recall | mean page F1 | pages F1 ≥ 0.9 | failed | p50 ms |',
    '|---|---|---|---|---|---|---|---|',
    ...[
      ['Offprint pipeline', offprint],
      ['bare Readability (jsdom)', readability],
    ].map(([name, s]) => {
      const x = s as typeof offprint;
      return `| ${String(name)} | ${x.f1.toFixed(3)} | ${x.precision.toFixed(3)} | ${x.recall.toFixed(3)} | ${x.meanPageF1.toFixed(3)} | ${x.pagesAtLeast09} | ${x.failed} | ${x.msP50} |`;
    }),
    '',
    `Per page, Offprint against Readability: ${better} better, ${worse} worse, ${results.length - better - worse} same; ${worseBy.length} more than ${WORSE_BY} below.`,
  ];
  for (const d of worseBy) lines.push(`  worse ${d.delta.toFixed(3)}  ${d.file}${d.r.offprint.error ? `  (${d.r.offprint.error})` : ''}`);
  for (const r of results.filter((x) => x.offprint.error)) lines.push(`  failed  ${r.file}: ${r.offprint.error}`);
  const warned = results.filter((r) => r.offprint.warnings?.length);
  if (warned.length) lines.push(`Saves with warnings: ${warned.length}`);
  for (const r of warned) lines.push(`  ${r.file}: ${r.offprint.warnings!.join('; ')}`);
  if (values.worse) {
    for (const d of diff.filter((x) => x.delta < -1e-9).sort((a, b) => a.delta - b.delta)) {
      lines.push('', `${d.file} (${d.delta.toFixed(3)})`);
      for (const p of d.r.offprint.missed.filter((m) => !d.r.readability.missed.includes(m))) lines.push(`  missed:  ${p.slice(0, 140)}`);
      for (const p of d.r.offprint.letIn.filter((m) => !d.r.readability.letIn.includes(m))) lines.push(`  let in:  ${p.slice(0, 140)}`);
    }
  }
  console.log(lines.join('\n'));
  console.log(
    JSON.stringify({
      pages: results.length,
      offprint,
      readability,
      perPage: { better, worse, same: results.length - better - worse, worseBy05: worseBy.map((d) => d.file) },
      failures: results.filter((r) => r.offprint.error).map((r) => r.file),
    }),
  );
}

await main();
