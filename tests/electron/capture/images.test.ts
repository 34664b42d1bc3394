import { copyFile, link, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { callApi } from '../../../electron/bridge';
import { Extractor } from '../../../electron/capture/extractor';
import { parseSrcset, rankCandidates } from '../../../electron/capture/image-candidates';
import { downloadImages, sniffImage } from '../../../electron/capture/images';
import { type LookupFn, PRIVATE_ADDRESS_REASON } from '../../../electron/capture/network/network-policy';
import { Library } from '../../../electron/library/library';
import { createOffprintService, type OffprintService } from '../../../electron/service';
import { FIXTURES, type FixtureServer, startFixtureServer } from '../../helpers/fixture-server';

const SEED = join(FIXTURES, 'pages/asiae-korea-ukraine');
const PNG = await readFile(join(SEED, 'putin-hanoi.png'));
const LOGO = await readFile(join(SEED, 'logo.png'));
const PARAGRAPHS = Array.from({ length: 6 }, (_, i) => `<p>Paragraph ${i} of a long enough article body, so that Readability accepts it as the main content of this test page without any doubt at all.</p>`).join('');

let server: FixtureServer;
let flaky = true;
let dataDir: string;
let library: Library;
let service: OffprintService;
const extractor = new Extractor();

beforeAll(async () => {
  server = await startFixtureServer(join(FIXTURES, 'pages'), [
    (req, res) => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      const page = (body: string) => {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(`<!doctype html><html><head><title>Images test</title></head><body><article><h1>Images test</h1>${body}</article></body></html>`);
        return true;
      };
      if (path === '/img/a.png' || path === '/img/a-copy.png') return void res.writeHead(200, { 'content-type': 'image/png' }).end(PNG), true;
      if (path === '/img/wide-800.png') return void res.writeHead(200, { 'content-type': 'image/png' }).end(LOGO), true;
      if (path === '/img/wide-3000.png' || path === '/img/small.png') return void res.writeHead(500).end(), true;
      if (path === '/img/lies.jpg') return void res.writeHead(200, { 'content-type': 'image/jpeg' }).end('<html><body>not an image</body></html>'), true;
      if (path === '/img/flaky.png') {
        if (flaky) return void res.writeHead(503).end(), true;
        return void res.writeHead(200, { 'content-type': 'image/png' }).end(PNG), true;
      }
      if (path === '/pages/srcset.html') {
        return page(`${PARAGRAPHS}
          <figure><img src="/img/small.png" srcset="/img/wide-800.png 800w, /img/wide-3000.png 3000w" alt="Responsive"><figcaption>A responsive figure</figcaption></figure>
          <figure><picture><source type="image/jxl" srcset="/img/nope.jxl"><source srcset="/img/a.png 1x"><img src="/img/small.png" alt="Pictured"></picture><figcaption>Pictured caption</figcaption></figure>
          <p><img src="/img/a-copy.png" alt="Same bytes again"></p>
          <p><img src="data:image/png;base64,${LOGO.toString('base64')}" alt="Inline data image"></p>
          <p><img src="/img/lies.jpg" alt="An image that is really HTML"></p>
          ${PARAGRAPHS}`);
      }
      if (path === '/pages/flaky.html') {
        return page(`${PARAGRAPHS}<figure><img src="/img/flaky.png" alt="Sometimes there"><figcaption>Flaky caption</figcaption></figure>${PARAGRAPHS}`);
      }
      return false;
    },
  ]);
});
afterAll(async () => {
  await server.close();
  await extractor.close();
});
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'offprint-images-'));
  library = await Library.open({ dataDir });
  service = createOffprintService(library, { extractor });
  return () => rm(dataDir, { recursive: true, force: true });
});

