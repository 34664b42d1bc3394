/**
 * `npm run bench:feed-parsers`: the comparison that chose Offprint's feed parser. Four well-kept
 * npm parsers read every file of ../shared/fixtures/feeds/ (decoded by Offprint's own decoder, as
 * the app would give them text), a generated 2 MB feed (median of 15 parses), and a "billion
 * laughs" document (in a worker with a 5 s limit and a 512 MB heap), and the results are printed
 * as a table and, last, one JSON line. Rerun it after upgrading any of them.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { extractFromJson, extractFromXml } from '@extractus/feed-extractor';
import { parseFeed as rowanmanningParse } from '@rowanmanning/feed-parser';
import { parseFeed as feedsmithParse } from 'feedsmith';
import RssParser from 'rss-parser';
import { decodeFeedBytes } from '../../electron/feeds/decode';
import { parseFeedText } from '../../electron/feeds/parse/parse-feed';
import { generateFeed } from './feed-corpus';

const FIXTURES = resolve(import.meta.dirname, '../../../shared/fixtures/feeds');
const ROOT = resolve(import.meta.dirname, '../..');

interface Item {
  title?: unknown;
  link?: unknown;
  date?: unknown;
  content?: unknown;
}
interface Parser {
  name: string;
  version: string;
  parse(text: string): Promise<Item[]>;
  /** Module and call used in the billion-laughs worker (CommonJS, eval'd); null to call `parse` in this process. */
  workerCall: string | null;
}

