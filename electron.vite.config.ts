import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

// The project keeps its own folder layout (electron/, renderer/, shared/), so every entry is named here.
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      // lowdb is ESM-only; bundling it avoids loading it through Electron's CommonJS/ESM bridge.
      externalizeDeps: { exclude: ['lowdb', 'steno'] },
      lib: { entry: resolve(__dirname, 'electron/main.ts'), formats: ['es'] },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // Sandboxed renderers can only load a CommonJS preload.
      lib: { entry: resolve(__dirname, 'electron/preload.ts'), formats: ['cjs'] },
      rolldownOptions: { output: { entryFileNames: '[name].cjs' } },
    },
  },
  renderer: {
    root: resolve(__dirname, 'renderer'),
    plugins: [react()],
    build: {
      outDir: resolve(__dirname, 'out/renderer'),
      rolldownOptions: { input: resolve(__dirname, 'renderer/index.html') },
    },
  },
});
