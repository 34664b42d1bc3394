// electron-builder: `npm run dist` (a machine with internet; electron-builder downloads Electron and
// its platform tools). Installers for x64 and arm64 only: AppImage and deb on Linux, dmg on macOS,
// NSIS on Windows; each is built on its own system (macOS dmg on a Mac, NSIS on Windows or with Wine).
//
// The worker threads (capture's extract-worker, search's search-worker) are ES modules; worker
// threads and ESM inside app.asar have regressed before (electron/electron#40211, #45896), so
// their entry points, the chunks they import and the packages those import (with their own
// dependencies) are unpacked beside the asar. workerUnpackList() reads that from the build output
// (run `npm run build` first; `npm run dist` does), and tests/electron/packaging.test.ts checks,
// by loading the built workers, that every file they load is covered.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = dirname(fileURLToPath(import.meta.url));
const WORKER_ENTRIES = ['out/main/extract-worker.js', 'out/main/search-worker.js'];

/** The static imports of a built ES module (relative chunks and bare packages). */
function importsOf(file) {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/\bimport\s*(?:[^'"();]*?\sfrom\s*)?["']([^"']+)["']|\bimport\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1] ?? m[2]);
}

/** The folder of an installed package as Node would find it from `fromDir`. */
function packageDir(name, fromDir) {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dirname(dir) === dir) return null;
  }
}

/** Every package folder a package needs at run time: itself and its dependencies, transitively. */
function packageClosure(names, fromDir, found = new Set()) {
  for (const name of names) {
    const dir = packageDir(name, fromDir);
    if (!dir || found.has(dir)) continue;
    found.add(dir);
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    // Peer dependencies too, when installed: packages such as debug load supports-color if it is there.
    packageClosure([...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.optionalDependencies ?? {}), ...Object.keys(manifest.peerDependencies ?? {}), ...Object.keys(manifest.peerDependenciesMeta ?? {})], dir, found);
  }
  return found;
}

/** asarUnpack globs for the workers: out/main's workers and chunks, and every package folder they reach. */
export function workerUnpackList(root = ROOT) {
  const chunks = new Set();
  const packages = new Set();
  const visit = (file) => {
    if (chunks.has(file)) return;
    chunks.add(file);
    for (const specifier of importsOf(join(root, file))) {
      if (specifier.startsWith('.')) visit(relative(root, join(root, dirname(file), specifier)).split('\\').join('/'));
      else if (!specifier.startsWith('node:')) packages.add(specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]);
    }
  };
  for (const entry of WORKER_ENTRIES) {
    if (!existsSync(join(root, entry))) throw new Error(`electron-builder: ${entry} is missing; run npm run build first.`);
    visit(entry);
  }
  const folders = [...packageClosure([...packages], root)].map((dir) => `${relative(root, dir).split('\\').join('/')}/**`);
  return [...[...chunks].sort(), ...folders.sort()];
}

/** @type {import('electron-builder').Configuration} */
export default {
  appId: 'app.offprint.desktop',
  productName: 'Offprint',
  directories: { output: 'dist', buildResources: 'build' },
  // The built app only; the CLI, sources and tests stay out (devDependencies are left out by electron-builder).
  files: ['out/main/**', 'out/preload/**', 'out/renderer/**', 'package.json'],
  asar: true,
  asarUnpack: workerUnpackList(),
  // Electron fuses (see README, Security 19): no Node through RUN_AS_NODE, NODE_OPTIONS or --inspect;
  // the app only from its asar, whose integrity is checked; no extra rights for file:.
  electronFuses: {
    runAsNode: false,
    enableCookieEncryption: true,
    enableNodeOptionsEnvironmentVariable: false,
    enableNodeCliInspectArguments: false,
    enableEmbeddedAsarIntegrityValidation: true,
    onlyLoadAppFromAsar: true,
    grantFileProtocolExtraPrivileges: false,
  },
  linux: {
    category: 'Office',
    target: [
      { target: 'AppImage', arch: ['x64', 'arm64'] },
      { target: 'deb', arch: ['x64', 'arm64'] },
    ],
  },
  mac: { category: 'public.app-category.news', target: [{ target: 'dmg', arch: ['x64', 'arm64'] }] },
  win: { target: [{ target: 'nsis', arch: ['x64', 'arm64'] }] },
  nsis: { oneClick: false, perMachine: false },
};
