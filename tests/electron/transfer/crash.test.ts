import { type ChildProcess, spawn } from 'node:child_process';
import { builtinModules } from 'node:module';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Extractor } from '../../../electron/capture/extractor';
import { Library } from '../../../electron/library/library';
import { acquireLibraryLock } from '../../../electron/library/lock';
import { createOffprintService } from '../../../electron/service';
import { readImportFile } from '../../../electron/transfer/read-input';
import { generateArticlePage } from '../../bench/feed-corpus';
import { type FeedServer, startFeedServer } from '../../helpers/feed-server';
import { random } from '../../helpers/random';
import pkg from '../../../package.json' with { type: 'json' };

/**
 * kill -9 during an import (issue 15): a child imports a Pocket CSV that grows between trials (each
 * file holds every earlier entry again and new ones), acknowledging each entry once it is on disk,
 * and is killed at a random moment: while it reads, records its entries in batches, or downloads
 * them. After every kill the next start must hold every acknowledged entry, and no address twice,
 * once it has resumed; at the end the queue is worked to its end and importing the last file again
 * adds nothing.
 */
const ROOT = resolve(__dirname, '../../..');
const TRIALS = Number(process.env.IMPORT_CRASH_TRIALS ?? 5);
const PER_TRIAL = 300;
const BUNDLE = join(ROOT, 'node_modules/.cache/offprint-import-crash-test', String(process.pid));
const extractor = new Extractor();

let server: FeedServer;
let work: string;
let dataDir: string;

beforeAll(async () => {
  server = await startFeedServer();
  work = await mkdtemp(join(tmpdir(), 'offprint-import-crash-'));
  dataDir = join(work, 'library');
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
        input: { child: join(ROOT, 'tests/electron/transfer/crash-child.ts'), 'extract-worker': join(ROOT, 'electron/capture/extract-worker.ts') },
        external: (id) => external.some((e) => id === e || id.startsWith(`${e}/`)),
        output: { format: 'es', entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js' },
      },
    },
  });
  await writeFile(join(BUNDLE, 'package.json'), '{"type":"module"}');
}, 120_000);

afterAll(async () => {
  await server?.close();
  await extractor.close();
  await rm(BUNDLE, { recursive: true, force: true });
  await rm(work, { recursive: true, force: true });
});

/** A Pocket CSV of `count` entries on the local server: one in ten a page, the others gone (404). */
async function pocketFile(count: number): Promise<string> {
  const rows = ['title,url,time_added,cursor,tags,status'];
  for (let n = 0; n < count; n++) {
    const url = `${server.url}/p/${n}.html`;
    server.set(`/p/${n}.html`, n % 10 === 0 ? { kind: 'slow', delayMs: 15, then: { kind: 'body', body: generateArticlePage(n), contentType: 'text/html' } } : { kind: 'status', status: 404 });
    rows.push(`"Entry ${n}, with a comma",${url},${1_600_000_000 + n},,tag${n % 7}|Ärger,${n % 3 === 0 ? 'archive' : 'unread'}`);
  }
  const file = join(work, `pocket-${count}.csv`);
  await writeFile(file, `${rows.join('\n')}\n`);
  return file;
}

