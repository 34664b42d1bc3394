import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const nodeOnly = {
  patterns: [
    { group: ['electron', 'electron/*'], message: 'Only the Electron shell (electron/) may import electron.' },
    { group: ['node:*'], message: 'Node modules are for the main process only.' },
  ],
  paths: ['fs', 'path', 'os', 'child_process', 'http', 'https', 'net', 'crypto', 'worker_threads', 'url', 'stream', 'events', 'jsdom', 'lowdb'].map(
    (name) => ({ name, message: 'Node modules are for the main process only.' }),
  ),
};

/** The rule every main-process file gets: no electron outside the shell, no React, and its layer's limits. */
function mainProcessLayers(layers) {
  const shellOnly = [
    { group: ['electron', 'electron/*'], message: 'Only the Electron shell files (electron/shell/*.ts) may import electron; this module must run in plain Node.' },
    { regex: String.raw`(^|/)shell/(?!decisions/)[^/]+$`, message: 'The shell files import electron: import their decisions from electron/shell/decisions/ instead.' },
  ];
  return layers.map(({ files, name, forbidden, why }) => ({
    files,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...shellOnly,
            ...(forbidden.length
              ? [{ regex: String.raw`^(\.{1,2}/)+(${forbidden.join('|')})(/|$)`, message: `Layer rule "${name}": ${why}` }]
              : []),
          ],
          paths: [{ name: 'react', message: 'React belongs in renderer/.' }],
        },
      ],
    },
  }));
}

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    // The renderer and the shared contract run in the browser: no Electron, no Node.
    files: ['renderer/**/*.{ts,tsx}', 'shared/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        { ...nodeOnly, patterns: [...nodeOnly.patterns, { regex: String.raw`^(\.\./)+electron(/|$)`, message: 'Layer rule "browser": renderer/ and shared/ never import main-process code (electron/).' }] },
      ],
    },
  },
  {
    // The browser extension (issue 16) is browser code of its own: the contract's shared types and
    // itself, nothing of the app's renderer, no React, no Node.
    files: ['renderer/extension/**/*.ts'],
    languageOptions: { globals: { ...globals.browser, ...globals.webextensions } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          ...nodeOnly,
          patterns: [
            ...nodeOnly.patterns,
            { regex: String.raw`^\.\./(?!\.\./shared/)`, message: 'Layer rule "extension": renderer/extension/ imports only shared/ and itself, never the app\'s renderer or electron/.' },
          ],
          paths: [...nodeOnly.paths, { name: 'react', message: 'The extension is plain DOM code.' }, { name: 'react-dom', message: 'The extension is plain DOM code.' }],
        },
      ],
    },
  },
  {
    // shared/ is pure logic: no React either.
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          ...nodeOnly,
          patterns: [...nodeOnly.patterns, { regex: String.raw`^(\.\./)+(electron|renderer)(/|$)`, message: 'Layer rule "shared": shared/ is the contract and pure logic; it imports nothing of electron/ or renderer/.' }],
          paths: [...nodeOnly.paths, { name: 'react', message: 'shared/ is pure TypeScript.' }, { name: 'react-dom', message: 'shared/ is pure TypeScript.' }],
        },
      ],
    },
  },
  // Layers of the main process, lowest first: library, capture and search (the domain rooms),
  // serving (which file and headers answer a request), the service and its bridge above them, and
  // the CLI, `serve` and the shell on top. A module may import only from below it (and capture and
  // the library never from each other); a lint failure names the rule it broke.
  ...mainProcessLayers([
    { files: ['electron/library/**/*.ts'], name: 'library', forbidden: ['capture', 'search', 'feeds', 'extension', 'serving', 'server', 'shell', 'service', 'bridge', 'cli'], why: 'the library (electron/library/) is the lowest room: it may not import capture, search, feeds, serving, the service or the shells.' },
    { files: ['electron/capture/**/*.ts'], name: 'capture', forbidden: ['library', 'search', 'feeds', 'extension', 'serving', 'server', 'shell', 'service', 'bridge', 'cli'], why: 'capture (electron/capture/) and the library never import each other; capture knows nothing of search, feeds, serving, the service or the shells.' },
    { files: ['electron/search/**/*.ts'], name: 'search', forbidden: ['capture', 'feeds', 'serving', 'server', 'shell', 'service', 'bridge', 'cli'], why: 'search (electron/search/) sits above the library only: it may not import capture, feeds, serving, the service or the shells.' },
    // Feeds (issue 14): parsing is pure (text in, feeds out); the rest sits at the service's level, using capture and the library.
    { files: ['electron/feeds/parse/**/*.ts'], name: 'feeds-parse', forbidden: ['library', 'capture', 'search', 'serving', 'server', 'shell', 'service', 'bridge', 'cli', 'log', 'decode', 'fetch-feed', 'feeds', 'ingest', 'discover', 'pool', 'schedule', 'retention', 'known-items'], why: 'feed parsing (electron/feeds/parse/) is pure: it imports neither the library nor capture, nor the rest of electron/feeds/.' },
    { files: ['electron/feeds/*.ts'], name: 'feeds', forbidden: ['search', 'serving', 'server', 'shell', 'service', 'bridge', 'cli'], why: 'feeds (electron/feeds/) sit beside the service, over capture and the library: they may not import search, serving, the service or the shells.' },
    // The browser extension's pairing (issue 16) keeps its state in the library; the listener (server/) and the service use it.
    { files: ['electron/extension/**/*.ts'], name: 'extension', forbidden: ['capture', 'search', 'feeds', 'serving', 'server', 'shell', 'service', 'bridge', 'cli'], why: 'the extension\'s pairing (electron/extension/) sits over the library only: it may not import capture, search, feeds, serving, the service or the shells.' },
    // Import and export (issue 15): format parsers are pure (text in, entries out); the rest sits at the service's level, over capture, feeds and the library.
    { files: ['electron/transfer/**/*.ts'], name: 'transfer', forbidden: ['search', 'serving', 'server', 'shell', 'service', 'bridge', 'cli'], why: 'import and export (electron/transfer/) sit beside the service, over capture, feeds and the library: they may not import search, serving, the service or the shells.' },
    { files: ['electron/transfer/formats/**/*.ts'], name: 'transfer-formats', forbidden: ['library', 'capture', 'search', 'feeds', 'serving', 'server', 'shell', 'service', 'bridge', 'cli', 'log', 'transfer', 'import', 'downloads', 'export', 'read-input', 'read-export', 'wayback', 'offprint-format'], why: 'import format parsers (electron/transfer/formats/) are pure: they import neither the library nor capture, nor the rest of electron/transfer/.' },
    { files: ['electron/serving/**/*.ts'], name: 'serving', forbidden: ['capture', 'search', 'server', 'service', 'bridge', 'cli'], why: 'serving (electron/serving/) decides which file answers a request: it may not import capture, search, the service or the shells (only the shell\'s decisions).' },
    { files: ['electron/service.ts', 'electron/service-events.ts', 'electron/bridge.ts'], name: 'service', forbidden: ['server', 'shell', 'cli'], why: 'the service and its bridge sit below the CLI, `serve` and the shell, which call them.' },
    { files: ['electron/workers/**/*.ts'], name: 'workers', forbidden: ['library', 'capture', 'search', 'serving', 'server', 'shell', 'service', 'bridge', 'cli'], why: 'the worker client and host (electron/workers/) are infrastructure below every room: they know nothing of what a worker does.' },
    { files: ['electron/log.ts'], name: 'log', forbidden: ['library', 'capture', 'search', 'serving', 'server', 'shell', 'service', 'bridge', 'cli'], why: 'the logger is below everything.' },
    { files: ['electron/cli.ts', 'electron/cli/**/*.ts', 'electron/server/**/*.ts', 'electron/shell/decisions/**/*.ts'], name: 'shells', forbidden: [], why: '' },
  ]),
  {
    // Tests and scripts run in plain Node: never load a module that imports electron.
    files: ['tests/**/*.{ts,tsx}', 'scripts/**/*.{js,mjs}', '*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '^electron(/.*)?$', message: 'Tests and scripts run without Electron (the wiring test loads the built app with a stand-in).' },
            { regex: String.raw`(^|/)electron/shell/(?!decisions/)[^/]+$`, message: 'The shell files import electron: test their decisions (electron/shell/decisions/) instead.' },
          ],
        },
      ],
    },
  },
);
