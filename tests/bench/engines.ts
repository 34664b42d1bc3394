/**
 * `npm run bench:engines`: Offprint's search index beside SQLite FTS5 and MiniSearch, on the same
 * corpus (tests/bench/corpus.ts, default 50,000 articles) and the same 200 queries (100 body words
 * and pairs, 50 word prefixes, 50 CJK words, Korean among them). Each engine builds in a process of
 * its own, then is loaded and queried in a fresh one, so one engine's garbage never counts against
 * another and "resident after load" is the index alone (plus Node itself, shown apart). Prints a
 * table and, as its last line, one JSON object.
 * Options: --articles N, --seed N, --engines offprint,fts5,minisearch, --keep (leave the folder).
 */
import { execFile } from 'node:child_process';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import type { SearchDocument } from '../../electron/search/inverted-index';
import { parseQuery } from '../../electron/search/tokenize';
import { ArticleGenerator, type GeneratedArticle } from './corpus';
import { ENGINES, loadSqlite } from './search-engines';
import { round, type Summary, summarize } from './stats';

const { values } = parseArgs({
  options: {
    articles: { type: 'string', default: '50000' },
    seed: { type: 'string', default: '42' },
    engines: { type: 'string', default: ENGINES.map((e) => e.name).join(',') },
    keep: { type: 'boolean', default: false },
    // Internal: one step of one engine, in a child process.
    child: { type: 'string' },
    engine: { type: 'string' },
    dir: { type: 'string' },
  },
});
const log = (line: string) => process.stderr.write(`bench:engines: ${line}\n`);
const mb = (bytes: number) => (bytes < 10 * 1024 * 1024 ? Math.round(bytes / 1024 / 102.4) / 10 : Math.round(bytes / 1024 / 1024));
const gc = () => (globalThis as { gc?: () => void }).gc?.();

interface Query {
  text: string;
  set: 'body' | 'prefix' | 'cjk';
}
interface BuildResult {
  buildMs: number;
  peakRssMb: number;
  diskMb: number;
}
interface QueryResult {
  loadMs: number;
  nodeRssMb: number;
  rssMb: number;
  queryMs: Summary & Record<Query['set'], Summary>;
  totals: number[];
}

async function* readCorpus(file: string): AsyncIterable<SearchDocument> {
  for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) if (line) yield JSON.parse(line) as SearchDocument;
}

/** One step of one engine, in this (child) process; prints its result as JSON. */
async function child(step: string, name: string, dir: string): Promise<void> {
  const engine = ENGINES.find((e) => e.name === name)!;
  const indexDir = join(dir, name);
  if (step === 'build') {
    await rm(indexDir, { recursive: true, force: true });
    await mkdir(indexDir, { recursive: true });
    const started = performance.now();
    await engine.build(readCorpus(join(dir, 'corpus.jsonl')), indexDir);
    const buildMs = performance.now() - started;
    let disk = 0;
    for (const file of await readdir(indexDir)) disk += (await stat(join(indexDir, file))).size;
    const result: BuildResult = { buildMs: round(buildMs), peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024), diskMb: mb(disk) };
    console.log(JSON.stringify(result));
    return;
  }
  const queries = JSON.parse(await readFile(join(dir, 'queries.json'), 'utf8')) as Query[];
  gc();
  const nodeRss = process.memoryUsage().rss;
  const started = performance.now();
  const loaded = await engine.load(indexDir);
  const loadMs = performance.now() - started;
  gc();
  const rss = process.memoryUsage().rss;
  const samples: number[] = [];
  const bySet: Record<Query['set'], number[]> = { body: [], prefix: [], cjk: [] };
  const totals: number[] = [];
  // Two passes: the first meets a cold index (pages not yet touched), as the first searches after start do.
  for (let pass = 0; pass < 2; pass++) {
    for (const query of queries) {
      const t = performance.now();
      const answer = loaded.search(parseQuery(query.text).clauses);
      const ms = performance.now() - t;
      samples.push(ms);
      bySet[query.set].push(ms);
      if (pass === 0) totals.push(answer.total);
    }
  }
  const result: QueryResult = {
    loadMs: round(loadMs),
    nodeRssMb: mb(nodeRss),
    rssMb: mb(rss),
    queryMs: { ...summarize(samples), body: summarize(bySet.body), prefix: summarize(bySet.prefix), cjk: summarize(bySet.cjk) },
    totals,
  };
  console.log(JSON.stringify(result));
}

