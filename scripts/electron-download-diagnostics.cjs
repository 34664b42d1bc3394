// Preloaded (`node --require`) into Electron's install.js by ensure-electron.mjs. install.js prints
// only the failed download's stack ("TypeError: fetch failed"), which hides why (no network, a
// refused connection, a timeout): the reason is in the error's `cause`. This wraps fetch to print
// that cause on stderr before the failure goes on as it would have, so ensure-electron can name it.
'use strict';
const fetch = globalThis.fetch;
globalThis.fetch = async function diagnosedFetch(...args) {
  try {
    return await fetch.apply(this, args);
  } catch (error) {
    const cause = error && error.cause;
    if (cause) process.stderr.write(`offprint-diagnosis: ${cause.code || cause.name || 'error'} ${cause.message || String(cause)}\n`);
    throw error;
  }
};
