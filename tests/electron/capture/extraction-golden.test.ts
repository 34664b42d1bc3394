import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { corpusPages, extractInProcess, type Golden, GOLDEN_FILE, passagesIn } from '../../helpers/extraction-corpus';
import { f1, sumCounts, scorePassages } from '../../helpers/extraction-metrics';

/**
 * Golden fixtures for extraction: every page of the human-judged corpus (see
 * ../shared/fixtures/extraction/README.md) must still give every article passage it gave when the
 * golden file was written, and let in no furniture passage it kept out. A change that improves the
 * score rewrites the file (`npm run extraction-score -- --write-golden`), so the diff shows per page
 * what it won and lost; one that loses a passage fails here, by page.
 */
const golden = JSON.parse(readFileSync(GOLDEN_FILE, 'utf8')) as Golden;
const pages = corpusPages();
const texts = new Map<string, string>();

describe('electron/capture/extract on the human-judged corpus', () => {
  it('the golden file covers every page of the corpus', () => {
    expect(Object.keys(golden.pages).sort()).toEqual(pages.map((p) => p.file).sort());
  });

  for (const page of pages) {
    it(`${page.file}: no article passage lost, no furniture let in`, () => {
      const { text } = extractInProcess(page);
      texts.set(page.file, text);
      const now = passagesIn(text, page);
      const was = golden.pages[page.file]!;
      const lost = was.found.filter((i) => !now.found.includes(i)).map((i) => page.with[i]);
      const letIn = now.letIn.filter((i) => !was.letIn.includes(i)).map((i) => page.without[i]);
      expect({ lost, letIn }).toEqual({ lost: [], letIn: [] });
    });
  }

  it('over the corpus, F1 is at least the golden F1 and above bare Readability', () => {
    expect(texts.size).toBe(pages.length);
    const counts = sumCounts(pages.map((p) => scorePassages(texts.get(p.file) ?? null, p).counts));
    expect(f1(counts)).toBeGreaterThanOrEqual(golden.f1 - 0.0005);
    expect(f1(counts)).toBeGreaterThan(golden.readabilityF1);
  });
});
