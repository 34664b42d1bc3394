/**
 * `npm run bench`: builds a realistic library through the library's own API in a temporary folder
 * (default 50,000 articles; `--articles N`), measures in one process the medians and 95th
 * percentiles of what a reader waits for, prints a table, and as its last line one JSON object.
 * Options: --articles N, --reps N (default 25), --keep (leave the library folder), --skip-renderer,
 * --feeds-only (only the feed measures of tests/bench/feeds.ts, issue 14), --transfer-only (only the
 * import and export measures of tests/bench/transfer.ts, issue 15).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { ArticleView } from '../../shared/api';
import { Library } from '../../electron/library/library';
import { takeRollingBackup } from '../../electron/library/rolling-backups';
import { librarySearchSource } from '../../electron/search/library-source';
import { SearchIndex } from '../../electron/search/search-index';
import { createOffprintService } from '../../electron/service';
import { measureAnchoring } from './anchoring';
import { measureCapture } from './capture';
import { type FeedBench, measureFeeds } from './feeds';
import { measureTransfer, type TransferBench } from './transfer';
import { ArticleGenerator, random } from './corpus';
import { measureRenderer } from './renderer';
import { round, type Summary, summarize, timeEach } from './stats';

const { values } = parseArgs({
  options: {
    articles: { type: 'string', default: '50000' },
    reps: { type: 'string', default: '25' },
    keep: { type: 'boolean', default: false },
    'skip-renderer': { type: 'boolean', default: false },
    'feeds-only': { type: 'boolean', default: false },
    'transfer-only': { type: 'boolean', default: false },
    // Internal: build one library into a folder and print its queries (run in a child process).
    generate: { type: 'string' },
    // Internal: open a library and its saved search index as the app does, and print the process's resident memory.
    'measure-rss': { type: 'string' },
    seed: { type: 'string', default: '42' },
  },
});
const ARTICLES = Number(values.articles);
const REPS = Math.max(20, Number(values.reps));
if (!Number.isInteger(ARTICLES) || ARTICLES < 100) throw new Error('--articles is a whole number of at least 100');

const log = (line: string) => process.stderr.write(`bench: ${line}\n`);

/**
 * A library of `count` articles, imported in batches through Library.addMany (the same storage
 * code as a save), then given the reading state a used library has: a tenth read, 2% started,
 * 1% bookmarked, 2% archived.
 */
async function buildLibrary(count: number, seed: number, dataDir: string): Promise<{ queries: string[] }> {
  const started = performance.now();
  const library = await Library.open({ dataDir });
  const generator = new ArticleGenerator(seed);
  const queries = new Set<string>();
  for (let done = 0; done < count; ) {
    const batch = Array.from({ length: Math.min(1000, count - done) }, () => generator.next());
    for (let i = 0; i < batch.length; i += 97) for (const q of generator.queriesFrom(batch[i]!)) queries.add(q);
    await library.addArticles({ items: batch, ...{ concurrency: 16 } });
    done += batch.length;
    if (done % 5000 === 0 || done === count) log(`${count}-article library: ${done} stored (${Math.round((performance.now() - started) / 1000)} s)`);
  }
  const rand = random(seed + 1);
  const ids = [...(function* () {
    for (const a of library.listArticles({ view: 'all', offset: 0, limit: count, sort: 'oldest' }).items) yield a.id;
  })()];
  const pick = () => ids[Math.floor(rand() * ids.length)]!;
  const state = Math.round(count * 0.15);
  for (let i = 0; i < state; i++) {
    const roll = rand();
    const id = pick();
    if (roll < 0.1 / 0.15) await library.setRead({ id, read: true });
    else if (roll < 0.12 / 0.15) await library.saveProgress({ id, position: { block: Math.floor(rand() * 40), offset: 0 }, progress: 5 + Math.floor(rand() * 90) });
    else if (roll < 0.13 / 0.15) await library.setBookmarked({ id, bookmarked: true });
    else await library.setArchived({ id, archived: true });
  }
  // Tags as a used library has them: a big one (10% of the articles), a middling one (2%) and a rare one (0.2%).
  for (const id of ids) {
    const tags = [rand() < 0.1 ? 'news' : null, rand() < 0.02 ? 'Read later' : null, rand() < 0.002 ? '日本' : null].filter((t): t is string => t !== null);
    if (tags.length) await library.setTags({ id, tags });
  }
  await library.flush();
  log(`${count}-article library ready in ${Math.round((performance.now() - started) / 1000)} s`);
  return { queries: [...queries] };
}

