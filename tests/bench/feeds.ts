/**
 * Feed benchmarks (issue 14), part of `npm run bench` (alone: `npm run bench -- --feeds-only`):
 * - a refresh of 500 subscriptions whose servers all answer 304, and the resident memory it adds;
 * - parsing a 2 MB feed (decode + guard + feedsmith + normalising), median of 25;
 * - new items through the whole pipeline (feed, page, extraction, image, storage) from local
 *   servers, in articles per second, with the longest a list call waited while the refresh ran.
 * Every server is on this machine's loopback addresses (127.0.0.1–127.0.0.10, so the per-host
 * limit of 2 and the total of 6 both apply); nothing leaves it.
 */
import { createServer, type Server } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Extractor } from '../../electron/capture/extractor';
import { decodeFeedBytes } from '../../electron/feeds/decode';
import { parseFeedText } from '../../electron/feeds/parse/parse-feed';
import { Library } from '../../electron/library/library';
import { createOffprintService } from '../../electron/service';
import { generateArticlePage, generateFeed } from './feed-corpus';
import { round, summarize } from './stats';

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64');

interface Hosts {
  urls: string[];
  close(): Promise<void>;
}

/** One small HTTP server per loopback address, answering `/feeds/<n>.xml` (ETag, 304), `/a/<n>.html` and `/img/<n>.png`. */
async function startHosts(count: number, feedBody: (host: number, path: string) => string | null): Promise<Hosts> {
  const servers: Server[] = [];
  const urls: string[] = [];
  for (let h = 0; h < count; h++) {
    const server = createServer((req, res) => {
      const path = req.url ?? '/';
      if (path.startsWith('/img/')) return void res.writeHead(200, { 'content-type': 'image/png' }).end(PNG);
      const page = /^\/a\/(\d+)\.html$/.exec(path);
      if (page) return void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(generateArticlePage(Number(page[1]), { imageUrl: `/img/${page[1]}.png` }));
      const body = feedBody(h, path);
      if (body === null) return void res.writeHead(404).end();
      const etag = `"${body.length.toString(36)}-${h}"`;
      if (req.headers['if-none-match'] === etag) return void res.writeHead(304, { etag }).end();
      res.writeHead(200, { 'content-type': 'application/rss+xml', etag }).end(body);
    });
    server.keepAliveTimeout = 30_000;
    const address = `127.0.0.${h + 1}`;
    await new Promise<void>((ok, fail) => server.once('error', fail).listen(0, address, () => ok()));
    servers.push(server);
    urls.push(`http://${address}:${(server.address() as { port: number }).port}`);
  }
  return {
    urls,
    close: async () => {
      for (const server of servers) {
        server.closeAllConnections();
        await new Promise((ok) => server.close(ok));
      }
    },
  };
}

function opml(urls: string[]): string {
  return `<opml version="2.0"><body>${urls.map((u, i) => `<outline text="Feed ${i}" xmlUrl="${u}"/>`).join('')}</body></opml>`;
}

const rssMb = () => process.memoryUsage().rss / 1024 / 1024;
const gc = () => (globalThis as { gc?: () => void }).gc?.();

export interface FeedBench {
  refresh304: { feeds: number; ms: number; rssGrowthMb: number; notModified: number };
  parse2Mb: { bytes: number; items: number; msP50: number; msP95: number; cpuMsP50: number };
  pipeline: { articles: number; seconds: number; articlesPerSecond: number; listMsP50: number; listMsP95: number; listMsMax: number; listCalls: number };
}

