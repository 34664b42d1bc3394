import { readdir, readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readability } from '@mozilla/readability';
import { JSDOM, VirtualConsole } from 'jsdom';
import { decodeHtml } from '../../electron/capture/decode';
import { Extractor } from '../../electron/capture/extractor';
import { Library } from '../../electron/library/library';
import { createOffprintService } from '../../electron/service';
import { FIXTURES } from './corpus';
import { round, summarize } from './stats';

export interface CaptureResult {
  pipelineMsP50: number;
  pipelineMsP95: number;
  bareReadabilityMsP50: number;
  ratio: number;
}

/**
 * The twenty Readability fixture pages, from their bytes in hand to the article stored (decoding,
 * extraction, image rewriting with every image failing at once since there is no network,
 * sanitising, writing), against bare `new JSDOM(html)` + `new Readability(doc).parse()` on the
 * same pages in the same process. One warm-up pass, then `rounds` measured passes.
 */
export async function measureCapture(rounds = 2): Promise<CaptureResult> {
  const corpus = join(FIXTURES, 'readability');
  const pages = (await readdir(corpus, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name).sort();
  const bytes = new Map<string, Uint8Array>();
  for (const page of pages) bytes.set(page, new Uint8Array(await readFile(join(corpus, page, 'source.html'))));
  const fetchPage: typeof fetch = async (input) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const match = /^https:\/\/bench\.invalid\/([^/]+)\/$/.exec(url);
    if (match && bytes.has(match[1]!)) return new Response(bytes.get(match[1]!)!.slice(), { status: 200, headers: { 'content-type': 'text/html' } });
    throw new TypeError('fetch failed: the benchmark has no network');
  };
  const dataDir = await mkdtemp(join(tmpdir(), 'offprint-bench-capture-'));
  const extractor = new Extractor();
  const service = createOffprintService(await Library.open({ dataDir }), { extractor, fetch: fetchPage });
  const pipeline: number[] = [];
  const bare: number[] = [];
  try {
    for (let round = 0; round <= rounds; round++) {
      for (const page of pages) {
        let started = performance.now();
        await service.saveArticle({ source: { kind: 'url', url: `https://bench.invalid/${page}/` }, refresh: true }).catch(() => undefined);
        if (round > 0) pipeline.push(performance.now() - started);
        const { html } = decodeHtml(bytes.get(page)!, 'text/html');
        started = performance.now();
        const dom = new JSDOM(html, { virtualConsole: new VirtualConsole() });
        new Readability(dom.window.document).parse();
        if (round > 0) bare.push(performance.now() - started);
        dom.window.close();
      }
    }
  } finally {
    await service.close();
    await rm(dataDir, { recursive: true, force: true });
  }
  const p = summarize(pipeline);
  const b = summarize(bare);
  return { pipelineMsP50: p.p50, pipelineMsP95: p.p95, bareReadabilityMsP50: b.p50, ratio: round(p.p50 / b.p50) };
}
