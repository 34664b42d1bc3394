import { parentPort, workerData } from 'node:worker_threads';
import { createSearchHandler, type SearchRequest } from './search-store';

// The search index of one library, off the main thread; errors travel back as messages.
const handle = createSearchHandler((workerData as { dataDir: string }).dataDir);
parentPort!.on('message', (message: { id: number; request: SearchRequest }) => {
  handle(message.request).then(
    (value) => parentPort!.postMessage({ id: message.id, ok: true, value }),
    (error: unknown) => parentPort!.postMessage({ id: message.id, ok: false, message: (error as Error)?.message ?? String(error) }),
  );
});
