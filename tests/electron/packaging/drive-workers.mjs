// Runs the BUILT workers of out/main through their real work (an extraction and a finalize; a
// search index open, add and search), so that every module they load gets loaded and recorded.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';

const [root, page, dataDir] = process.argv.slice(2);
// The search worker reads the library through calls back to this thread: an empty library answers them.
// Messages as electron/workers/protocol.ts has them.
const EMPTY_SOURCE = { ids: [], articles: 1, next: { articles: [], done: true }, close: null };
function ask(worker, { id, ...payload }) {
  return new Promise((resolve, reject) => {
    const onMessage = (message) => {
      if (message.kind === 'call') {
        worker.postMessage({ kind: 'answer', id: message.id, ok: true, value: EMPTY_SOURCE[message.payload.method] });
        return;
      }
      worker.off('message', onMessage);
      if (message.ok) resolve(message.value);
      else reject(new Error(JSON.stringify(message)));
    };
    worker.on('message', onMessage);
    worker.once('error', reject);
    worker.postMessage({ kind: 'request', id, payload: payload.request ?? payload });
  });
}
const extract = new Worker(join(root, 'out/main/extract-worker.js'));
const html = readFileSync(page, 'utf8');
const extracted = await ask(extract, { id: 1, task: 'extract', args: [html, { baseUrl: 'https://example.com/news/story.html', title: 'Story', maxElemsToParse: 50_000 }] });
await ask(extract, { id: 2, task: 'finalize', args: [extracted.contentHtml, 'abcd-1234', []] });
await extract.terminate();
const search = new Worker(join(root, 'out/main/search-worker.js'), { workerData: { dataDir } });
await ask(search, { id: 1, request: { op: 'open' } });
await ask(search, { id: 2, request: { op: 'put', seq: 1, doc: { id: 'abcd-1234', title: 'Harbour ferry', meta: 'Example', body: 'The harbour authority approved the night ferry.' } } });
await ask(search, { id: 3, request: { op: 'search', query: 'ferry', filter: { key: 'all', mode: 'all', ids: [] }, offset: 0, limit: 10 } });
await ask(search, { id: 4, request: { op: 'write-index' } });
await search.terminate();
process.stdout.write('WORKERS DONE\n');
