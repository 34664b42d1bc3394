import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Extractor } from '../../../electron/capture/extractor';
import { htmlToText } from '../../helpers/html-text';
import { Library } from '../../../electron/library/library';
import { createOffprintService, type OffprintService } from '../../../electron/service';
import { textSimilarity } from '../../helpers/similarity';
import { FIXTURES, type FixtureServer, startFixtureServer } from '../../helpers/fixture-server';

const CORPUS = join(FIXTURES, 'readability');
/** What "the stored text matches" means: Dice similarity of the word multisets (tests/helpers/similarity.ts). */
const TEXT_THRESHOLD = 0.9;

interface Row {
  page: string;
  titleOk: boolean;
  similarity: number;
  images: string;
  ms: number;
}

let server: FixtureServer;
let dataDir: string;
let service: OffprintService;
const extractor = new Extractor();
const rows: Row[] = [];

beforeAll(async () => {
  // The corpus files are stored as UTF-8 (Readability's suite reads them so), whatever their <meta>
  // says (qq's claims gb2312): serve them with the charset they really have.
  server = await startFixtureServer(CORPUS, [
    async (req, res) => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      if (!path.endsWith('/source.html')) return false;
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(await readFile(join(CORPUS, decodeURIComponent(path))));
      return true;
    },
  ]);
  dataDir = await mkdtemp(join(tmpdir(), 'offprint-corpus-'));
  service = createOffprintService(await Library.open({ dataDir }), { extractor, imageLimits: { deadlineMs: 5000, idleMs: 3000 } });
});
afterAll(async () => {
  await server.close();
  await extractor.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('electron/capture: the Readability corpus through the real pipeline', async () => {
  const pages = (await readdir(CORPUS, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name).sort();

  it('has the twenty pages', () => {
    expect(pages).toHaveLength(20);
  });

  it.each(pages)('saves %s', async (page) => {
    const expectedMeta = JSON.parse(await readFile(join(CORPUS, page, 'expected-metadata.json'), 'utf8')) as { title: string };
    const expectedText = htmlToText(await readFile(join(CORPUS, page, 'expected.html'), 'utf8'));
    const started = performance.now();
    const { article } = await service.saveArticle({ source: { kind: 'url', url: `${server.url}/${page}/source.html` } });
    const ms = performance.now() - started;
    const stored = await service.getArticle({ id: article.id });
    const storedText = htmlToText(stored.html);
    rows.push({
      page,
      titleOk: article.title === expectedMeta.title,
      similarity: textSimilarity(storedText, expectedText),
      images: `${article.images.saved}/${article.images.total}`,
      ms,
    });
    // Whatever the score, nothing in a stored copy may point at the network or run.
    expect(stored.html).not.toMatch(/<script|<iframe|\son[a-z]+=|javascript:/i);
    expect(stored.html).not.toMatch(/<img[^>]+\ssrc="https?:/i);
  });

  it('meets the bar: titles for at least 19 of 20, text for at least 18 of 20', () => {
    const table = rows
      .map((r) => `${r.page.padEnd(20)} ${r.titleOk ? 'title ok ' : 'TITLE ✗  '} ${r.similarity.toFixed(3)} ${r.similarity >= TEXT_THRESHOLD ? 'ok' : '✗ '}  images ${r.images.padEnd(7)} ${Math.round(r.ms)} ms`)
      .join('\n');
    const titles = rows.filter((r) => r.titleOk).length;
    const texts = rows.filter((r) => r.similarity >= TEXT_THRESHOLD).length;
    console.log(`\nReadability corpus (text similarity threshold ${TEXT_THRESHOLD})\n${table}\ntitles ${titles}/20, text ${texts}/20\n`);
    expect(rows).toHaveLength(20);
    expect(titles).toBeGreaterThanOrEqual(19);
    expect(texts).toBeGreaterThanOrEqual(18);
  });
});