/**
 * Builds a library in a child process, so the memory the generator used is not counted as the
 * library's: the measurements below run in a process that has only opened it, as the app would.
 */
async function generate(count: number, seed: number): Promise<{ dataDir: string; queries: string[] }> {
  const dataDir = await mkdtemp(join(tmpdir(), `offprint-bench-${count}-`));
  const stdout = await new Promise<string>((resolve, reject) => {
    const child = execFile(process.execPath, [...process.execArgv, process.argv[1]!, '--generate', dataDir, '--articles', String(count), '--seed', String(seed)], { maxBuffer: 64 * 1024 * 1024 }, (error, out) =>
      error ? reject(error) : resolve(out),
    );
    child.stderr?.pipe(process.stderr);
  });
  return { dataDir, queries: (JSON.parse(stdout.trim().split('\n').pop()!) as { queries: string[] }).queries };
}

/**
 * Resident memory of a process that has only opened the library, shown its first page and loaded
 * its search index (in its worker), as the app does at start: measured in a fresh child, because
 * the bench's own process keeps what it allocated building and timing everything else.
 */
async function openedRss(dataDir: string): Promise<number> {
  const stdout = await new Promise<string>((resolve, reject) => {
    execFile(process.execPath, [...process.execArgv, process.argv[1]!, '--measure-rss', dataDir], (error, out) => (error ? reject(error) : resolve(out)));
  });
  return (JSON.parse(stdout.trim().split('\n').pop()!) as { rssMb: number }).rssMb;
}

async function measureOpenedRss(dataDir: string): Promise<{ rssMb: number }> {
  const library = await Library.open({ dataDir });
  library.listArticles({ view: 'all', offset: 0, limit: 50 });
  await library.verified;
  const search = new SearchIndex(dataDir, { source: librarySearchSource(dataDir) });
  await search.start();
  (globalThis as { gc?: () => void }).gc?.();
  const rssMb = Math.round(process.memoryUsage().rss / 1024 / 1024);
  await search.close();
  await library.close();
  return { rssMb };
}

async function bookmarkWrites(library: Library, seed: number): Promise<number[]> {
  const rand = random(seed);
  const page = library.listArticles({ view: 'all', offset: 0, limit: 5000 });
  return timeEach(REPS, async () => {
    const id = page.items[Math.floor(rand() * page.items.length)]!.id;
    await library.setBookmarked({ id, bookmarked: !library.summary(id).bookmarked });
  });
}

/** The feed measures (issue 14) as rows of the table. */
function feedRows(feeds: FeedBench, row: (name: string, s: Summary | number | string, target: string) => void): void {
  row(`feeds: refresh of ${feeds.refresh304.feeds} subscriptions, all 304 (ms)`, `${feeds.refresh304.ms} (${feeds.refresh304.notModified} not modified)`, '≤ 10000');
  row('feeds: resident memory growth during it (MB)', feeds.refresh304.rssGrowthMb, '≤ 100');
  row(`feeds: parse a ${(feeds.parse2Mb.bytes / 1024 / 1024).toFixed(1)} MB feed (${feeds.parse2Mb.items} items; CPU p50 ${feeds.parse2Mb.cpuMsP50})`, { p50: feeds.parse2Mb.msP50, p95: feeds.parse2Mb.msP95 }, 'p50 ≤ 50');
  row(`feeds: new items through the whole pipeline (${feeds.pipeline.articles} in ${feeds.pipeline.seconds} s), per second`, feeds.pipeline.articlesPerSecond, '≥ 10');
  row(`feeds: list call while that refresh runs (${feeds.pipeline.listCalls} calls, max ${feeds.pipeline.listMsMax})`, { p50: feeds.pipeline.listMsP50, p95: feeds.pipeline.listMsP95 }, 'max ≤ 100');
}

