import { workerData } from 'node:worker_threads';
import { serveRequests } from '../workers/worker-host';
import { remoteSource, type SourceCall } from './search-source';
import { createSearchHandler, type SearchRequest } from './search-store';

// The search index of one library, off the main thread; errors travel back as messages. The library
// stays with the thread that started this one: the index reads it through calls on that thread.
let handle: ((request: SearchRequest) => Promise<unknown>) | null = null;
serveRequests(
  (payload, callParent) => {
    handle ??= createSearchHandler((workerData as { dataDir: string }).dataDir, remoteSource((call: SourceCall) => callParent(call)));
    return handle(payload as SearchRequest);
  },
  (error) => ({ code: 'internal', message: (error as Error)?.message ?? String(error) }),
);
