// `node --import ./hooks.mjs`: every import of `electron` gets the recording stand-in.
import { registerHooks } from 'node:module';

const standIn = new URL('./electron-stand-in.mjs', import.meta.url).href;
registerHooks({
  resolve(specifier, context, nextResolve) {
    if (specifier === 'electron') return { url: standIn, shortCircuit: true };
    return nextResolve(specifier, context);
  },
});
