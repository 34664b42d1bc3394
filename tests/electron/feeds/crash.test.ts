import { type ChildProcess, spawn } from 'node:child_process';
import { builtinModules } from 'node:module';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Extractor } from '../../../electron/capture/extractor';
import { Library } from '../../../electron/library/library';
import { acquireLibraryLock } from '../../../electron/library/lock';
import { createOffprintService } from '../../../electron/service';
import { generateArticlePage, generateFeed } from '../../bench/feed-corpus';
import { type FeedServer, startFeedServer } from '../../helpers/feed-server';
import { random } from '../../helpers/random';
import pkg from '../../../package.json' with { type: 'json' };

/**
 * kill -9 during a refresh (issue 14): a child refreshes three feeds whose items grow between
 * trials, acknowledging each article as the library holds it, and is killed at a random moment.
 * After every kill the library must hold every acknowledged article, and no story twice, once the
 * next refresh has run; at the end a refresh that runs to completion saves every item exactly once.
 */
const ROOT = resolve(__dirname, '../../..');
const TRIALS = Number(process.env.FEEDS_CRASH_TRIALS ?? 8);
const BUNDLE = join(ROOT, 'node_modules/.cache/offprint-feeds-crash-test', String(process.pid));
const FEEDS = 3;

let server: FeedServer;
let dataDir: string;
let items = 4;

function publish(): void {
  for (let f = 0; f < FEEDS; f++) {
    const base = `${server.url}/f${f}/articles`;
    server.set(`/f${f}/feed.xml`, { kind: 'body', body: generateFeed({ items, linkBase: base, startDate: Date.now() - 100 * 3600_000, title: `Feed ${f}`, imageUrl: `${server.url}/img/f${f}.png` }) });
    for (let n = 0; n < items; n++) server.set(`/f${f}/articles/story-${n}.html`, { kind: 'slow', delayMs: 30, then: { kind: 'body', body: generateArticlePage(n + f * 1000, { imageUrl: `${server.url}/img/p${f}-${n}.png` }), contentType: 'text/html' } });
  }
}

beforeAll(async () => {
  server = await startFeedServer();
  dataDir = await mkdtemp(join(tmpdir(), 'offprint-feeds-crash-'));
  const external = [...builtinModules, ...builtinModules.map((m) => `node:${m}`), ...Object.keys(pkg.dependencies)];
  await build({
    configFile: false,
    logLevel: 'error',
    root: ROOT,
    build: {
      outDir: BUNDLE,
      emptyOutDir: true,
      ssr: true,
      target: 'node22',
      minify: false,
      rolldownOptions: {
        input: { child: join(ROOT, 'tests/electron/feeds/crash-child.ts'), 'extract-worker': join(ROOT, 'electron/capture/extract-worker.ts') },
        external: (id) => external.some((e) => id === e || id.startsWith(`${e}/`)),
        output: { format: 'es', entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js' },
      },
    },
  });
  await writeFile(join(BUNDLE, 'package.json'), '{"type":"module"}');
  publish();
  const library = await Library.open({ dataDir });
  const service = createOffprintService(library, { extractor: new Extractor() });
  const outlines = Array.from({ length: FEEDS }, (_, f) => `<outline text="Feed ${f}" xmlUrl="${server.url}/f${f}/feed.xml"/>`).join('');
  await service.importOpml({ opml: `<opml version="2.0"><body>${outlines}</body></opml>` });
  await service.close();
  await library.close();
}, 60_000);

afterAll(async () => {
  await server?.close();
  await rm(BUNDLE, { recursive: true, force: true });
  await rm(dataDir, { recursive: true, force: true });
});

async function runAndKill(seed: number): Promise<string[]> {
  const child: ChildProcess = spawn(process.execPath, [join(BUNDLE, 'child.js'), dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
  const acks: string[] = [];
  let buffered = '';
  let failure: string | null = null;
  let stderr = '';
  let ready!: () => void;
  const isReady = new Promise<void>((ok) => (ready = ok));
  child.stderr!.on('data', (c) => (stderr += c));
  child.stdout!.on('data', (chunk) => {
    buffered += chunk;
    let nl: number;
    while ((nl = buffered.indexOf('\n')) >= 0) {
      const message = JSON.parse(buffered.slice(0, nl)) as { ready?: boolean; ack?: string; error?: string };
      buffered = buffered.slice(nl + 1);
      if (message.ready) ready();
      if (message.ack) acks.push(message.ack);
      if (message.error) failure = message.error;
    }
  });
  const exited = new Promise<void>((ok) => child.once('exit', () => ok()));
  await Promise.race([isReady, exited]);
  const rng = random(seed * 104729);
  await Promise.race([new Promise((ok) => setTimeout(ok, 800 + Math.floor(rng() * 4500))), exited]);
  const alive = child.exitCode === null && child.signalCode === null;
  child.kill('SIGKILL');
  await exited;
  if (!alive || failure) throw new Error(`the child stopped by itself: ${failure ?? ''}\n${stderr}`);
  await new Promise((ok) => setImmediate(ok));
  return acks;
}

/** Opens the library as the next writer would and returns, per story link, the articles holding it. */
async function observe(refresh: boolean): Promise<{ ids: Set<string>; byStory: Map<string, string[]> }> {
  const lock = await acquireLibraryLock(dataDir, 'feeds crash test');
  try {
    const library = await Library.open({ dataDir });
    await library.flush();
    if (refresh) {
      const service = createOffprintService(library, { extractor: new Extractor() });
      await service.refreshFeeds({});
      await service.close();
    }
    const ids = new Set<string>();
    const byStory = new Map<string, string[]>();
    for (const record of library.records()) {
      ids.add(record.id);
      const story = record.normalizedUrl ?? record.id;
      byStory.set(story, [...(byStory.get(story) ?? []), record.id]);
    }
    await library.close();
    return { ids, byStory };
  } finally {
    await lock.release();
  }
}

describe('electron/feeds: kill -9 during a refresh', () => {
  it(`loses no acknowledged article and saves no story twice (${TRIALS} kills)`, async () => {
    const acknowledged = new Set<string>();
    for (let trial = 1; trial <= TRIALS; trial++) {
      items += 3;
      publish();
      const acks = await runAndKill(trial);
      if (process.env.CRASH_DEBUG) console.log(`trial ${trial}: ${acks.length} acknowledged before the kill`);
      for (const id of acks) acknowledged.add(id);
      const { ids, byStory } = await observe(trial % 2 === 0);
      for (const id of acknowledged) expect(ids.has(id), `acknowledged article ${id} (trial ${trial})`).toBe(true);
      for (const [story, holders] of byStory) expect(holders, `story ${story} (trial ${trial})`).toHaveLength(1);
    }
    const { ids, byStory } = await observe(true);
    expect(byStory.size).toBe(FEEDS * items);
    expect(ids.size).toBe(FEEDS * items);
    expect(acknowledged.size).toBeGreaterThan(0);
  }, 240_000);
});
