// `node --import ./record-loads.mjs`: appends the URL of every module loaded (import or require, in
// the main thread and in worker threads, which inherit --import) to the file named by RECORD_LOADS.
import { appendFileSync } from 'node:fs';
import { registerHooks } from 'node:module';

registerHooks({
  load(url, context, nextLoad) {
    if (url.startsWith('file:')) appendFileSync(process.env.RECORD_LOADS, `${url}\n`);
    return nextLoad(url, context);
  },
});
