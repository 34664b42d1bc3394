import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { OffprintError } from '../../shared/errors';
import type { OffprintErrorValue } from '../../shared/types';
import type { DomTaskName, DomTasks } from './dom-tasks';

export interface ExtractorOptions {
  /** Longest a single task may take before the worker is stopped. */
  timeoutMs?: number;
  /** Heap limit of the worker, so one page cannot take the app's memory. */
  maxHeapMb?: number;
}

type Pending = { resolve: (v: unknown) => void; reject: (e: unknown) => void; timer: NodeJS.Timeout; worker: Worker };

/**
 * Where the worker's code is: beside the bundle in a build (out/main, out/cli), or the TypeScript
 * source when running from the source tree (tests), loaded through tsx.
 */
function startWorker(resourceLimits: { maxOldGenerationSizeMb: number }): Worker {
  const here = dirname(fileURLToPath(import.meta.url));
  const built = join(here, 'extract-worker.js');
  if (existsSync(built)) return new Worker(built, { resourceLimits });
  const source = pathToFileURL(join(here, 'extract-worker.ts')).href;
  const bootstrap = `import('tsx/esm/api').then(({ tsImport }) => tsImport(${JSON.stringify(source)}, ${JSON.stringify(source)}))`;
  return new Worker(bootstrap, { eval: true, resourceLimits });
}

/**
 * Runs extraction, image marking and sanitising in one long-lived worker thread, one task at a time.
 * A task that runs past its time limit (or a worker that dies, for example out of memory) fails with
 * a typed error and the worker is replaced.
 */
export class Extractor {
  private worker: Worker | null = null;
  private pending = new Map<number, Pending>();
  private nextId = 1;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly timeoutMs: number;
  private readonly maxHeapMb: number;

  constructor(options: ExtractorOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? 20_000;
    this.maxHeapMb = options.maxHeapMb ?? 768;
  }

  run<T extends DomTaskName>(task: T, ...args: Parameters<DomTasks[T]>): Promise<ReturnType<DomTasks[T]>> {
    const job = this.queue.then(() => this.send(task, args));
    this.queue = job.catch(() => undefined); // the caller gets the failure; the queue goes on
    return job as Promise<ReturnType<DomTasks[T]>>;
  }

  /** Stops the worker; a later task starts a new one. */
  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    if (worker) await worker.terminate();
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = startWorker({ maxOldGenerationSizeMb: this.maxHeapMb });
    worker.unref();
    worker.on('message', (message: { id: number; ok: boolean; value?: unknown; error?: OffprintErrorValue }) => {
      const pending = this.pending.get(message.id);
      if (!pending) return;
      this.pending.delete(message.id);
      clearTimeout(pending.timer);
      if (message.ok) pending.resolve(message.value);
      else pending.reject(new OffprintError(message.error!.code, message.error!.message));
    });
    // Only this worker's tasks fail with it: a replacement worker may already be running the next one.
    const fail = (error: OffprintError) => {
      if (this.worker === worker) this.worker = null;
      for (const [id, pending] of this.pending) {
        if (pending.worker !== worker) continue;
        clearTimeout(pending.timer);
        pending.reject(error);
        this.pending.delete(id);
      }
    };
    worker.on('error', (error) => fail(new OffprintError('extraction-failed', `Offprint could not read that page: ${error.message}`)));
    worker.on('exit', (code) =>
      fail(new OffprintError('extraction-failed', `Offprint stopped reading that page: the page was too large or too deeply nested to read (worker exit ${code}).`)),
    );
    this.worker = worker;
    return worker;
  }

  private send(task: DomTaskName, args: unknown[]): Promise<unknown> {
    const worker = this.ensureWorker();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new OffprintError('extraction-failed', `Reading that page took longer than ${Math.round(this.timeoutMs / 1000)} seconds, so Offprint stopped.`));
        if (this.worker === worker) this.worker = null;
        void worker.terminate();
      }, this.timeoutMs);
      this.pending.set(id, { resolve, reject, timer, worker });
      worker.ref();
      worker.postMessage({ id, task, args });
    }).finally(() => {
      if (this.pending.size === 0) this.worker?.unref();
    });
  }
}