describe('electron/capture/images', () => {
  it('stores the seed page’s lazy figure locally with its caption, and never requests the pixel or the ad', async () => {
    // Every address capture asks for, whatever host it is on.
    const fetched: string[] = [];
    const recording: typeof fetch = (input, init) => {
      fetched.push(String(input));
      return fetch(input, init);
    };
    service = createOffprintService(library, { extractor, fetch: recording });
    const { article } = await service.saveArticle({ source: { kind: 'url', url: `${server.url}/asiae-korea-ukraine/source.html` } });
    expect(fetched).toEqual([`${server.url}/asiae-korea-ukraine/source.html`, `${server.url}/asiae-korea-ukraine/putin-hanoi.png`]);
    expect(article.images).toEqual({ total: 1, saved: 1, failed: [] });
    const { html } = await service.getArticle({ id: article.id });
    const match = /<figure>\s*<img[^>]*\ssrc="(\/assets\/[^"]+)"[^>]*>\s*<figcaption>([^<]+)<\/figcaption>/.exec(html);
    expect(match).not.toBeNull();
    expect(match![2]).toContain('[Image source=Yonhap News]');
    const file = match![1]!.split('/').pop()!;
    expect(match![1]).toBe(`/assets/${article.id}/${file}`);
    expect(await readFile(join(dataDir, 'articles', article.id, 'images', file))).toEqual(PNG);
    expect(article.leadImage).toBe(match![1]);
  });

  it('keeps the best srcset and <picture> candidates, data: images, stores identical bytes once, and refuses fake images', async () => {
    const { article } = await service.saveArticle({ source: { kind: 'url', url: `${server.url}/pages/srcset.html` } });
    expect(article.images.total).toBe(5);
    expect(article.images.saved).toBe(4);
    expect(article.images.failed).toEqual([{ url: `${server.url}/img/lies.jpg`, reason: 'not an image' }]);
    const files = (await readdir(join(dataDir, 'articles', article.id, 'images'))).sort();
    // a.png and a-copy.png are the same bytes: one file. The 800w candidate and the data: image are the logo: one file.
    expect(files).toHaveLength(2);
    const { html } = await service.getArticle({ id: article.id });
    expect(html).not.toMatch(/srcset|<source|<picture/);
    expect(html).toContain('alt="An image that is really HTML"');
    expect(html).not.toMatch(/\ssrc="(?!\/assets\/)/);
    expect(html).toContain('Pictured caption');
  });

  it('records images that failed, and fetches them again on request', async () => {
    flaky = true;
    const { article } = await service.saveArticle({ source: { kind: 'url', url: `${server.url}/pages/flaky.html` } });
    expect(article.images).toMatchObject({ total: 1, saved: 0 });
    expect(article.images.failed[0]).toMatchObject({ url: `${server.url}/img/flaky.png` });
    expect((await service.getArticle({ id: article.id })).html).toMatch(/<img alt="Sometimes there" data-offprint-src="[^"]+">/);
    flaky = false;
    const retried = await service.retryImages({ id: article.id });
    expect(retried.images).toEqual({ total: 1, saved: 1, failed: [] });
    const html = (await service.getArticle({ id: article.id })).html;
    expect(html).toMatch(new RegExp(`<img[^>]+src="/assets/${article.id}/[0-9a-f]+\\.png"`));
    expect(html).toContain('Flaky caption');
  });

  it('reads a "Save Page As" page’s images from its _files folder, and nothing outside it', async () => {
    const dir = join(dataDir, 'saved');
    await mkdir(join(dir, 'story_files'), { recursive: true });
    await copyFile(join(SEED, 'putin-hanoi.png'), join(dir, 'story_files', 'photo.png'));
    const html = `<!doctype html><html><head><title>Saved page</title></head><body><article><h1>Saved page</h1>${PARAGRAPHS}<figure><img src="story_files/photo.png" alt="From disk"><figcaption>Disk caption</figcaption></figure><p><img src="../../../../etc/passwd" alt="Escape attempt"></p>${PARAGRAPHS}</article></body></html>`;
    const file = join(dir, 'story.html');
    await writeFile(file, html);
    const { article } = await service.saveLocal({ source: { kind: 'html', html } }, { htmlFilePath: file });
    expect(article.images.saved).toBe(1);
    expect(article.images.failed).toHaveLength(1);
    expect(article.url).toBeNull();
  });

  it('reads a saved page’s images only from regular files in its own _files folder: no other folder, no links, no hard links', async () => {
    const dir = join(dataDir, 'saved');
    await mkdir(join(dir, 'story_files', 'inner'), { recursive: true });
    await mkdir(join(dir, 'other_files'), { recursive: true });
    await copyFile(join(SEED, 'putin-hanoi.png'), join(dir, 'story_files', 'photo.png'));
    await copyFile(join(SEED, 'logo.png'), join(dir, 'beside.png'));
    await copyFile(join(SEED, 'logo.png'), join(dir, 'other_files', 'other.png'));
    await copyFile(join(SEED, 'logo.png'), join(dataDir, 'secret.png'));
    await symlink(join(dir, 'beside.png'), join(dir, 'story_files', 'symlink.png'));
    await symlink(join(dir, 'other_files'), join(dir, 'story_files', 'linked-folder'));
    await link(join(dataDir, 'secret.png'), join(dir, 'story_files', 'hardlink.png'));
    const images = ['story_files/photo.png', 'beside.png', 'other_files/other.png', 'story_files/symlink.png', 'story_files/linked-folder/other.png', 'story_files/hardlink.png', 'story_files/inner'];
    const html = `<!doctype html><html><head><title>Saved page</title></head><body><article><h1>Saved page</h1>${PARAGRAPHS}${images.map((src) => `<p><img src="${src}" alt="${src}"></p>`).join('')}${PARAGRAPHS}</article></body></html>`;
    const file = join(dir, 'story.html');
    await writeFile(file, html);
    const { article } = await service.saveLocal({ source: { kind: 'html', html } }, { htmlFilePath: file });
    expect(article.images.saved).toBe(1);
    const reasons = Object.fromEntries(article.images.failed.map((f) => [f.url.slice(f.url.indexOf('/saved/') + 7), f.reason]));
    expect(reasons).toEqual({
      'beside.png': 'outside the saved page’s _files folder',
      'other_files/other.png': 'outside the saved page’s _files folder',
      'story_files/symlink.png': 'a link, not a file of the saved page',
      'story_files/linked-folder/other.png': 'a link, not a file of the saved page',
      'story_files/hardlink.png': 'a hard link, not a file of the saved page',
      'story_files/inner': 'not a file',
    });
    const stored = await readdir(join(dataDir, 'articles', article.id, 'images'));
    expect(stored).toHaveLength(1);
    expect(await readFile(join(dataDir, 'articles', article.id, 'images', stored[0]!))).toEqual(PNG);
  });
});

