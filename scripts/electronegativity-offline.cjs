// Preloaded (`node --require`) into Electronegativity by security-check.mjs.
//
// Electronegativity's i18n module fetches updated translations with `got` before every scan
// (dist/locales/i18n.js, a 1 s request timeout). Offline the request fails, and on Node 22+ `got`
// 11's retry path makes p-cancelable throw an uncaught "The `onCancel` handler was attached after
// the promise settled", which kills the scan. The scan must not reach the network anyway, so `got`
// is answered here, at once and offline, as "translations unavailable": i18n.js then keeps its
// bundled en-US messages, exactly as it does when the fetch fails. Nothing else is changed; only
// Electronegativity's own requires of `got` are answered.
'use strict';
// A CommonJS preload: require is the only way in before Electronegativity's own requires.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Module = require('node:module');

const load = Module._load;
Module._load = function offlineLoad(request, parent, ..._rest) {
  if (request === 'got' && parent && /[\\/]@doyensec[\\/]electronegativity[\\/]/.test(parent.filename)) {
    const unavailable = () => Promise.reject(new Error('offline: the security check never fetches translations'));
    return Object.assign(unavailable, { default: unavailable });
  }
  return load.apply(this, arguments);
};