function runChild(step: 'build' | 'query', engine: string, dir: string): Promise<unknown> {
  // MiniSearch needs well over a gigabyte of heap at 50,000 articles.
  const args = ['--expose-gc', '--max-old-space-size=6144', process.argv[1]!, '--child', step, '--engine', engine, '--dir', dir];
  return new Promise((resolve, reject) => {
    const running = execFile(process.execPath, args, { maxBuffer: 16 * 1024 * 1024 }, (error, stdout) => (error ? reject(error) : resolve(JSON.parse(stdout.trim().split('\n').pop()!))));
    running.stderr?.pipe(process.stderr);
  });
}

/**
 * Writes the corpus as one JSON document per line (the fields the index reads, as searchDocument
 * makes them) and picks the queries from it: from every k-th article, the words corpus.ts's own
 * query maker takes (a second generator, so picking them does not change the articles).
 */
async function writeCorpus(dir: string, count: number, seed: number): Promise<Query[]> {
  const generator = new ArticleGenerator(seed);
  const picker = new ArticleGenerator(seed + 1);
  const out = createWriteStream(join(dir, 'corpus.jsonl'));
  const latin = new Set<string>();
  const cjk: Record<'ko' | 'zh' | 'ja', Set<string>> = { ko: new Set(), zh: new Set(), ja: new Set() };
  const every = Math.max(1, Math.floor(count / 1500));
  for (let i = 0; i < count; i++) {
    const article: GeneratedArticle = generator.next();
    const { record, files } = article;
    const line = JSON.stringify({ id: record.id, title: record.title, meta: [record.siteName, record.byline].filter(Boolean).join(' '), body: files.bodyText } satisfies SearchDocument);
    if (!out.write(`${line}\n`)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
    if (i % every === 0) {
      const lang = record.lang as string;
      for (const q of picker.queriesFrom(article)) (lang === 'ko' || lang === 'zh' || lang === 'ja' ? cjk[lang] : latin).add(q);
    }
    if ((i + 1) % 10000 === 0) log(`corpus: ${i + 1} articles`);
  }
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
  const words = [...latin];
  const body = words.slice(0, 100);
  // Prefixes of single words not used as body queries, three or four letters: the word being typed.
  const prefix = [...new Set(words.slice(100).filter((w) => !w.includes(' ') && w.length >= 6).map((w, i) => w.slice(0, 3 + (i % 2)).toLowerCase()))].slice(0, 50);
  // Korean, Chinese and Japanese as the corpus mixes them (20 : 8 : 8); Chinese and Japanese come
  // from a few fixture sentences, so where they run short Korean fills in.
  const zh = [...cjk.zh].slice(0, 11);
  const ja = [...cjk.ja].slice(0, 11);
  const east = [...[...cjk.ko].slice(0, 50 - zh.length - ja.length), ...zh, ...ja];
  if (body.length < 100 || prefix.length < 50 || east.length < 50) log(`only ${body.length} body, ${prefix.length} prefix and ${east.length} CJK queries at this size`);
  return [...body.map((text) => ({ text, set: 'body' as const })), ...prefix.map((text) => ({ text, set: 'prefix' as const })), ...east.map((text) => ({ text, set: 'cjk' as const }))];
}

async function main(): Promise<void> {
  const count = Number(values.articles);
  if (!Number.isInteger(count) || count < 100) throw new Error('--articles is a whole number of at least 100');
  const wanted = values.engines.split(',').map((e) => e.trim());
  for (const name of wanted) if (!ENGINES.some((e) => e.name === name)) throw new Error(`unknown engine ${name} (${ENGINES.map((e) => e.name).join(', ')})`);
  const sqlite = loadSqlite() !== null;
  const engines = ENGINES.filter((e) => wanted.includes(e.name) && (e.name !== 'fts5' || sqlite));
  const dir = await mkdtemp(join(tmpdir(), `offprint-engines-${count}-`));
  const results: Record<string, BuildResult & Omit<QueryResult, 'totals'> & { agreesWithOffprint?: string }> = {};
  let queries: Query[];
  try {
    log(`writing a corpus of ${count} articles in ${dir}`);
    queries = await writeCorpus(dir, count, Number(values.seed));
    await writeFile(join(dir, 'queries.json'), JSON.stringify(queries));
    let reference: number[] | null = null;
    for (const engine of engines) {
      log(`${engine.name}: building…`);
      const built = (await runChild('build', engine.name, dir)) as BuildResult;
      log(`${engine.name}: built in ${Math.round(built.buildMs / 1000)} s; loading and querying…`);
      const { totals, ...queried } = (await runChild('query', engine.name, dir)) as QueryResult;
      const row: (typeof results)[string] = { ...built, ...queried };
      if (engine.name === 'offprint') reference = totals;
      else if (reference) row.agreesWithOffprint = `${totals.filter((t, i) => t === reference![i]).length}/${totals.length}`;
      results[engine.name] = row;
      await rm(join(dir, engine.name), { recursive: true, force: true });
    }
  } finally {
    if (values.keep) log(`kept ${dir}`);
    else await rm(dir, { recursive: true, force: true });
  }
  printTable(count, queries, engines, results, sqlite);
}

function printTable(count: number, queries: Query[], engines: typeof ENGINES, results: Record<string, BuildResult & Omit<QueryResult, 'totals'> & { agreesWithOffprint?: string }>, sqlite: boolean): void {
  const korean = queries.filter((q) => q.set === 'cjk' && /\p{sc=Hangul}/u.test(q.text)).length;
  const header = ['engine', 'build', 'peak RSS (build)', 'disk', 'load', 'resident after load', 'query p50 / p95', 'p95 body / prefix / CJK', 'same totals as ours'];
  const rows = engines.map((e) => {
    const r = results[e.name]!;
    return [
      e.name,
      `${round(r.buildMs / 1000)} s`,
      `${r.peakRssMb} MB`,
      `${r.diskMb} MB`,
      `${r.loadMs} ms`,
      `${r.rssMb} MB (+${round(r.rssMb - r.nodeRssMb)})`,
      `${r.queryMs.p50} / ${r.queryMs.p95} ms`,
      `${r.queryMs.body.p95} / ${r.queryMs.prefix.p95} / ${r.queryMs.cjk.p95}`,
      r.agreesWithOffprint ?? '—',
    ];
  });
  const width = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(width[i]!)).join(' | ')} |`;
  console.log(`\nSearch engines: ${count.toLocaleString('en')} articles (tests/bench/corpus.ts), ${queries.length} queries (${queries.filter((q) => q.set === 'body').length} body, ${queries.filter((q) => q.set === 'prefix').length} prefix, ${queries.filter((q) => q.set === 'cjk').length} CJK of which ${korean} Korean) ×2, one process per engine and step\n`);
  console.log(line(header));
  console.log(line(width.map((w) => '-'.repeat(w))));
  for (const row of rows) console.log(line(row));
  console.log('');
  for (const e of engines) console.log(`${e.name}: ${e.about}`);
  if (!sqlite) console.log('fts5: left out, this Node has no node:sqlite (Node 22.13 or later has it)');
  console.log(`resident after load: the process after loading and a full GC; (+N) is above Node alone (${engines.map((e) => `${results[e.name]!.nodeRssMb}`).join('/')} MB before loading)`);
  console.log('same totals as ours: queries for which the engine counted as many matches as Offprint (Offprint expands a prefix to its 40 most frequent terms; the others to all)');
  console.log(JSON.stringify({ articles: count, queries: queries.length, node: process.version, engines: results }));
}

const run = values.child ? child(values.child, values.engine!, values.dir!) : main();
run.then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
