import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { OffprintError } from '../../shared/errors';
import { type SearchSource, type SourceCall, serveSource } from './search-source';
import type { SearchRequest } from './search-store';

export type Send = (request: SearchRequest) => Promise<unknown>;

const here = dirname(fileURLToPath(import.meta.url));
const builtWorker = join(here, 'search-worker.js');
const sourceWorker = join(here, 'search-worker.ts');

/**
 * Whether the worker's code is there: beside the bundle in a build (out/cli), or the TypeScript
 * source when running from the source tree (tests), loaded through tsx. Not in a bundle built
 * without the worker entry: the index then runs in the calling thread.
 */
export function canStartSearchWorker(): boolean {
  return existsSync(builtWorker) || existsSync(sourceWorker);
}

function startWorker(dataDir: string): Worker {
  if (existsSync(builtWorker)) return new Worker(builtWorker, { workerData: { dataDir } });
  const source = pathToFileURL(sourceWorker).href;
  const bootstrap = `import('tsx/esm/api').then(({ tsImport }) => tsImport(${JSON.stringify(source)}, ${JSON.stringify(source)}))`;
  return new Worker(bootstrap, { eval: true, workerData: { dataDir } });
}

/**
 * Starts the search worker of a library and gives a function that sends it a request and resolves
 * with its answer. The worker's calls on the library (`source`) are answered here, in this thread.
 * The worker does not keep the process alive while nothing is asked of it; when it stops (crashed,
 * or terminated), every pending request is refused and `onStopped` is told.
 */
export function connectSearchWorker(dataDir: string, sourceOfArticles: SearchSource, onStopped: (worker: Worker) => void): { worker: Worker; send: Send } {
  const worker = startWorker(dataDir);
  const source = serveSource(sourceOfArticles);
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: unknown) => void }>();
  let nextId = 1;
  worker.unref();
  worker.on('message', (message: { id: number; ok: boolean; value?: unknown; message?: string } | { sourceCall: number; call: SourceCall }) => {
    if ('sourceCall' in message) {
      source.answer(message.call).then(
        (value) => worker.postMessage({ sourceReply: message.sourceCall, ok: true, value }),
        (error: unknown) => worker.postMessage({ sourceReply: message.sourceCall, ok: false, message: (error as Error)?.message ?? String(error) }),
      );
      return;
    }
    const waiting = pending.get(message.id);
    if (!waiting) return;
    pending.delete(message.id);
    if (pending.size === 0) worker.unref();
    if (message.ok) waiting.resolve(message.value);
    else waiting.reject(new OffprintError('internal', `Search failed: ${message.message}`));
  });
  const fail = (error: Error) => {
    source.closeAll();
    onStopped(worker);
    for (const waiting of pending.values()) waiting.reject(new OffprintError('internal', `Search stopped: ${error.message}`));
    pending.clear();
  };
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`the search worker exited (${code})`)));
  const send: Send = (request) =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      worker.ref();
      worker.postMessage({ id, request });
    });
  return { worker, send };
}
