import { link, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerAppRequest, type AppFiles, STORED_IMAGE_POLICY } from '../../../electron/serving/app-request';
import { MIME_TYPES, mimeTypeOf, STORED_IMAGE_EXTENSIONS } from '../../../electron/serving/mime';
import { contentSecurityPolicy } from '../../../shared/csp';

/**
 * The one request → file + headers function, which the desktop protocol handler, `offprint serve`
 * and `npm run dev` all call (tests/electron/server.test.ts and tests/e2e/planted-files.test.ts check
 * serve, tests/electron/shell/wiring.test.ts the built protocol handler).
 */
let root: string;
let files: AppFiles;
const ID = 'abcd-1234';
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
const hashName = (n: number, ext: string) => `${n.toString(16).padStart(32, '0')}.${ext}`;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'offprint-app-request-'));
  const renderer = join(root, 'renderer');
  await mkdir(join(renderer, 'bundle'), { recursive: true });
  await writeFile(join(renderer, 'index.html'), '<!doctype html><title>app</title>');
  await writeFile(join(renderer, 'bundle', 'index-abc.js'), 'console.log(1)');
  const images = join(root, 'data', 'articles', ID, 'images');
  await mkdir(images, { recursive: true });
  await writeFile(join(images, hashName(1, 'png')), PNG);
  await writeFile(join(images, hashName(2, 'bmp')), Buffer.from('424d', 'hex'));
  await writeFile(join(images, hashName(3, 'ico')), Buffer.from('00000100', 'hex'));
  // Planted beside the images by a hostile backup or a hand-edited folder.
  await writeFile(join(images, 'note.html'), '<script src="run.js"></script>');
  await writeFile(join(images, 'run.js'), 'fetch("/api/listArticles")');
  await writeFile(join(root, 'data', 'state.json'), '{"secret":true}');
  files = { rendererDir: renderer, articlesDir: join(root, 'data', 'articles'), contentSecurityPolicy: contentSecurityPolicy('offprint://app') };
});
afterAll(() => rm(root, { recursive: true, force: true }));

const get = (pathname: string, destination?: string) => answerAppRequest({ pathname, destination }, files);

describe('electron/serving/app-request', () => {
  it('one MIME table: every stored image extension, .bmp and .ico included, has its image type', () => {
    for (const ext of STORED_IMAGE_EXTENSIONS) expect(mimeTypeOf(`x.${ext}`), ext).toMatch(/^image\//);
    expect(mimeTypeOf('a.bmp')).toBe('image/bmp');
    expect(mimeTypeOf('a.ico')).toBe('image/x-icon');
    expect(mimeTypeOf('a.exe')).toBe('application/octet-stream');
    expect(Object.keys(MIME_TYPES)).toContain('.js');
  });

  it('serves a stored image with its type, nosniff and the sandboxing policy', async () => {
    for (const [n, ext, type] of [[1, 'png', 'image/png'], [2, 'bmp', 'image/bmp'], [3, 'ico', 'image/x-icon']] as const) {
      const answer = await get(`/assets/${ID}/${hashName(n, ext)}`, 'image');
      expect(answer.status).toBe(200);
      expect(answer.headers['content-type']).toBe(type);
      expect(answer.headers['content-security-policy']).toBe(STORED_IMAGE_POLICY);
      expect(answer.headers['x-content-type-options']).toBe('nosniff');
    }
    expect(STORED_IMAGE_POLICY).toMatch(/^default-src 'none';.*sandbox$/);
  });

  it('a planted note.html and run.js beside the images are not served: only stored-image names are', async () => {
    for (const name of ['note.html', 'run.js', 'note.HTML', `${hashName(1, 'png')}.html`, hashName(1, 'html'), hashName(1, 'js'), 'ABCDEF00000000000000000000000000.png']) {
      expect((await get(`/assets/${ID}/${encodeURIComponent(name)}`)).status, name).toBe(404);
    }
  });

  it('a stored image is never answered as a document or frame', async () => {
    for (const destination of ['document', 'iframe', 'frame', 'object', 'embed', 'script', 'style', 'worker']) {
      expect((await get(`/assets/${ID}/${hashName(1, 'png')}`, destination)).status, destination).toBe(404);
    }
    expect((await get(`/assets/${ID}/${hashName(1, 'png')}`, 'empty')).status).toBe(200);
  });

  it('refuses symbolic links inside the data folder, at every step, and traversal', async () => {
    const articles = files.articlesDir;
    await symlink(join(root, 'data', 'state.json'), join(articles, ID, 'images', hashName(9, 'png')));
    await symlink(join(articles, ID), join(articles, 'link-1234'));
    await mkdir(join(articles, 'efgh-5678'));
    await symlink(join(articles, ID, 'images'), join(articles, 'efgh-5678', 'images'));
    expect((await get(`/assets/${ID}/${hashName(9, 'png')}`)).status).toBe(404);
    expect((await get(`/assets/link-1234/${hashName(1, 'png')}`)).status).toBe(404);
    expect((await get(`/assets/efgh-5678/${hashName(1, 'png')}`)).status).toBe(404);
    // A hard link is a regular file the library could have written: only links are refused.
    await link(join(articles, ID, 'images', hashName(1, 'png')), join(articles, ID, 'images', hashName(10, 'png')));
    expect((await get(`/assets/${ID}/${hashName(10, 'png')}`)).status).toBe(200);
    for (const path of [`/assets/${ID}/..%2f..%2fstate.json`, '/assets/..%2f..%2fstate.json/x.png', `/assets/${ID}/images/${hashName(1, 'png')}`, '/assets/%E0%A4%A/a.png', '/assets', '/assets/', '/../data/state.json', '/%2e%2e/data/state.json', '/bundle/%00.js']) {
      expect((await get(path)).status, path).toBe(404);
    }
  });

  it("serves the renderer under the app's CSP, whose script-src is the bundle folder only", async () => {
    const index = await get('/', 'document');
    expect(index.status).toBe(200);
    expect(index.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(index.headers['content-security-policy']).toContain('script-src offprint://app/bundle/;');
    expect(index.headers['content-security-policy']).not.toMatch(/script-src[^;]*'self'/);
    expect((await get('/bundle/index-abc.js', 'script')).headers['content-type']).toBe('text/javascript; charset=utf-8');
    // A navigation shows only the index.
    expect((await get('/bundle/index-abc.js', 'document')).status).toBe(404);
    expect((await get('/index.html', 'document')).status).toBe(200);
  });
});