async function runAndKill(file: string, download: boolean, seed: number): Promise<string[]> {
  const child: ChildProcess = spawn(process.execPath, [join(BUNDLE, 'child.js'), dataDir, file, download ? '1' : '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
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
  const rng = random(seed * 7919);
  await Promise.race([new Promise((ok) => setTimeout(ok, Math.floor(rng() ** 2 * 1200))), exited]);
  const alive = child.exitCode === null && child.signalCode === null;
  child.kill('SIGKILL');
  await exited;
  if (!alive || failure) throw new Error(`the child stopped by itself: ${failure ?? ''}\n${stderr}`);
  return acks;
}

/** Opens the library as the next writer would (resuming what was left) and returns its articles by address. */
async function observe(finish: boolean): Promise<{ ids: Set<string>; byUrl: Map<string, string[]>; downloads: Map<string, string> }> {
  const lock = await acquireLibraryLock(dataDir, 'import crash test');
  try {
    const library = await Library.open({ dataDir });
    const service = createOffprintService(library, { extractor, transfer: { autoStart: finish } });
    await service.transfer.resumed;
    if (finish) {
      // As `offprint downloads --run`: the imports made with --no-download too.
      await service.transfer.runAll();
      await service.transfer.downloadsIdle();
    }
    const ids = new Set<string>();
    const byUrl = new Map<string, string[]>();
    const downloads = new Map<string, string>();
    for (const record of library.records()) {
      ids.add(record.id);
      const key = record.normalizedUrl ?? record.id;
      byUrl.set(key, [...(byUrl.get(key) ?? []), record.id]);
      downloads.set(record.url ?? record.id, record.download?.status ?? 'downloaded');
    }
    await service.close();
    await library.close();
    return { ids, byUrl, downloads };
  } finally {
    await lock.release();
  }
}

describe('electron/transfer: kill -9 during an import', () => {
  it(`loses no acknowledged entry, records no address twice, and resumes (${TRIALS} kills)`, async () => {
    const acknowledged = new Set<string>();
    let file = '';
    for (let trial = 1; trial <= TRIALS; trial++) {
      file = await pocketFile(trial * PER_TRIAL);
      const acks = await runAndKill(file, trial % 2 === 0, trial);
      if (process.env.CRASH_DEBUG) console.log(`trial ${trial}: ${acks.length} acknowledged before the kill`);
      for (const id of acks) acknowledged.add(id);
      const { ids, byUrl } = await observe(false);
      for (const id of acknowledged) expect(ids.has(id), `acknowledged entry ${id} (trial ${trial})`).toBe(true);
      for (const [url, holders] of byUrl) expect(holders, `${url} (trial ${trial})`).toHaveLength(1);
      // An import whose job was written is resumed whole; one killed before that left nothing.
      expect([0, ...Array.from({ length: trial }, (_, t) => (t + 1) * PER_TRIAL)]).toContain(ids.size);
    }
    expect(acknowledged.size).toBeGreaterThan(0);
    // The last file once more, to the end: every entry once, and the queue worked to its end.
    const lock = await acquireLibraryLock(dataDir, 'import crash test');
    const library = await Library.open({ dataDir });
    const service = createOffprintService(library, { extractor, transfer: { autoStart: true } });
    try {
      await service.transfer.resumed;
      await service.transfer.importInput(await readImportFile(file), { download: true, wayback: false });
      expect(library.size).toBe(TRIALS * PER_TRIAL);
      const again = await service.transfer.importInput(await readImportFile(file), { download: true, wayback: false });
      expect(again).toMatchObject({ imported: 0, duplicates: TRIALS * PER_TRIAL });
      expect(library.size).toBe(TRIALS * PER_TRIAL);
      const sample = library.allIds().map((id) => library.summary(id)).find((a) => a.title === 'Entry 3, with a comma')!;
      expect(sample.archivedAt).not.toBeNull();
      expect(sample.tags.sort()).toEqual(['tag3', 'Ärger']);
    } finally {
      await service.close();
      await library.close();
      await lock.release();
    }
    // The queue worked to its end, wherever the kills left it: every page downloaded, every gone one failed.
    const { byUrl, downloads } = await observe(true);
    expect(byUrl.size).toBe(TRIALS * PER_TRIAL);
    for (const [url, status] of downloads) expect(status, url).toBe(Number(/\/p\/(\d+)\.html$/.exec(url)![1]) % 10 === 0 ? 'downloaded' : 'failed');
    // Nothing of a killed import is left beside the jobs: no temporary files.
    expect((await readdir(join(dataDir, 'imports'))).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  }, 300_000);
});
