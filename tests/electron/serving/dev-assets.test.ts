import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createServer, type PluginOption, type ViteDevServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import config from '../../../electron.vite.config';
import { answerAppRequest } from '../../../electron/serving/app-request';
import { devArticlesDir } from '../../../electron/serving/dev-assets';

/**
 * `npm run dev`: the renderer's Vite dev server, with the plugins electron.vite.config.ts gives it,
 * answers /assets/ exactly as the app protocol does (before, Vite answered with its index.html).
 */
const ID = 'abcd-1234';
const NAME = `${'0'.repeat(31)}1.png`;
let root: string;
let vite: ViteDevServer;
let base: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'offprint-dev-assets-'));
  const images = join(root, 'library', 'articles', ID, 'images');
  await mkdir(images, { recursive: true });
  await writeFile(join(images, NAME), Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'));
  await writeFile(join(images, 'note.html'), '<script src="run.js"></script>');
  const renderer = (config as { renderer: { plugins: PluginOption[] } }).renderer;
  // The library `npm run dev -- --data DIR` names, as electron-vite passes it on.
  process.env.ELECTRON_CLI_ARGS = JSON.stringify(['--data', join(root, 'library')]);
  vite = await createServer({ configFile: false, root: resolve(__dirname, '../../../renderer'), plugins: renderer.plugins, server: { port: 0, host: '127.0.0.1' }, logLevel: 'silent' });
  await vite.listen();
  base = `http://127.0.0.1:${(vite.httpServer!.address() as AddressInfo).port}`;
});
afterAll(async () => {
  delete process.env.ELECTRON_CLI_ARGS;
  await vite?.close();
  await rm(root, { recursive: true, force: true });
});

describe('electron/serving/dev-assets', () => {
  it('finds the library from npm run dev -- --data DIR', () => {
    expect(devArticlesDir({ ELECTRON_CLI_ARGS: JSON.stringify(['--data', '/x/lib']) })).toBe('/x/lib/articles');
    expect(devArticlesDir({ OFFPRINT_DATA: '/y/lib' })).toBe('/y/lib/articles');
  });

  it('serves a stored image with the same headers as the app protocol, and 404 for anything else', async () => {
    const res = await fetch(`${base}/assets/${ID}/${NAME}`);
    expect(res.status).toBe(200);
    const expected = await answerAppRequest({ pathname: `/assets/${ID}/${NAME}` }, { rendererDir: null, articlesDir: join(root, 'library', 'articles'), contentSecurityPolicy: '' });
    for (const [name, value] of Object.entries(expected.headers)) expect(res.headers.get(name), name).toBe(value);
    expect(Buffer.from(await res.arrayBuffer())).toEqual(expected.body);
    for (const path of [`/assets/${ID}/note.html`, `/assets/${ID}/missing.png`, `/assets/${ID}/${'0'.repeat(31)}2.png`]) {
      const other = await fetch(`${base}${path}`);
      expect(other.status, path).toBe(404);
      expect(await other.text()).not.toContain('<div id="root">');
    }
  });
});
