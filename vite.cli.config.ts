import { resolve } from 'node:path';
import { builtinModules } from 'node:module';
import { defineConfig } from 'vite';
import pkg from './package.json' with { type: 'json' };

// The CLI is a plain Node program: they share the library and capture code with the
// desktop app but never import `electron`.
const external = [
  ...builtinModules,
  ...builtinModules.map((m) => `node:${m}`),
  ...Object.keys(pkg.dependencies).filter((d) => d !== 'lowdb'),
  ...Object.keys(pkg.devDependencies),
];

export default defineConfig({
  build: {
    outDir: 'out/cli',
    emptyOutDir: true,
    target: 'node22',
    ssr: true,
    minify: false,
    sourcemap: true,
    rolldownOptions: {
      input: {
        offprint: resolve(import.meta.dirname, 'electron/cli.ts'),
        'extract-worker': resolve(import.meta.dirname, 'electron/capture/extract-worker.ts'),
        'search-worker': resolve(import.meta.dirname, 'electron/search/search-worker.ts'),
      },
      external: (id) => external.some((e) => id === e || id.startsWith(`${e}/`)),
      // Shared chunks sit beside the entries, so code that finds the worker beside itself works in any chunk.
      output: { format: 'es', entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js', banner: (chunk) => (chunk.name === 'offprint' ? '#!/usr/bin/env node' : '') },
    },
  },
});
