import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ToParent, ToWorker } from './protocol';

/** Why a worker's request failed, for the client to word: it took too long, the worker threw outside a request, or it exited. */
export type WorkerFailure = { kind: 'timeout'; ms: number } | { kind: 'error'; message: string } | { kind: 'exit'; code: number } | { kind: 'refused'; error: { code: string; message: string } };

export interface WorkerClientOptions {
  /** The worker's entry, by name: `<entry>.js` beside the caller's bundle in a build, `<entry>.ts` beside its source in the source tree (run through tsx). */
  entry: string;
  /** The caller's `import.meta.url`: the worker's file is looked for beside it. */
  from: string;
  workerData?: unknown;
  /** Heap limit of the worker, so one task cannot take the app's memory. */
  maxHeapMb?: number;
  /** Longest one request may take; past it the worker is stopped (and a new one started for the next request). */
  timeoutMs?: number;
  /** Turns a failure into the error the caller's callers see. */
  describe: (failure: WorkerFailure) => Error;
  /** Answers the worker's own calls on this thread (the search worker reads the library this way). */
  onCall?: (payload: unknown) => Promise<unknown>;
  /** Told when a worker stops (crashed, timed out or closed), after its pending requests were refused. */
  onStopped?: () => void;
}

type Pending = { resolve: (value: unknown) => void; reject: (error: unknown) => void; timer: NodeJS.Timeout | null; worker: Worker };

/**
 * The one client of the main process's worker threads (extraction, search): finds the worker's
 * code, starts it on first use, sends typed requests and matches the answers, holds each request
 * to a time limit, and restarts the worker after a time-out or a crash — failing only that
 * worker's pending requests. An idle worker does not keep the process alive.
 */
export class WorkerClient {
  private worker: Worker | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  constructor(private readonly options: WorkerClientOptions) {}

  /** Whether the worker's code is there (a bundle built without the worker's entry has none). */
  static available(entry: string, from: string): boolean {
    const here = dirname(fileURLToPath(from));
    return existsSync(join(here, `${entry}.js`)) || existsSync(join(here, `${entry}.ts`));
  }

  get running(): boolean {
    return this.worker !== null;
  }

  /** The running worker's thread id, or null (for tests and for telling workers apart). */
  get threadId(): number | null {
    return this.worker?.threadId ?? null;
  }

  /** Sends one request; `timeoutMs` overrides the client's time limit for it (null: none). */
  request(payload: unknown, options: { timeoutMs?: number | null } = {}): Promise<unknown> {
    const worker = this.ensureWorker();
    const id = this.nextId++;
    const limit = options.timeoutMs === undefined ? this.options.timeoutMs : (options.timeoutMs ?? undefined);
    return new Promise<unknown>((resolve, reject) => {
      const timer =
        limit === undefined
          ? null
          : setTimeout(() => {
              this.pending.delete(id);
              reject(this.options.describe({ kind: 'timeout', ms: limit }));
              this.stop(worker);
            }, limit);
      this.pending.set(id, { resolve, reject, timer, worker });
      worker.ref();
      worker.postMessage({ kind: 'request', id, payload } satisfies ToWorker);
    }).finally(() => {
      if (![...this.pending.values()].some((p) => p.worker === this.worker)) this.worker?.unref();
    });
  }

  /** Stops the worker; a later request starts a new one. */
  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    if (worker) await worker.terminate();
  }

  private stop(worker: Worker): void {
    if (this.worker === worker) this.worker = null;
    void worker.terminate();
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = this.start();
    worker.unref();
    worker.on('message', (message: ToParent) => {
      if (message.kind === 'call') {
        const answer = this.options.onCall?.(message.payload) ?? Promise.reject(new Error('this worker may not call back'));
        answer.then(
          (value) => worker.postMessage({ kind: 'answer', id: message.id, ok: true, value } satisfies ToWorker),
          (error: unknown) => worker.postMessage({ kind: 'answer', id: message.id, ok: false, message: (error as Error)?.message ?? String(error) } satisfies ToWorker),
        );
        return;
      }
      const pending = this.pending.get(message.id);
      if (!pending) return;
      this.pending.delete(message.id);
      if (pending.timer) clearTimeout(pending.timer);
      if (message.ok) pending.resolve(message.value);
      else pending.reject(this.options.describe({ kind: 'refused', error: message.error }));
    });
    // Only this worker's requests fail with it: a replacement may already be running the next one.
    const fail = (failure: WorkerFailure) => {
      if (this.worker === worker) this.worker = null;
      for (const [id, pending] of this.pending) {
        if (pending.worker !== worker) continue;
        if (pending.timer) clearTimeout(pending.timer);
        pending.reject(this.options.describe(failure));
        this.pending.delete(id);
      }
      this.options.onStopped?.();
    };
    worker.on('error', (error) => fail({ kind: 'error', message: error.message }));
    worker.on('exit', (code) => fail({ kind: 'exit', code }));
    this.worker = worker;
    return worker;
  }

  private start(): Worker {
    const here = dirname(fileURLToPath(this.options.from));
    const settings = {
      workerData: this.options.workerData,
      ...(this.options.maxHeapMb ? { resourceLimits: { maxOldGenerationSizeMb: this.options.maxHeapMb } } : {}),
    };
    const built = join(here, `${this.options.entry}.js`);
    if (existsSync(built)) return new Worker(built, settings);
    // The source tree (tests): the TypeScript entry, loaded through tsx.
    const source = pathToFileURL(join(here, `${this.options.entry}.ts`)).href;
    const bootstrap = `import('tsx/esm/api').then(({ tsImport }) => tsImport(${JSON.stringify(source)}, ${JSON.stringify(source)}))`;
    return new Worker(bootstrap, { ...settings, eval: true });
  }
}