describe('electron/capture/images and private addresses', () => {
  it('a page from the web cannot make Offprint request this machine or the private network', async () => {
    const before = server.requests.length;
    const html = `<!doctype html><html><head><title>Public page</title></head><body><article><h1>Public page</h1>${PARAGRAPHS}<p><img src="${server.url}/img/a.png" alt="Local"><img src="http://169.254.169.254/latest/meta-data" alt="Metadata"></p>${PARAGRAPHS}</article></body></html>`;
    const { article } = await service.saveArticle({ source: { kind: 'html', html, baseUrl: 'https://example.test/news/1' } });
    expect(article.images.saved).toBe(0);
    expect(article.images.failed.map((f) => f.reason)).toEqual([
      'on a private network address, refused for a page from the web',
      'on a private network address, refused for a page from the web',
    ]);
    expect(server.requests.slice(before)).toEqual([]);
  });
});

describe('electron/capture page redirects into the private network', () => {
  it('refuses a page on the web that redirects to this machine, so it cannot unlock private images either', async () => {
    const before = server.requests.length;
    const redirecting = (async (input: string | URL, init?: RequestInit) =>
      String(input).startsWith('https://public.example/')
        ? new Response(null, { status: 302, headers: { location: `${server.url}/asiae-korea-ukraine/source.html` } })
        : fetch(input, init)) as typeof fetch;
    const viaRedirect = createOffprintService(library, { extractor, fetch: redirecting });
    const result = await callApi(viaRedirect, 'saveArticle', { source: { kind: 'url', url: 'https://public.example/story' } });
    expect(result).toMatchObject({ ok: false, error: { code: 'refused', message: 'public.example redirected to a private network address, which a page from the web may not do.' } });
    expect(server.requests.slice(before)).toEqual([]);
  });
});

