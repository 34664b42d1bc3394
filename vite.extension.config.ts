import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineConfig, type Plugin } from 'vite';
import pkg from './package.json' with { type: 'json' };
import { extensionManifest } from './renderer/extension/manifest';

// The browser extension (issue 16): browser code beside the renderer's, built into
// out/extension/chromium and, with Firefox's manifest, out/extension/firefox. Both load unpacked.
const SOURCE = resolve(import.meta.dirname, 'renderer/extension');
const OUT = resolve(import.meta.dirname, 'out/extension');
const STATIC = ['popup.html', 'options.html', 'extension.css'];

function manifestsAndPages(): Plugin {
  return {
    name: 'offprint-extension-manifests',
    closeBundle() {
      const chromium = resolve(OUT, 'chromium');
      for (const file of STATIC) cpSync(resolve(SOURCE, file), resolve(chromium, file));
      writeFileSync(resolve(chromium, 'manifest.json'), `${JSON.stringify(extensionManifest('chromium', pkg.version), null, 2)}\n`);
      const firefox = resolve(OUT, 'firefox');
      rmSync(firefox, { recursive: true, force: true });
      mkdirSync(firefox, { recursive: true });
      cpSync(chromium, firefox, { recursive: true });
      writeFileSync(resolve(firefox, 'manifest.json'), `${JSON.stringify(extensionManifest('firefox', pkg.version), null, 2)}\n`);
    },
  };
}

export default defineConfig({
  // No public folder and no HTML processing: the pages are copied as they are.
  publicDir: false,
  plugins: [manifestsAndPages()],
  build: {
    outDir: resolve(OUT, 'chromium'),
    emptyOutDir: true,
    target: ['chrome120', 'firefox128'],
    // Readable in the browser's extension inspector; capturePage is serialised into pages as it is.
    minify: false,
    sourcemap: false,
    modulePreload: false,
    rolldownOptions: {
      input: { background: resolve(SOURCE, 'background.ts'), popup: resolve(SOURCE, 'popup.ts'), options: resolve(SOURCE, 'options.ts') },
      output: { format: 'es', entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js' },
    },
  },
});