function transferRows(t: TransferBench, row: (name: string, s: Summary | number | string, target: string) => void): void {
  row(`import: a ${t.listing.entries.toLocaleString('en')}-row Pocket CSV, every entry listed (s)`, t.listing.seconds, '≤ 10');
  row('import: resident memory it adds (MB)', t.listing.rssGrowthMb, '≤ 150');
  row(`import: list call while it runs (${t.listing.listCalls} calls, max ${t.listing.listMsMax})`, { p50: t.listing.listMsP50, p95: t.listing.listMsP95 }, 'max ≤ 100');
  row(`import: download queue, ${t.queue.articles} local pages (${t.queue.seconds} s), per second`, t.queue.articlesPerSecond, '≥ 20');
  row(`import: list call while the queue runs (max ${t.queue.listMsMax})`, { p50: t.queue.listMsP50, p95: t.queue.listMsP95 }, 'max ≤ 100');
  row(`export: ${t.exportJson.articles} articles as Offprint JSON (${t.exportJson.megabytes} MB in ${t.exportJson.seconds} s), resident memory it adds (MB)`, t.exportJson.rssGrowthMb, '≤ 100');
}

async function main(): Promise<void> {
  const results: Record<string, unknown> = { articles: ARTICLES };
  const rows: [string, string, string][] = [];
  const row = (name: string, s: Summary | number | string, target: string) =>
    rows.push([name, typeof s === 'object' ? `p50 ${s.p50}  p95 ${s.p95}` : String(s), target]);
  if (values['transfer-only']) {
    results.transfer = await measureTransfer(log);
    transferRows(results.transfer as TransferBench, row);
    printTable(rows, results);
    return;
  }
  if (values['feeds-only']) {
    results.feeds = await measureFeeds(log);
    feedRows(results.feeds as FeedBench, row);
    printTable(rows, results);
    return;
  }

  const big = await generate(ARTICLES, 42);
  const small = await generate(1000, 7);
  const cleanup = async () => {
    if (!values.keep) await Promise.all([rm(big.dataDir, { recursive: true, force: true }), rm(small.dataDir, { recursive: true, force: true })]);
    else log(`library kept in ${big.dataDir}`);
  };
  try {
    // Open from disk and show the first page.
    const openSamples: number[] = [];
    const verifySamples: number[] = [];
    for (let i = 0; i < REPS; i++) {
      const started = performance.now();
      const opened = await Library.open({ dataDir: big.dataDir });
      opened.listArticles({ view: 'all', offset: 0, limit: 50 });
      openSamples.push(performance.now() - started);
      // Its look for leftovers and its check of every record (queued after open) finish before the next one is timed.
      const opening = performance.now();
      await opened.verified;
      verifySamples.push(performance.now() - opening);
      await opened.close();
    }
    const open = summarize(openSamples);
    results.openLibraryMs = open;
    row('open library + first page', open, 'p50 ≤ 300');
    results.verifyAfterOpenMs = summarize(verifySamples);
    row('check of every record after open (background)', results.verifyAfterOpenMs as Summary, 'report');

    // Pages listed while that check is still running, as in the first second after the app opens.
    const checking = await Library.open({ dataDir: big.dataDir });
    const whileChecking: number[] = [];
    const rand0 = random(5);
    let done = false;
    void checking.verified.then(() => (done = true));
    while (!done && whileChecking.length < REPS * 4) {
      const offset = Math.floor(rand0() * ARTICLES * 0.8);
      const started = performance.now();
      checking.listArticles({ view: 'all', offset, limit: 50 });
      whileChecking.push(performance.now() - started);
      await new Promise((resolve) => setImmediate(resolve));
    }
    await checking.close();
    results.listPageWhileCheckingMs = summarize(whileChecking);
    row(`list page of 50 during that check (${whileChecking.length} pages)`, results.listPageWhileCheckingMs as Summary, 'p95 ≤ 5');

    const library = await Library.open({ dataDir: big.dataDir });
    await library.verified;
    const rand = random(3);
    const views: [ArticleView, 'newest' | 'oldest'][] = [
      ['all', 'newest'],
      ['all', 'oldest'],
      ['unread', 'newest'],
      ['bookmarked', 'newest'],
      ['archived', 'newest'],
      ['continue', 'newest'],
    ];
    const listPage = summarize(
      await timeEach(REPS * 2, (i) => {
        const [view, sort] = views[i % views.length]!;
        const offset = view === 'all' || view === 'unread' ? Math.floor(rand() * (ARTICLES * 0.8)) : 0;
        return library.listArticles({ view, offset, limit: 50, sort });
      }),
    );
    results.listPageMs = listPage;
    row('list page of 50 (any view, sort, offset)', listPage, 'p95 ≤ 5');

    const all = library.listArticles({ view: 'all', offset: 0, limit: 1, sort: 'oldest' }).total;
    // Articles spread over the whole library, chosen before timing so only the read is measured.
    const spread = Array.from({ length: REPS }, () => library.listArticles({ view: 'all', offset: Math.floor(rand() * all), limit: 1 }).items[0]!.id);
    const cold = await Library.open({ dataDir: big.dataDir });
    await cold.verified;
    const getArticle = summarize(await timeEach(REPS, (i) => cold.getArticle({ id: spread[i]! })));
    results.getArticleMs = getArticle;
    row('get article with body', getArticle, 'p95 ≤ 10');

    const bookmark = summarize(await bookmarkWrites(library, 11));
    const smallLibrary = await Library.open({ dataDir: small.dataDir });
    await smallLibrary.verified;
    const bookmark1k = summarize(await bookmarkWrites(smallLibrary, 11));
    results.bookmarkWriteMs = bookmark;
    results.bookmarkWriteMs1k = bookmark1k;
    row('bookmark toggle, on disk', bookmark, `p50 ≤ 20 and ≤ 3 × 1k p50 (${round(3 * bookmark1k.p50)})`);
    row('bookmark toggle, 1,000 articles', bookmark1k, 'report');

    // Tags and highlights, on disk: a tag added to or removed from an article, a highlight made in one.
    const tagPool = ['news', 'Read later', '日本', 'Économie', 'Long reads'];
    const tagWrite = summarize(
      await timeEach(REPS, async (i) => {
        const id = library.listArticles({ view: 'all', offset: Math.floor(rand() * all), limit: 1 }).items[0]!.id;
        const tag = tagPool[i % tagPool.length]!;
        if (library.summary(id).tags.includes(tag)) await library.removeTags({ id, tags: [tag] });
        else await library.addTags({ id, tags: [tag] });
      }),
    );
    results.tagWriteMs = tagWrite;
    row('tag added or removed, on disk', tagWrite, 'p50 ≤ 20');
    const highlightWrite = summarize(
      await timeEach(REPS, async () => {
        const id = library.listArticles({ view: 'all', offset: Math.floor(rand() * all), limit: 1 }).items[0]!.id;
        const text = await library.articleText({ id });
        const start = Math.floor(rand() * Math.max(1, text.length - 60));
        await library.addHighlight({ id, start, end: Math.min(text.length, start + 40), color: 'green' });
      }),
    );
    results.highlightWriteMs = highlightWrite;
    row('highlight added, on disk (reads body.txt)', highlightWrite, 'p50 ≤ 20');
    // A tag view's first page, in any view and order, each one right after a tag was added or removed somewhere.
    const tagViews: [string, ArticleView, 'newest' | 'oldest'][] = [
      ['news', 'all', 'newest'],
      ['Read later', 'all', 'newest'],
      ['日本', 'all', 'newest'],
      ['news', 'unread', 'newest'],
      ['Read later', 'all', 'oldest'],
      ['news', 'archived', 'newest'],
    ];
    // First after open: the tag's list is worked out (one sample alone is at the mercy of a pause: the median of five opens).
    const coldSamples: number[] = [];
    for (let i = 0; i < 5; i++) {
      const coldTagView = await Library.open({ dataDir: big.dataDir });
      await coldTagView.verified;
      coldSamples.push(...(await timeEach(1, () => coldTagView.listArticles({ tag: 'news', limit: 50 }))));
      await coldTagView.close();
    }
    results.tagViewColdMs = summarize(coldSamples).p50;
    const tagViewSamples: number[] = [];
    for (let i = 0; i < REPS * 2; i++) {
      const [tag, view, sort] = tagViews[i % tagViews.length]!;
      const id = library.listArticles({ view: 'all', offset: Math.floor(rand() * all), limit: 1 }).items[0]!.id;
      await library.addTags({ id, tags: [tag] });
      tagViewSamples.push(...(await timeEach(1, () => library.listArticles({ view, sort, tag, offset: 0, limit: 50 }))));
    }
    results.tagViewFirstPageMs = summarize(tagViewSamples);
    row(`tag view first page of 50 (${library.listTags().map((t) => `${t.name} ${t.count}`).join(', ')}; right after a tag change)`, results.tagViewFirstPageMs as Summary, 'p95 ≤ 5');
    row('tag view first page, first after open (news; median of 5 opens)', results.tagViewColdMs as number, 'report');

    // An article with 200 highlights opened (body, text, anchoring), and anchoring alone (tests/bench/anchoring.ts).
    const heavy = spread[0]!;
    const heavyText = await library.articleText({ id: heavy });
    for (let i = 0; i < 200; i++) {
      const start = Math.floor((i / 200) * Math.max(1, heavyText.length - 30));
      await library.addHighlight({ id: heavy, start, end: Math.min(heavyText.length, start + 25), color: 'yellow' });
    }
    results.getArticle200HighlightsMs = summarize(await timeEach(REPS, () => library.getArticle({ id: heavy })));
    row('get article with 200 highlights placed', results.getArticle200HighlightsMs as Summary, 'report');

    const progress = summarize(
      await timeEach(REPS, async (i) => {
        const id = library.listArticles({ view: 'all', offset: Math.floor(rand() * all), limit: 1 }).items[0]!.id;
        await library.saveProgress({ id, position: { block: i, offset: 3 }, progress: 10 + (i % 80) });
      }),
    );
    results.progressWriteMs = progress;
    row('reading progress, on disk', progress, 'p50 ≤ 20');

    // The search index: built from scratch in its worker, then used, then loaded from disk.
    const search = new SearchIndex(big.dataDir, { source: librarySearchSource(big.dataDir) });
    const service = createOffprintService(library, { search });
    const buildStarted = performance.now();
    const built = await search.start();
    results.searchIndexBuildMs = round(performance.now() - buildStarted);
    row('search index build (from scratch)', `${results.searchIndexBuildMs} (${built.docs} articles)`, 'report');

    const generator = new ArticleGenerator(99);
    const add = summarize(
      await timeEach(REPS, async () => {
        const { record, files } = generator.next();
        await library.addArticle({ record: { ...record, id: `zz${record.id}` }, files });
      }),
    );
    results.addArticleMs = add;
    row('add article (files, index shard, search index)', add, 'p50 ≤ 100');

    const queries = pickQueries(big.queries, 20);
    const searchSamples: number[] = [];
    for (let pass = 0; pass < 2; pass++) {
      for (const query of queries) searchSamples.push(...(await timeEach(1, () => service.searchArticles({ query, limit: 20 }))));
    }
    const hits = await Promise.all(queries.map(async (query) => (await service.searchArticles({ query, limit: 1 })).total));
    const searchMs = summarize(searchSamples);
    results.searchMs = searchMs;
    row(`search, 20 body queries ×2 (median ${hits.sort((a, b) => a - b)[10]} hits)`, searchMs, 'p95 ≤ 30');
    await service.close();

    const loadSamples: number[] = [];
    let loaded: SearchIndex | null = null;
    for (let i = 0; i < 5; i++) {
      await loaded?.close();
      loaded = new SearchIndex(big.dataDir, { source: librarySearchSource(big.dataDir) });
      const started = performance.now();
      await loaded.start();
      loadSamples.push(performance.now() - started);
    }
    results.searchIndexLoadMs = summarize(loadSamples).p50;
    row('search index load at start (worker start included)', results.searchIndexLoadMs as number, '≤ 1000');

    // With the library open and its search index loaded (in its worker), as in the app: in a fresh process.
    // The bench's own process, for comparison, holds everything it built and timed above.
    (globalThis as { gc?: () => void }).gc?.();
    results.benchProcessRssMb = Math.round(process.memoryUsage().rss / 1024 / 1024);
    row('resident memory of this bench process (MB)', results.benchProcessRssMb as number, 'report');
    await loaded?.close();
    results.rssMb = await openedRss(big.dataDir);
    row('resident memory, library open and searchable (MB, a fresh process)', results.rssMb as number, '≤ 400');

    // Anchoring alone, after the memory figure so its long texts are not counted in it.
    const anchoring = await measureAnchoring(REPS);
    results.anchor200HighlightsMs = anchoring.anchor200HighlightsMs;
    results.anchoring = anchoring;
    row('anchoring 200 highlights, long article (20,000 words), unchanged', anchoring.anchor200HighlightsMs, 'p95 ≤ 50');
    row('… after a paragraph was added on top (all moved)', anchoring.anchor200MovedMs, 'p95 ≤ 50');
    row(`… and a word changed in one in ten (${anchoring.editedFound.fuzzy} fuzzy, ${anchoring.editedFound.notFound} not found)`, anchoring.anchor200EditedMs, 'p95 ≤ 50');

    // Rolling backups and repair, at full size.
    const expectedSize = library.size;
    await Promise.all([library.close(), cold.close(), smallLibrary.close()]);
    const snapshotSamples: number[] = [];
    for (let i = 0; i < 5; i++) {
      const started = performance.now();
      await takeRollingBackup(big.dataDir, 'scheduled');
      snapshotSamples.push(performance.now() - started);
    }
    results.backupMs = summarize(snapshotSamples).p50;
    row('rolling backup of the index (copy + SHA-256)', results.backupMs as number, 'report');
    // A shard in the middle, zero-filled: moved aside, restored from the backup, folders looked through.
    const shard = join(big.dataDir, 'index', `${String(Math.floor(ARTICLES / 256 / 2)).padStart(6, '0')}.articles.jsonl`);
    await writeFile(shard, Buffer.alloc((await stat(shard)).size));
    const repairStarted = performance.now();
    const repaired = await Library.open({ dataDir: big.dataDir });
    results.openWithRepairMs = round(performance.now() - repairStarted);
    if (!repaired.repairNotice || repaired.size !== expectedSize) throw new Error(`the repair lost articles: ${repaired.size} of ${expectedSize}`);
    await repaired.close();
    row('open with a damaged shard, repaired from the backup', results.openWithRepairMs as number, 'report');

    // Capture: the twenty Readability fixture pages through the whole pipeline, against bare jsdom + Readability.
    log('capture pipeline vs bare Readability…');
    const capture = await measureCapture();
    results.capture = capture;
    row('capture pipeline p50 / p95', `p50 ${capture.pipelineMsP50}  p95 ${capture.pipelineMsP95}`, 'p95 ≤ 600');
    row('bare jsdom + Readability p50; ratio', `p50 ${capture.bareReadabilityMsP50}; ratio ${capture.ratio}`, 'ratio ≤ 1.0');

    if (values['skip-renderer']) {
      results.rendererFirstListMs = null;
      results.listDomRows = null;
    } else {
      log('renderer in Chromium through offprint serve…');
      const renderer = await measureRenderer(big.dataDir, REPS);
      results.rendererFirstListMs = renderer.firstList?.p50 ?? null;
      results.listDomRows = renderer.listDomRows;
      row('renderer: navigation to first rows', renderer.firstList ?? renderer.note ?? 'n/a', '≤ 700');
      row('renderer: most rows in the DOM while scrolling', renderer.listDomRows === null ? (renderer.note ?? 'n/a') : `${renderer.listDomRows} (scrolled to row ${renderer.scrolledRows}${renderer.reachedEnd ? ', end reached' : ', stopped before the end'})`, '≤ 100');
    }
  } finally {
    await cleanup();
  }

  // Feeds (issue 14), on their own small libraries.
  log('feeds: 500 subscriptions answering 304, a 2 MB feed, new items through the pipeline…');
  results.feeds = await measureFeeds(log);
  feedRows(results.feeds as FeedBench, row);
  results.transfer = await measureTransfer(log);
  transferRows(results.transfer as TransferBench, row);
  printTable(rows, results);
}

