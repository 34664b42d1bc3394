import { builtinModules } from 'node:module';
import { resolve } from 'node:path';
import { defineConfig } from 'vite';
import pkg from '../../package.json' with { type: 'json' };

// `npm run bench:engines` builds the engine comparison on its own, into out/bench: it is no part of
// the product CLI, and it is built (not run through tsx) so each engine's process holds only the
// code the app would run.
const external = [...builtinModules, ...Object.keys(pkg.dependencies), ...Object.keys(pkg.devDependencies)];

export default defineConfig({
  build: {
    outDir: resolve(import.meta.dirname, '../../out/bench'),
    emptyOutDir: true,
    target: 'node22',
    ssr: true,
    minify: false,
    sourcemap: true,
    rolldownOptions: {
      input: { engines: resolve(import.meta.dirname, 'engines.ts') },
      external: (id) => id.startsWith('node:') || external.some((e) => id === e || id.startsWith(`${e}/`)),
      output: { format: 'es', entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js' },
    },
  },
});
