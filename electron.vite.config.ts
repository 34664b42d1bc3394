import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';
import { storedImagesInDev } from './electron/serving/dev-assets';

// The project keeps its own folder layout (electron/, renderer/, shared/), so every entry is named here.
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      // lowdb is ESM-only; bundling it avoids loading it through Electron's CommonJS/ESM bridge.
      externalizeDeps: { exclude: ['lowdb', 'steno'] },
      lib: {
        entry: { main: resolve(import.meta.dirname, 'electron/shell/main.ts'), 'extract-worker': resolve(import.meta.dirname, 'electron/capture/extract-worker.ts'),
          'search-worker': resolve(import.meta.dirname, 'electron/search/search-worker.ts'),
        },
        formats: ['es'],
      },
      rolldownOptions: { output: { chunkFileNames: '[name]-[hash].js' } },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // Sandboxed renderers can only load a CommonJS preload.
      lib: { entry: resolve(import.meta.dirname, 'electron/shell/preload.ts'), formats: ['cjs'] },
      rolldownOptions: { output: { entryFileNames: '[name].cjs' } },
    },
  },
  renderer: {
    root: resolve(import.meta.dirname, 'renderer'),
    // In `npm run dev`, /assets/ is answered like the app protocol answers it (electron/serving/dev-assets.ts).
    plugins: [react(), storedImagesInDev()],
    build: {
      outDir: resolve(import.meta.dirname, 'out/renderer'),
      assetsDir: 'bundle',
      minify: true,
      rolldownOptions: { input: resolve(import.meta.dirname, 'renderer/index.html') },
    },
  },
});