export async function measureFeeds(log: (line: string) => void): Promise<FeedBench> {
  // 1. Parse a 2 MB feed.
  const big = Buffer.from(generateFeed({ items: 400, bytes: 2 * 1024 * 1024, seed: 11 }));
  const parseSamples: number[] = [];
  // CPU time too: on a shared machine the wall clock also counts other processes' turns.
  const cpuSamples: number[] = [];
  let items = 0;
  for (let i = 0; i < 25; i++) {
    const started = performance.now();
    const cpu = process.cpuUsage();
    items = parseFeedText(decodeFeedBytes(big, 'application/rss+xml').text, { url: 'https://bench.example/feed.xml' }).items.length;
    const used = process.cpuUsage(cpu);
    parseSamples.push(performance.now() - started);
    cpuSamples.push((used.user + used.system) / 1000);
  }
  const parse = summarize(parseSamples);
  const parseCpu = summarize(cpuSamples);
  log(`2 MB feed: p50 ${parse.p50} ms (CPU ${parseCpu.p50} ms)`);

  const extractor = new Extractor();
  // 2. 500 subscriptions, all answering 304 once their ETags are known.
  const dataDir = await mkdtemp(join(tmpdir(), 'offprint-bench-feeds-'));
  const empty = generateFeed({ items: 0, title: 'Quiet feed' });
  const hosts = await startHosts(10, (_h, path) => (/^\/feeds\/\d+\.xml$/.test(path) ? empty : null));
  let refresh304: FeedBench['refresh304'];
  try {
    const library = await Library.open({ dataDir });
    const service = createOffprintService(library, { extractor });
    const urls = Array.from({ length: 500 }, (_, i) => `${hosts.urls[i % hosts.urls.length]}/feeds/${i}.xml`);
    await service.importOpml({ opml: opml(urls) });
    const first = await service.refreshFeeds({});
    if (first.results.some((r) => r.status !== 'ok')) throw new Error(`the first refresh failed: ${JSON.stringify(first.results.find((r) => r.status !== 'ok'))}`);
    gc();
    const before = rssMb();
    const started = performance.now();
    const { results } = await service.refreshFeeds({});
    const ms = performance.now() - started;
    gc();
    refresh304 = { feeds: results.length, ms: round(ms), rssGrowthMb: round(rssMb() - before), notModified: results.filter((r) => r.notModified).length };
    log(`500 feeds, all 304: ${refresh304.ms} ms, ${refresh304.notModified} not modified, RSS +${refresh304.rssGrowthMb} MB`);
    await service.close();
    await library.close();
  } finally {
    await hosts.close();
    await rm(dataDir, { recursive: true, force: true });
  }

  // 3. New items through the whole pipeline, with list calls timed while it runs.
  const pipelineDir = await mkdtemp(join(tmpdir(), 'offprint-bench-pipeline-'));
  const perFeed = 20;
  const feedCount = 6;
  const pages = await startHosts(6, (h, path) => {
    const match = /^\/feeds\/(\d+)\.xml$/.exec(path);
    if (!match) return null;
    const f = Number(match[1]);
    return generateFeed({ items: perFeed, firstId: f * 1000, linkBase: `${pagesUrls[h]}/a`, startDate: Date.now() - 48 * 3600_000, title: `Busy feed ${f}`, seed: f });
  });
  const pagesUrls = pages.urls;
  let pipeline: FeedBench['pipeline'];
  try {
    const library = await Library.open({ dataDir: pipelineDir });
    const service = createOffprintService(library, { extractor });
    const urls = Array.from({ length: feedCount }, (_, f) => `${pagesUrls[f % pagesUrls.length]}/feeds/${f}.xml`);
    await service.importOpml({ opml: opml(urls) });
    // Warm the extraction worker, as the app has it warm.
    await service.saveArticle({ source: { kind: 'html', html: generateArticlePage(1), baseUrl: 'https://warm.example/' } });
    const listSamples: number[] = [];
    let running = true;
    const lister = (async () => {
      while (running) {
        const started = performance.now();
        await service.listArticles({ view: 'all', limit: 50 });
        listSamples.push(performance.now() - started);
        await new Promise((ok) => setTimeout(ok, 20));
      }
    })();
    const started = performance.now();
    const { results } = await service.refreshFeeds({});
    const seconds = (performance.now() - started) / 1000;
    running = false;
    await lister;
    const articles = results.reduce((n, r) => n + r.new, 0);
    const list = summarize(listSamples);
    pipeline = {
      articles,
      seconds: round(seconds),
      articlesPerSecond: round(articles / seconds),
      listMsP50: list.p50,
      listMsP95: list.p95,
      listMsMax: round(Math.max(...listSamples)),
      listCalls: listSamples.length,
    };
    log(`pipeline: ${articles} articles in ${pipeline.seconds} s = ${pipeline.articlesPerSecond}/s; list p95 ${list.p95} ms, max ${pipeline.listMsMax} ms`);
    await service.close();
    await library.close();
  } finally {
    await pages.close();
    await extractor.close();
    await rm(pipelineDir, { recursive: true, force: true });
  }
  return { refresh304, parse2Mb: { bytes: big.length, items, msP50: parse.p50, msP95: parse.p95, cpuMsP50: parseCpu.p50 }, pipeline };
}
