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
    // The main-process domain code must run without Electron (tests and the CLI import it).
    files: ['electron/**/*.ts'],
    // single-instance.ts is given Electron's app by main.ts, so it stays plain Node (and tested).
    ignores: ['electron/main.ts', 'electron/window.ts', 'electron/protocol.ts', 'electron/ipc.ts', 'electron/preload.ts', 'electron/menu.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [{ group: ['electron', 'electron/*'], message: 'Only the Electron shell files may import electron; this module must run in plain Node.' }],
          paths: [{ name: 'react', message: 'React belongs in renderer/.' }],
        },
      ],
    },
  },
);
