import { OffprintError } from '../../shared/errors';
import { WorkerClient } from '../workers/worker-client';
import { type SearchSource, type SourceCall, serveSource } from './search-source';
import type { SearchRequest } from './search-store';

export type Send = (request: SearchRequest) => Promise<unknown>;

/**
 * Whether the worker's code is there: beside the bundle in a build (out/cli), or the TypeScript
 * source when running from the source tree (tests). Not in a bundle built without the worker
 * entry: the index then runs in the calling thread.
 */
export function canStartSearchWorker(): boolean {
  return WorkerClient.available('search-worker', import.meta.url);
}

/**
 * Starts the search worker of a library (through the one WorkerClient) and gives a function that
 * sends it a request and resolves with its answer. The worker's calls on the library (`source`)
 * are answered here, in this thread. When it stops (crashed, or terminated), every pending request
 * is refused and `onStopped` is told.
 */
export function connectSearchWorker(dataDir: string, sourceOfArticles: SearchSource, onStopped: (client: WorkerClient) => void): { client: WorkerClient; send: Send } {
  const source = serveSource(sourceOfArticles);
  const client: WorkerClient = new WorkerClient({
    entry: 'search-worker',
    from: import.meta.url,
    workerData: { dataDir },
    describe: (failure) =>
      failure.kind === 'refused'
        ? new OffprintError('internal', `Search failed: ${failure.error.message}`)
        : new OffprintError('internal', `Search stopped: ${failure.kind === 'exit' ? `the search worker exited (${failure.code})` : failure.kind === 'error' ? failure.message : 'it took too long'}`),
    onCall: (call) => source.answer(call as SourceCall),
    onStopped: () => {
      source.closeAll();
      onStopped(client);
    },
  });
  return { client, send: (request) => client.request(request) };
}