/** A package's version, from its package.json in node_modules (some packages do not export it). */
const version = (name: string) => (JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
const rss = new RssParser();
const looksJson = (text: string) => /^\s*[{[]/.test(text);

const parsers: Parser[] = [
  {
    name: 'feedsmith',
    version: version('feedsmith'),
    async parse(text) {
      const { feed } = feedsmithParse(looksJson(text) ? JSON.parse(text) : text) as unknown as { feed: Record<string, unknown> };
      const items = (feed.items ?? feed.entries ?? []) as Record<string, unknown>[];
      return items.map((i) => ({
        title: (i.title as { value?: string })?.value ?? i.title,
        link: i.link ?? i.url ?? (i.links as { href: string }[] | undefined)?.[0]?.href,
        date: i.pubDate ?? i.published ?? i.updated ?? i.date_published ?? (i.dc as { dates?: string[] })?.dates?.[0],
        content: (i.content as { encoded?: string; value?: string })?.encoded ?? (i.content as { value?: string })?.value ?? i.content_html ?? i.description ?? (i.summary as { value?: string })?.value,
      }));
    },
    workerCall: "require('feedsmith').parseFeed(text)",
  },
  {
    name: '@rowanmanning/feed-parser',
    version: version('@rowanmanning/feed-parser'),
    async parse(text) {
      const feed = rowanmanningParse(text);
      return feed.items.map((i) => ({ title: i.title, link: i.url, date: i.published, content: i.content ?? i.description }));
    },
    workerCall: "require('@rowanmanning/feed-parser').parseFeed(text)",
  },
  {
    name: 'rss-parser',
    version: version('rss-parser'),
    async parse(text) {
      const feed = await rss.parseString(text);
      return feed.items.map((i) => ({ title: i.title, link: i.link, date: i.isoDate, content: (i as Record<string, unknown>)['content:encoded'] ?? i.content }));
    },
    workerCall: "new (require('rss-parser'))().parseString(text)",
  },
  {
    name: '@extractus/feed-extractor',
    version: version('@extractus/feed-extractor'),
    async parse(text) {
      const options = { descriptionMaxLen: 0, normalization: true };
      const feed = looksJson(text) ? extractFromJson(JSON.parse(text), options) : extractFromXml(text, options);
      return (feed.entries ?? []).map((e) => ({ title: e.title, link: e.link, date: e.published, content: e.description }));
    },
    workerCall: "require('@extractus/feed-extractor').extractFromXml(text)",
  },
  {
    // What Offprint runs: feedsmith behind xml-guard (no DTD, bounded entities, truncated documents closed).
    name: 'Offprint parseFeedText (feedsmith + xml-guard)',
    version: version('feedsmith'),
    async parse(text) {
      const feed = parseFeedText(text, { url: 'https://feeds.example/feed' });
      return feed.items.map((i) => ({ title: i.title, link: i.link, date: i.published, content: i.contentHtml ?? i.summaryHtml }));
    },
    workerCall: null,
  },
];

const BILLION_LAUGHS = `<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 ${Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`).join('\n ')}
]>
<rss version="2.0"><channel><title>&lol9;</title><item><title>x</title><description>&lol9;</description></item></channel></rss>`;

async function laughs(parser: Parser): Promise<string> {
  if (!parser.workerCall) {
    const started = performance.now();
    const outcome = await parser.parse(BILLION_LAUGHS).then(
      (items) => `parsed, ${items.length} items`,
      (e: Error) => `refused: ${e.message.slice(0, 80)}`,
    );
    return `${outcome} (${Math.round(performance.now() - started)} ms)`;
  }
  const call = parser.workerCall;
  return new Promise((done) => {
    const started = performance.now();
    const worker = new Worker(
      `const { parentPort, workerData: text } = require('node:worker_threads');
       Promise.resolve().then(() => ${call}).then(
         (r) => parentPort.postMessage('parsed, title ' + String(JSON.stringify(r).length) + ' characters'),
         (e) => parentPort.postMessage('refused: ' + String(e && e.message).replace(/\\s+/g, " ").slice(0, 80)));`,
      { eval: true, workerData: BILLION_LAUGHS, resourceLimits: { maxOldGenerationSizeMb: 512 } },
    );
    const timer = setTimeout(() => void worker.terminate().then(() => done('still running after 5 s (stopped)')), 5000);
    const ms = () => `${Math.round(performance.now() - started)} ms`;
    worker.on('message', (m: string) => {
      clearTimeout(timer);
      void worker.terminate();
      done(`${m} (${ms()})`);
    });
    worker.on('error', (e) => {
      clearTimeout(timer);
      done(`crashed: ${e.message.slice(0, 60)} (${ms()})`);
    });
  });
}

function filled(items: Item[], key: keyof Item): number {
  return items.filter((i) => typeof i[key] === 'string' ? (i[key] as string).trim() !== '' : i[key] instanceof Date || (typeof i[key] === 'object' && i[key] !== null)).length;
}

async function main(): Promise<void> {
  const folders = readdirSync(FIXTURES).filter((f) => !f.endsWith('.md')).sort();
  const big = generateFeed({ items: 400, bytes: 2 * 1024 * 1024, seed: 3 });
  const results: Record<string, unknown> = {};
  for (const parser of parsers) {
    const perFolder: Record<string, { parsed: number; failed: number; items: number }> = {};
    const all: Item[] = [];
    const failures: string[] = [];
    for (const folder of folders) {
      const counts = { parsed: 0, failed: 0, items: 0 };
      for (const file of readdirSync(join(FIXTURES, folder)).sort()) {
        const { text } = decodeFeedBytes(readFileSync(join(FIXTURES, folder, file)));
        try {
          const items = await parser.parse(text);
          counts.parsed++;
          counts.items += items.length;
          all.push(...items);
        } catch (error) {
          counts.failed++;
          failures.push(`${folder}/${file}: ${String((error as Error).message).replace(/\s+/g, " ").slice(0, 70)}`);
        }
      }
      perFolder[folder] = counts;
    }
    const times: number[] = [];
    let bigItems = 0;
    for (let i = 0; i < 15; i++) {
      const started = performance.now();
      bigItems = (await parser.parse(big)).length;
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    results[parser.name] = {
      version: parser.version,
      perFolder,
      items: all.length,
      withTitle: filled(all, 'title'),
      withLink: filled(all, 'link'),
      withDate: filled(all, 'date'),
      withContent: filled(all, 'content'),
      failures,
      parse2MbMsP50: Math.round(times[7]! * 10) / 10,
      parse2MbItems: bigItems,
      billionLaughs: await laughs(parser),
    };
  }
  console.log(`Feed parsers on ${FIXTURES} (${folders.join(', ')})\n`);
  for (const [name, r] of Object.entries(results) as [string, Record<string, unknown>][]) {
    const pf = r.perFolder as Record<string, { parsed: number; failed: number }>;
    console.log(`${name} ${r.version}`);
    console.log(`  parsed/failed: ${Object.entries(pf).map(([f, c]) => `${f} ${c.parsed}/${c.failed}`).join(', ')}`);
    console.log(`  items ${r.items}: title ${r.withTitle}, link ${r.withLink}, date ${r.withDate}, content ${r.withContent}`);
    console.log(`  2 MB feed: p50 ${r.parse2MbMsP50} ms (${r.parse2MbItems} items); billion laughs: ${r.billionLaughs}`);
    for (const f of r.failures as string[]) console.log(`  failed ${f}`);
  }
  console.log(JSON.stringify(results));
}

void main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
