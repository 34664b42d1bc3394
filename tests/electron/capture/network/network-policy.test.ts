import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Extractor } from '../../../../electron/capture/extractor';
import { type LookupFn, networkPolicy, PRIVATE_ADDRESS_REASON } from '../../../../electron/capture/network/network-policy';
import { Library } from '../../../../electron/library/library';
import { createOffprintService } from '../../../../electron/service';
import { FIXTURES, type FixtureServer, startFixtureServer } from '../../../helpers/fixture-server';

const PNG = await readFile(join(FIXTURES, 'pages/asiae-korea-ukraine/putin-hanoi.png'));
const PARAGRAPHS = Array.from({ length: 6 }, (_, i) => `<p>Paragraph ${i} of a long enough intranet article, so that Readability takes it as the main content of this test page without any doubt.</p>`).join('');
const WIKI = 'wiki.intranet.test';

let server: FixtureServer;
let port: string;
let imageUp = false;
/** Made-up names, answered by the resolver every test hands Offprint (for its decisions and its connections). */
const names = new Map<string, string[]>();
const lookup: LookupFn = async (host) => {
  const found = names.get(host);
  if (!found) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
  return found;
};
const extractor = new Extractor();

beforeAll(async () => {
  server = await startFixtureServer(join(FIXTURES, 'pages'), [
    (req, res) => {
      if (req.url === '/wiki/page') {
        res.writeHead(200, { 'content-type': 'text/html' }).end(`<!doctype html><html><head><title>Intranet page</title></head><body><article><h1>Intranet page</h1>${PARAGRAPHS}<figure><img src="/wiki/figure.png" alt="Figure"><figcaption>Figure</figcaption></figure>${PARAGRAPHS}</article></body></html>`);
        return true;
      }
      if (req.url === '/wiki/figure.png') {
        if (imageUp) res.writeHead(200, { 'content-type': 'image/png' }).end(PNG);
        else res.writeHead(503).end();
        return true;
      }
      return false;
    },
  ]);
  port = new URL(server.url).port;
});
afterAll(async () => {
  await server.close();
  await extractor.close();
});
beforeEach(() => {
  names.clear();
  names.set(WIKI, ['127.0.0.1']);
  imageUp = false;
});

describe('electron/capture/network/network-policy', () => {
  it('decides an intranet page once, and holds its host to the private network as every request connects', async () => {
    const policy = await networkPolicy(`http://${WIKI}:${port}/wiki/page`, { lookup });
    expect(policy.intranet).toBe(true);
    expect(await policy.refuse(new URL('http://10.0.0.1/x.png'))).toBeNull();
    const before = server.requests.length;
    // The name now answers with a public address (DNS rebinding): the policy's own fetch refuses to connect.
    names.set(WIKI, ['93.184.216.34']);
    await expect(policy.fetch(`http://${WIKI}:${port}/wiki/figure.png`)).rejects.toMatchObject({ cause: { code: 'EPUBLICADDRESS' } });
    expect(server.requests.slice(before)).toEqual([]);
  });

  it('decides a page from the web: private images refused before any request', async () => {
    names.set('news.example', ['93.184.216.34']);
    const policy = await networkPolicy('https://news.example/story', { lookup });
    expect(policy.intranet).toBe(false);
    expect(await policy.refuse(new URL(`http://${WIKI}/x.png`))).toBe(PRIVATE_ADDRESS_REASON);
    expect(await policy.refuse(new URL('http://192.0.2.2/x.png'))).toBe(PRIVATE_ADDRESS_REASON);
    expect(await policy.refuse(new URL('https://news.example/x.png'))).toBeNull();
  });

  it("fetches an intranet page's missing images again through the same guarded fetch as the save", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'offprint-policy-'));
    try {
      const library = await Library.open({ dataDir });
      // No injected fetch: Offprint's own, which connects through the policy's resolver only.
      const service = createOffprintService(library, { extractor, lookup });
      const { article } = await service.saveArticle({ source: { kind: 'url', url: `http://${WIKI}:${port}/wiki/page` } });
      expect(article.title).toBe('Intranet page');
      expect(article.images).toMatchObject({ total: 1, saved: 0 });
      imageUp = true;
      const before = server.requests.length;
      const retried = await service.retryImages({ id: article.id });
      expect(retried.images).toEqual({ total: 1, saved: 1, failed: [] });
      expect(server.requests.slice(before)).toEqual(['/wiki/figure.png']);
      await service.close();
      await library.close();
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
