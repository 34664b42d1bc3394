/**
 * Import and export benchmarks (issue 15), part of `npm run bench` (alone: `npm run bench -- --transfer-only`):
 * - a 20,000-row Pocket CSV imported with --no-download: the time until every entry is listed, the
 *   resident memory it adds, and list calls timed while it runs;
 * - the download queue working an import of local pages (six loopback hosts, so the per-host limit
 *   of 2 and the total of 6 both apply), in articles per second;
 * - exporting that library as Offprint JSON, and the resident memory the export adds.
 * Nothing leaves this machine.
 */
import { createServer, type Server } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Extractor } from '../../electron/capture/extractor';
import { Library } from '../../electron/library/library';
import { createOffprintService } from '../../electron/service';
import { generateArticlePage } from './feed-corpus';
import { round, summarize } from './stats';

export interface TransferBench {
  listing: { entries: number; seconds: number; rssGrowthMb: number; listMsP50: number; listMsP95: number; listMsMax: number; listCalls: number };
  queue: { articles: number; seconds: number; articlesPerSecond: number; listMsP50: number; listMsP95: number; listMsMax: number };
  exportJson: { articles: number; seconds: number; megabytes: number; rssGrowthMb: number };
}

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64');
const rssMb = () => {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().rss / 1024 / 1024;
};

async function startPages(count: number): Promise<{ urls: string[]; close(): Promise<void> }> {
  const servers: Server[] = [];
  const urls: string[] = [];
  for (let h = 0; h < count; h++) {
    const server = createServer((req, res) => {
      const path = req.url ?? '/';
      if (path.startsWith('/img/')) return void res.writeHead(200, { 'content-type': 'image/png' }).end(PNG);
      const page = /^\/a\/(\d+)\.html$/.exec(path);
      if (page) return void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(generateArticlePage(Number(page[1]), { imageUrl: `/img/${page[1]}.png` }));
      res.writeHead(404).end();
    });
    const host = `127.0.0.${h + 1}`;
    await new Promise<void>((ok) => server.listen(0, host, ok));
    servers.push(server);
    urls.push(`http://${host}:${(server.address() as { port: number }).port}`);
  }
  return { urls, close: async () => void (await Promise.all(servers.map((s) => new Promise<void>((ok) => s.close(() => ok()))))) };
}

/** Lists articles every 20 ms while `work` runs, and returns how long those calls took. */
async function whileListing<T>(service: { listArticles: (a: { view: 'all'; limit: number }) => Promise<unknown> }, work: () => Promise<T>): Promise<{ value: T; samples: number[] }> {
  const samples: number[] = [];
  let running = true;
  const lister = (async () => {
    while (running) {
      const started = performance.now();
      await service.listArticles({ view: 'all', limit: 50 });
      samples.push(performance.now() - started);
      await new Promise((ok) => setTimeout(ok, 20));
    }
  })();
  try {
    return { value: await work(), samples };
  } finally {
    running = false;
    await lister;
  }
}

export async function measureTransfer(log: (line: string) => void, entries = 20_000, pagesToDownload = 300): Promise<TransferBench> {
  const dataDir = await mkdtemp(join(tmpdir(), 'offprint-bench-transfer-'));
  const extractor = new Extractor();
  const pages = await startPages(6);
  try {
    const library = await Library.open({ dataDir });
    const service = createOffprintService(library, { extractor, transfer: { autoStart: true } });
    await service.saveArticle({ source: { kind: 'html', html: generateArticlePage(1), baseUrl: 'https://warm.example/' } });

    // 1. Every entry of a 20,000-row Pocket CSV listed (they wait: --no-download).
    const rows = ['title,url,time_added,cursor,tags,status'];
    for (let n = 0; n < entries; n++) rows.push(`"Saved story ${n}, a title",https://site-${n % 500}.example/story/${n},${1_600_000_000 + n * 60},,news|topic ${n % 40},${n % 4 === 0 ? 'archive' : 'unread'}`);
    const csv = `${rows.join('\n')}\n`;
    const rssBefore = rssMb();
    const started = performance.now();
    const listing = await whileListing(service, () => service.importFile({ file: { name: 'part_000000.csv', text: csv }, download: false }));
    const listingSeconds = (performance.now() - started) / 1000;
    const rssGrowthMb = rssMb() - rssBefore;
    const listingList = summarize(listing.samples);
    log(`listing: ${listing.value.import.imported} entries in ${round(listingSeconds)} s, rss +${round(rssGrowthMb)} MB, list p95 ${listingList.p95} ms`);

    // 2. The queue: an import of local pages downloaded through the capture pipeline.
    const list = Array.from({ length: pagesToDownload }, (_, n) => `${pages.urls[n % pages.urls.length]}/a/${n}.html`).join('\n');
    const queueStarted = performance.now();
    const queue = await whileListing(service, async () => {
      await service.importFile({ file: { name: 'pages.txt', text: list } });
      await service.transfer.downloadsIdle();
    });
    const queueSeconds = (performance.now() - queueStarted) / 1000;
    const queueList = summarize(queue.samples);
    log(`queue: ${pagesToDownload} pages in ${round(queueSeconds)} s = ${round(pagesToDownload / queueSeconds)}/s; list p95 ${queueList.p95} ms`);

    // 3. The whole library as Offprint JSON.
    const exportBefore = rssMb();
    const exportStarted = performance.now();
    const exported = await service.exportArticles({ format: 'json' });
    const exportSeconds = (performance.now() - exportStarted) / 1000;
    const exportGrowth = rssMb() - exportBefore;
    log(`export: ${exported.articles} articles, ${round(exported.bytes / 1024 / 1024)} MB in ${round(exportSeconds)} s, rss +${round(exportGrowth)} MB`);

    await service.close();
    await library.close();
    return {
      listing: { entries: listing.value.import.imported, seconds: round(listingSeconds), rssGrowthMb: round(rssGrowthMb), listMsP50: listingList.p50, listMsP95: listingList.p95, listMsMax: round(Math.max(...listing.samples)), listCalls: listing.samples.length },
      queue: { articles: pagesToDownload, seconds: round(queueSeconds), articlesPerSecond: round(pagesToDownload / queueSeconds), listMsP50: queueList.p50, listMsP95: queueList.p95, listMsMax: round(Math.max(...queue.samples)) },
      exportJson: { articles: exported.articles, seconds: round(exportSeconds), megabytes: round(exported.bytes / 1024 / 1024), rssGrowthMb: round(exportGrowth) },
    };
  } finally {
    await pages.close();
    await extractor.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}
