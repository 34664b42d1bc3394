import { parentPort, workerData } from 'node:worker_threads';
import { remoteSource, type SourceCall } from './search-source';
import { createSearchHandler, type SearchRequest } from './search-store';

// The search index of one library, off the main thread; errors travel back as messages. The library
// stays with the thread that started this one: the index reads it through source calls.
const port = parentPort!;
const waiting = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
let nextCall = 1;
const source = remoteSource(
  (call: SourceCall) =>
    new Promise((resolve, reject) => {
      const sourceCall = nextCall++;
      waiting.set(sourceCall, { resolve, reject });
      port.postMessage({ sourceCall, call });
    }),
);
const handle = createSearchHandler((workerData as { dataDir: string }).dataDir, source);
port.on('message', (message: { id: number; request: SearchRequest } | { sourceReply: number; ok: boolean; value?: unknown; message?: string }) => {
  if ('sourceReply' in message) {
    const call = waiting.get(message.sourceReply);
    waiting.delete(message.sourceReply);
    if (message.ok) call?.resolve(message.value);
    else call?.reject(new Error(message.message));
    return;
  }
  handle(message.request).then(
    (value) => port.postMessage({ id: message.id, ok: true, value }),
    (error: unknown) => port.postMessage({ id: message.id, ok: false, message: (error as Error)?.message ?? String(error) }),
  );
});
