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
    rules: { 'no-restricted-imports': ['error', nodeOnly] },
  },
  {
    // shared/ is pure logic: no React either.
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { ...nodeOnly, paths: [...nodeOnly.paths, { name: 'react', message: 'shared/ is pure TypeScript.' }, { name: 'react-dom', message: 'shared/ is pure TypeScript.' }] },
      ],
    },
  },
  {
    // The main-process domain code must run without Electron (tests and the CLI import it). Only the
    // shell's own top-level files (electron/shell/*.ts) import electron; electron/shell/decisions/ holds
    // the shell's decisions as plain functions, so tests import those instead.
    files: ['electron/**/*.ts'],
    ignores: ['electron/shell/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['electron', 'electron/*'], message: 'Only the Electron shell files (electron/shell/*.ts) may import electron; this module must run in plain Node.' },
            { regex: String.raw`(^|/)shell/(?!decisions/)[^/]+$`, message: 'The shell files import electron: import their decisions from electron/shell/decisions/ instead.' },
          ],
          paths: [{ name: 'react', message: 'React belongs in renderer/.' }],
        },
      ],
    },
  },
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