function printTable(rows: [string, string, string][], results: Record<string, unknown>): void {
  const width = [Math.max(...rows.map((r) => r[0].length)), Math.max(...rows.map((r) => r[1].length))];
  console.log(`\nOffprint benchmark: ${ARTICLES.toLocaleString('en')} articles, ${REPS} repetitions, milliseconds unless stated\n`);
  console.log(`${'measure'.padEnd(width[0]!)}  ${'result'.padEnd(width[1]!)}  target`);
  for (const [name, value, target] of rows) console.log(`${name.padEnd(width[0]!)}  ${value.padEnd(width[1]!)}  ${target}`);
  console.log(JSON.stringify(results));
}

/** Twenty different queries, spread over the languages they were taken from. */
function pickQueries(candidates: string[], count: number): string[] {
  const cjk = candidates.filter((q) => /[\u3040-\u9fff\uac00-\ud7a3]/.test(q));
  const latin = candidates.filter((q) => !/[\u3040-\u9fff\uac00-\ud7a3]/.test(q));
  const picked = [...latin.slice(0, Math.ceil(count * 0.6)), ...cjk.slice(0, Math.floor(count * 0.4))];
  for (const q of candidates) if (picked.length < count && !picked.includes(q)) picked.push(q);
  return picked.slice(0, count);
}

const run = values['measure-rss']
  ? measureOpenedRss(values['measure-rss']).then((out) => console.log(JSON.stringify(out)))
  : values.generate
  ? buildLibrary(ARTICLES, Number(values.seed), values.generate).then((out) => console.log(JSON.stringify(out)))
  : main();
run.then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
