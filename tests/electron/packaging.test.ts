import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, matchesGlob, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES } from '../helpers/fixture-server';

/**
 * The electron-builder configuration against the build output: every file the built workers
 * load (recorded while they really extract and search) is unpacked from the asar, and the installers
 * are the supported ones.
 */
const ROOT = resolve(__dirname, '../..');
let loaded: string[];
let dir: string;
let config: {
  asarUnpack: string[];
  files: string[];
  linux: { target: { target: string; arch: string[] }[] };
  mac: { target: { target: string; arch: string[] }[] };
  win: { target: { target: string; arch: string[] }[] };
  electronFuses: Record<string, boolean>;
};

beforeAll(async () => {
  if (!existsSync(join(ROOT, 'out/main/extract-worker.js'))) throw new Error('Build first: npm run build');
  config = (await import('../../electron-builder.config.mjs')).default as typeof config;
  dir = await mkdtemp(join(tmpdir(), 'offprint-packaging-'));
  const record = join(dir, 'loads.txt');
  await new Promise<void>((ok, fail) =>
    execFile(
      process.execPath,
      ['--import', join(__dirname, 'packaging/record-loads.mjs'), join(__dirname, 'packaging/drive-workers.mjs'), ROOT, join(FIXTURES, 'pages/asiae-korea-ukraine/source.html'), join(dir, 'library')],
      { env: { ...process.env, RECORD_LOADS: record }, timeout: 90_000 },
      (error, stdout, stderr) => (error || !stdout.includes('WORKERS DONE') ? fail(new Error(`${error?.message}\n${stderr}`)) : ok()),
    ),
  );
  const driver = join(__dirname, 'packaging');
  loaded = [...new Set(readFileSync(record, 'utf8').split('\n').filter(Boolean))]
    .map((url) => fileURLToPath(url))
    .filter((file) => !file.startsWith(driver))
    .map((file) => relative(ROOT, file).split('\\').join('/'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('electron-builder.config.mjs', () => {
  it('the recording saw both workers load their code and their packages', () => {
    expect(loaded).toEqual(expect.arrayContaining(['out/main/extract-worker.js', 'out/main/search-worker.js']));
    expect(loaded.some((f) => f.startsWith('node_modules/jsdom/'))).toBe(true);
    expect(loaded.some((f) => f.startsWith('node_modules/@mozilla/readability/'))).toBe(true);
  });

  it('unpacks from the asar every file a worker loads: entry points, chunks and dependencies', () => {
    const uncovered = loaded.filter((file) => !config.asarUnpack.some((glob) => matchesGlob(file, glob)));
    expect(uncovered).toEqual([]);
    // And every unpacked file is one the package contains.
    for (const file of loaded) expect(config.files.some((glob) => matchesGlob(file, glob)) || file.startsWith('node_modules/'), file).toBe(true);
  });

  it('builds AppImage, deb, dmg and NSIS for x64 and arm64 only, with the fuses set', () => {
    const targets = [...config.linux.target, ...config.mac.target, ...config.win.target];
    expect(targets.map((t) => t.target).sort()).toEqual(['AppImage', 'deb', 'dmg', 'nsis']);
    for (const t of targets) expect(t.arch.sort(), t.target).toEqual(['arm64', 'x64']);
    expect(config.electronFuses).toMatchObject({ runAsNode: false, enableNodeOptionsEnvironmentVariable: false, enableNodeCliInspectArguments: false, onlyLoadAppFromAsar: true, enableEmbeddedAsarIntegrityValidation: true });
  });
});