describe('electron/capture page redirects to names that lead inside, and intranet pages', () => {
  const html = (title: string, img: string) =>
    `<!doctype html><html><head><title>${title}</title></head><body><article><h1>${title}</h1>${PARAGRAPHS}<figure><img src="${img}" alt="x"><figcaption>Figure</figcaption></figure>${PARAGRAPHS}</article></body></html>`;
  const lookup: LookupFn = async (host) => ({ 'inside.example': ['10.0.0.9'], 'wiki.corp.example': ['10.0.0.10'] })[host] ?? ['93.184.216.34'];
  const fake = (async (input: string | URL) => {
    const url = String(input);
    if (url === 'https://public.example/story') return new Response(null, { status: 301, headers: { location: 'http://inside.example/admin' } });
    if (url.endsWith('.png')) return new Response(new Uint8Array(PNG), { headers: { 'content-type': 'image/png' } });
    return new Response(html('Intranet page', 'http://wiki.corp.example/figure.png'), { headers: { 'content-type': 'text/html' } });
  }) as typeof fetch;

  it('refuses a redirect from the web to a name that resolves to a private address', async () => {
    const viaRedirect = createOffprintService(library, { extractor, fetch: fake, lookup });
    const result = await callApi(viaRedirect, 'saveArticle', { source: { kind: 'url', url: 'https://public.example/story' } });
    expect(result).toMatchObject({ ok: false, error: { code: 'refused' } });
  });

  it('a page on the web whose name also lists a private address is not an intranet page: no private images', async () => {
    const requested: string[] = [];
    const mixed: LookupFn = async (host) => (host === 'evil.example' ? ['93.184.216.34', '10.0.0.5'] : ['93.184.216.34']);
    const evil = (async (input: string | URL) => {
      requested.push(String(input));
      return new Response(html('Evil page', 'http://192.168.1.1/cgi-bin/reboot.png'), { headers: { 'content-type': 'text/html' } });
    }) as typeof fetch;
    const { article } = await createOffprintService(library, { extractor, fetch: evil, lookup: mixed }).saveArticle({ source: { kind: 'url', url: 'https://evil.example/page' } });
    expect(article.images).toEqual({ total: 1, saved: 0, failed: [{ url: 'http://192.168.1.1/cgi-bin/reboot.png', reason: PRIVATE_ADDRESS_REASON }] });
    expect(requested).toEqual(['https://evil.example/page']);
  });

  it('an intranet page may redirect within the intranet', async () => {
    const withSlash = (async (input: string | URL, init?: RequestInit) =>
      String(input) === 'http://wiki.corp.example/Main' ? new Response(null, { status: 301, headers: { location: '/Main/' } }) : fake(input, init)) as typeof fetch;
    const { article } = await createOffprintService(library, { extractor, fetch: withSlash, lookup }).saveArticle({ source: { kind: 'url', url: 'http://wiki.corp.example/Main' } });
    expect(article.finalUrl).toBe('http://wiki.corp.example/Main/');
  });

  it('saves a page the reader asked for on the private network (by name), with its images from there', async () => {
    const intranet = createOffprintService(library, { extractor, fetch: fake, lookup });
    const { article } = await intranet.saveArticle({ source: { kind: 'url', url: 'http://wiki.corp.example/page' } });
    expect(article.title).toBe('Intranet page');
    expect(article.images).toEqual({ total: 1, saved: 1, failed: [] });
  });
});

