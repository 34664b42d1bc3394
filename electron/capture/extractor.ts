import { OffprintError } from '../../shared/errors';
import type { ErrorCode } from '../../shared/types';
import { WorkerClient } from '../workers/worker-client';
import type { DomTaskName, DomTasks } from './dom-tasks';

export interface ExtractorOptions {
  /** Longest a single task may take before the worker is stopped. */
  timeoutMs?: number;
  /** Heap limit of the worker, so one page cannot take the app's memory. */
  maxHeapMb?: number;
}

/**
 * Runs extraction, image marking and sanitising in one long-lived worker thread, one task at a time.
 * A task that runs past its time limit (or a worker that dies, for example out of memory) fails with
 * a typed error and the worker is replaced (see WorkerClient).
 */
export class Extractor {
  private readonly client: WorkerClient;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(options: ExtractorOptions = {}) {
    this.client = new WorkerClient({
      entry: 'extract-worker',
      from: import.meta.url,
      maxHeapMb: options.maxHeapMb ?? 768,
      timeoutMs: options.timeoutMs ?? 20_000,
      describe: (failure) => {
        switch (failure.kind) {
          case 'timeout':
            return new OffprintError('extraction-failed', `Reading that page took longer than ${Math.round(failure.ms / 1000)} seconds, so Offprint stopped.`);
          case 'error':
            return new OffprintError('extraction-failed', `Offprint could not read that page: ${failure.message}`);
          case 'exit':
            return new OffprintError('extraction-failed', `Offprint stopped reading that page: the page was too large or too deeply nested to read (worker exit ${failure.code}).`);
          case 'refused':
            return new OffprintError(failure.error.code as ErrorCode, failure.error.message);
        }
      },
    });
  }

  run<T extends DomTaskName>(task: T, ...args: Parameters<DomTasks[T]>): Promise<ReturnType<DomTasks[T]>> {
    const job = this.queue.then(() => this.client.request({ task, args }));
    this.queue = job.catch(() => undefined); // the caller gets the failure; the queue goes on
    return job as Promise<ReturnType<DomTasks[T]>>;
  }

  /** Stops the worker; a later task starts a new one. */
  close(): Promise<void> {
    return this.client.close();
  }
}
