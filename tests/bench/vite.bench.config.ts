import { builtinModules } from 'node:module';
import { resolve } from 'node:path';
import { defineConfig } from 'vite';
import pkg from '../../package.json' with { type: 'json' };

// `npm run bench` and `npm run bench:engines` build the benchmarks on their own, into out/bench: they
// are no part of the product CLI (out/cli), and they are built like it (not run through tsx), with
// the workers beside them, so they measure the code the app runs.
// lowdb is bundled, as in the app (ESM-only; see electron.vite.config.ts).
const external = [...builtinModules, ...Object.keys(pkg.dependencies).filter((d) => d !== 'lowdb'), ...Object.keys(pkg.devDependencies)];

export default defineConfig({
  build: {
    outDir: resolve(import.meta.dirname, '../../out/bench'),
    emptyOutDir: true,
    target: 'node22',
    ssr: true,
    minify: false,
    sourcemap: true,
    rolldownOptions: {
      input: {
        bench: resolve(import.meta.dirname, 'bench.ts'),
        engines: resolve(import.meta.dirname, 'engines.ts'),
        'extract-worker': resolve(import.meta.dirname, '../../electron/capture/extract-worker.ts'),
        'search-worker': resolve(import.meta.dirname, '../../electron/search/search-worker.ts'),
      },
      external: (id) => id.startsWith('node:') || external.some((e) => id === e || id.startsWith(`${e}/`)),
      output: { format: 'es', entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js' },
    },
  },
});