describe('electron/capture/images and host names that lead inside', () => {
  /** A resolver for made-up names, and a fetch that answers for public ones and records every request. */
  const names: Record<string, string[]> = {
    'cdn.example.com': ['93.184.216.34'],
    'intranet.example.com': ['10.1.2.3'],
    'mixed.example.com': ['93.184.216.35', 'fd00::7'],
    'bounce.example.com': ['93.184.216.36'],
  };
  const lookups: string[] = [];
  const lookup: LookupFn = async (host) => {
    lookups.push(host);
    const found = names[host];
    if (!found) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
    return found;
  };
  const requested: string[] = [];
  const fakeFetch = (async (input: string | URL) => {
    const url = String(input);
    requested.push(url);
    if (url.startsWith('https://bounce.example.com/')) return new Response(null, { status: 302, headers: { location: `${server.url}/img/a.png` } });
    return new Response(new Uint8Array(PNG), { headers: { 'content-type': 'image/png' } });
  }) as typeof fetch;
  const request = (...urls: string[]) => urls.map((url, i) => ({ key: `k${i}`, urls: [url] }));

  it('refuses names that resolve to a private address, and redirects to one, for a page from the web', async () => {
    requested.length = 0;
    lookups.length = 0;
    const before = server.requests.length;
    const { outcomes, files } = await downloadImages(
      request('https://cdn.example.com/a.png', 'https://intranet.example.com/b.png', 'https://mixed.example.com/c.png', 'https://bounce.example.com/d.png', 'https://cdn.example.com/e.png'),
      { fetch: fakeFetch, lookup, pageUrl: 'https://news.example.com/story' },
    );
    expect(outcomes.map((o) => o.reason)).toEqual([null, PRIVATE_ADDRESS_REASON, PRIVATE_ADDRESS_REASON, PRIVATE_ADDRESS_REASON, null]);
    expect(files.size).toBe(1);
    // Neither the private names nor the redirect's target were ever requested; each name was looked up once.
    expect(requested).toEqual(['https://cdn.example.com/a.png', 'https://bounce.example.com/d.png', 'https://cdn.example.com/e.png']);
    expect(server.requests.slice(before)).toEqual([]);
    // The page's own host is looked up too: a page on the private network may use its images.
    expect([...lookups].sort()).toEqual(['bounce.example.com', 'cdn.example.com', 'intranet.example.com', 'mixed.example.com', 'news.example.com']);
  });

  it('lets a page that is itself on the private network use its own images, and leaves unknown names to fail as they would', async () => {
    requested.length = 0;
    const inside = await downloadImages(request('https://intranet.example.com/b.png'), { fetch: fakeFetch, lookup, pageUrl: 'http://10.1.2.3/wiki/page' });
    expect(inside.outcomes[0]!.reason).toBeNull();
    const unknown = await downloadImages(request('https://nowhere.example.com/x.png'), { fetch: fakeFetch, lookup, pageUrl: 'https://news.example.com/story' });
    expect(unknown.outcomes[0]!.reason).toBeNull();
    expect(requested).toEqual(['https://intranet.example.com/b.png', 'https://nowhere.example.com/x.png']);
  });
});

describe('electron/capture/image-candidates', () => {
  it('parses srcset and ranks the widest useful candidate first', () => {
    const c = parseSrcset('a.jpg 400w, b.jpg 1200w, c.jpg 3000w');
    expect(c.map((x) => x.width)).toEqual([400, 1200, 3000]);
    expect(rankCandidates(c)).toEqual(['b.jpg', 'a.jpg', 'c.jpg']);
    expect(rankCandidates(parseSrcset('a.jpg, b.jpg 2x, c.jpg 3x'))).toEqual(['b.jpg', 'a.jpg', 'c.jpg']);
  });
});

describe('electron/capture/images sniffing', () => {
  it('knows real images by their bytes', async () => {
    expect(await sniffImage(PNG)).toEqual({ mime: 'image/png', ext: 'png' });
    expect(await sniffImage(new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"></svg>'))).toEqual({ mime: 'image/svg+xml', ext: 'svg' });
    expect(await sniffImage(new TextEncoder().encode('<html>no</html>'))).toBeNull();
    expect(await sniffImage(new TextEncoder().encode('%PDF-1.4'))).toBeNull();
  });
});
