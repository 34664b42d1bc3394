import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Extractor } from '../../../electron/capture/extractor';
import { Library } from '../../../electron/library/library';
import { check, type RunningEndpoint, startExtensionEndpoint } from '../../../electron/server/extension-endpoint';
import { createOffprintService, type OffprintService } from '../../../electron/service';
import { EXTENSION_HEADER, EXTENSION_PATH_PREFIX, EXTENSION_PROTOCOL, EXTENSION_TOKEN_HEADER } from '../../../shared/extension-protocol';

const ORIGIN = `chrome-extension://${'b'.repeat(32)}`;
const OTHER_ORIGIN = `chrome-extension://${'c'.repeat(32)}`;
const NONCE = 'N'.repeat(30);
/** A 1×1 PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

let dataDir: string;
let library: Library;
let service: OffprintService;
let endpoint: RunningEndpoint;
const extractor = new Extractor();
afterAll(() => extractor.close());

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'offprint-extension-endpoint-'));
  library = await Library.open({ dataDir });
  await library.flush();
  // No name is looked up on the network: members.example is said to be a public address.
  service = createOffprintService(library, { extractor, lookup: async () => ['203.0.113.7'] });
  endpoint = await startExtensionEndpoint({ service, port: 0, limits: { smallBodyBytes: 1024, saveBodyBytes: 256 * 1024 } });
});
afterEach(async () => {
  await endpoint.close();
  await library.close();
  await rm(dataDir, { recursive: true, force: true });
});

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  json: { error?: { code: string; message: string } } & Record<string, unknown>;
}

/** A raw request, so Host and Origin can be anything (fetch will not let us forge them). */
function raw(path: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: endpoint.port, path, method: options.method ?? 'POST', headers: options.headers, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, json: body ? JSON.parse(body) : {} }));
      res.on('error', reject);
    });
    // A refused body is not read: the connection is closed under it.
    req.on('error', (error: NodeJS.ErrnoException) => (error.code === 'EPIPE' || error.code === 'ECONNRESET' ? resolve({ status: 0, headers: {}, json: {} }) : reject(error)));
    req.end(options.body);
  });
}

function headers(extra: Record<string, string> = {}): Record<string, string> {
  return { host: `127.0.0.1:${endpoint.port}`, origin: ORIGIN, 'content-type': 'application/json', [EXTENSION_HEADER]: EXTENSION_PROTOCOL, ...extra };
}

const post = (route: string, body: unknown, extra: Record<string, string> = {}) => raw(`${EXTENSION_PATH_PREFIX}${route}`, { headers: headers(extra), body: JSON.stringify(body) });

/** Pairs ORIGIN (or another) the way the extension does, approving from the service as the app's prompt would. */
async function pair(origin = ORIGIN): Promise<string> {
  const asked = await post('pair', { name: 'Test browser', nonce: NONCE }, { origin });
  expect(asked.status).toBe(200);
  const requestId = asked.json.requestId as string;
  expect(await post('pair-status', { requestId, nonce: NONCE }, { origin })).toMatchObject({ json: { status: 'pending' } });
  await service.approveExtensionPairing({ requestId });
  const collected = await post('pair-status', { requestId, nonce: NONCE }, { origin });
  expect(collected.json.status).toBe('approved');
  return collected.json.token as string;
}

const page = (extra: Record<string, unknown> = {}) => ({
  kind: 'page',
  url: 'https://members.example/story',
  title: 'The members story | Example',
  html: `<!doctype html><html><head><title>The members story</title></head><body><header>Log out</header><article><h1>The members story</h1>${'<p>Only a logged-in reader sees this paragraph of the story, written out in full so that extraction keeps it as the article.</p>'.repeat(12)}<img src="https://members.example/photo.png" alt="photo"></article></body></html>`,
  selection: false,
  images: [{ url: 'https://members.example/photo.png', data: PNG.toString('base64') }],
  ...extra,
});

describe('electron/server/extension-endpoint', () => {
  it('listens on 127.0.0.1 only and sends no CORS header', async () => {
    expect(endpoint.origin).toBe(`http://127.0.0.1:${endpoint.port}`);
    const hello = await post('hello', {});
    expect(hello).toMatchObject({ status: 200, json: { app: 'offprint', protocol: EXTENSION_PROTOCOL, paired: false } });
    expect(Object.keys(hello.headers).some((h) => h.startsWith('access-control-'))).toBe(false);
    expect((await service.listExtensions({})).endpoint).toEqual({ listening: true, address: endpoint.origin, problem: null });
  });

  it('refuses a DNS-rebinding Host, a web page, a form post, a preflight, a GET, no custom header and non-JSON', async () => {
    const refusals: [Record<string, string>, string, number, string?][] = [
      [{ host: `attacker.example:${endpoint.port}` }, 'wrong-host', 421],
      [{ host: `localhost:${endpoint.port}` }, 'wrong-host', 421],
      [{ origin: 'https://attacker.example' }, 'wrong-origin', 403],
      [{ origin: 'null' }, 'wrong-origin', 403],
      [{ origin: 'chrome-extension://short' }, 'wrong-origin', 403],
      // A form post: the page's origin, a form's type, no custom header.
      [{ origin: 'http://127.0.0.1:8080', 'content-type': 'application/x-www-form-urlencoded' }, 'wrong-origin', 403],
      [{}, 'no-preflight', 403, 'OPTIONS'],
      [{}, 'wrong-method', 405, 'GET'],
      [{ [EXTENSION_HEADER]: '' }, 'wrong-header', 403],
      [{ 'content-type': 'text/plain' }, 'not-json', 415],
    ];
    for (const [extra, code, status, method] of refusals) {
      const answer = await raw(`${EXTENSION_PATH_PREFIX}hello`, { method, headers: headers(extra), body: method === 'GET' ? undefined : '{}' });
      expect({ status: answer.status, code: answer.json.error?.code }, JSON.stringify(extra)).toEqual({ status, code });
      expect(Object.keys(answer.headers).some((h) => h.startsWith('access-control-'))).toBe(false);
    }
    const { origin: _origin, ...noOrigin } = headers();
    expect((await raw(`${EXTENSION_PATH_PREFIX}hello`, { headers: noOrigin, body: '{}' })).json.error?.code).toBe('wrong-origin');
    expect((await post('../api/getSettings', {})).status).toBe(404);
  });

  it('checks in order: the Host first, then the Origin (a plain function)', () => {
    const req = (h: Record<string, string>) => ({ method: 'POST', url: `${EXTENSION_PATH_PREFIX}save`, headers: h });
    expect(check(req({ host: 'evil:1', origin: 'https://evil' }), '127.0.0.1:1')).toMatchObject({ refusal: { code: 'wrong-host' } });
    expect(check(req({ host: '127.0.0.1:1', origin: 'https://evil' }), '127.0.0.1:1')).toMatchObject({ refusal: { code: 'wrong-origin' } });
    expect(check(req({ host: '127.0.0.1:1', origin: ORIGIN, [EXTENSION_HEADER]: '1', 'content-type': 'application/json' }), '127.0.0.1:1')).toEqual({ route: 'save', origin: ORIGIN });
  });

  it('pairs: the token is handed over once, to the origin and secret that asked, and only its hash is stored', async () => {
    const asked = await post('pair', { name: 'Test browser', nonce: NONCE });
    const requestId = asked.json.requestId as string;
    expect(asked.json.code).toMatch(/^[2-9A-Z]{3}-[2-9A-Z]{3}$/);
    expect(service.extension.requests()).toEqual([expect.objectContaining({ requestId, code: asked.json.code, origin: ORIGIN, name: 'Test browser' })]);
    await service.approveExtensionPairing({ requestId });
    // Another extension, or the right one with the wrong secret, learns nothing.
    expect((await post('pair-status', { requestId, nonce: NONCE }, { origin: OTHER_ORIGIN })).json).toEqual({ status: 'expired' });
    expect((await post('pair-status', { requestId, nonce: 'x'.repeat(30) })).json).toEqual({ status: 'expired' });
    const collected = await post('pair-status', { requestId, nonce: NONCE });
    const token = collected.json.token as string;
    expect(token.length).toBeGreaterThanOrEqual(40);
    expect((await post('pair-status', { requestId, nonce: NONCE })).json).toEqual({ status: 'expired' });
    expect((await post('hello', {}, { [EXTENSION_TOKEN_HEADER]: token })).json.paired).toBe(true);
    const stored = await readFile(join(dataDir, 'extensions.json'), 'utf8');
    expect(stored).not.toContain(token);
    expect((await service.listExtensions({})).pairings).toEqual([expect.objectContaining({ origin: ORIGIN, name: 'Test browser', browser: 'chromium' })]);
  });

  it('a refused pairing gives no token', async () => {
    const asked = await post('pair', { name: 'Test browser', nonce: NONCE });
    await service.denyExtensionPairing({ requestId: asked.json.requestId as string });
    expect((await post('pair-status', { requestId: asked.json.requestId, nonce: NONCE })).json).toEqual({ status: 'denied' });
    expect((await service.listExtensions({})).pairings).toEqual([]);
  });

  it('refuses a save from an unpaired extension, with a token of another origin, and after revoking', async () => {
    expect((await post('save', page())).json.error?.code).toBe('not-paired');
    expect((await post('save', page(), { [EXTENSION_TOKEN_HEADER]: 'made-up' })).json.error?.code).toBe('not-paired');
    const token = await pair();
    expect((await post('save', page(), { [EXTENSION_TOKEN_HEADER]: token, origin: OTHER_ORIGIN })).status).toBe(401);
    const [pairing] = (await service.listExtensions({})).pairings;
    await service.revokeExtension({ id: pairing!.id });
    const after = await post('save', page(), { [EXTENSION_TOKEN_HEADER]: token });
    expect(after).toMatchObject({ status: 401, json: { error: { code: 'not-paired' } } });
    expect([...library.records()].length).toBe(0);
  });

  it('saves the page as the browser rendered it, with the images it sent, and keeps the rendered page', async () => {
    const token = await pair();
    const saved = await post('save', page(), { [EXTENSION_TOKEN_HEADER]: token });
    expect(saved.status).toBe(200);
    expect(saved.json).toMatchObject({ title: 'The members story', duplicate: false, warnings: [] });
    const article = await service.getArticle({ id: saved.json.id as string });
    expect(article.html).toContain('Only a logged-in reader sees this paragraph');
    expect(article.html).toMatch(/<img [^>]*src="\/assets\/[^"]+\.png"/);
    expect(article.images).toMatchObject({ total: 1, saved: 1 });
    expect(saved.json.report).toEqual(expect.arrayContaining([expect.stringMatching(/^Source: extension/), expect.stringMatching(/1 sent by the browser/)]));
    const report = await service.getCaptureReport({ id: article.id });
    expect(report.source).toBe('extension');
    expect(await library.rawPage(article.id)).toBeTruthy();
    expect((await service.listExtensions({})).pairings[0]!.lastUsedAt).not.toBeNull();
  });

  it('saves a selection as it is, and a link by its address', async () => {
    const token = await pair();
    const selection = await post('save', page({ html: '<p>Just the quoted paragraph.</p>', selection: true, images: [] }), { [EXTENSION_TOKEN_HEADER]: token });
    expect(selection.status).toBe(200);
    expect((await service.getArticle({ id: selection.json.id as string })).html).toContain('Just the quoted paragraph.');
    // A link is fetched by Offprint itself: this one cannot be reached (nothing listens there), and that is said.
    const link = await post('save', { kind: 'link', url: 'http://127.0.0.1:9/nothing' }, { [EXTENSION_TOKEN_HEADER]: token });
    expect(link.status).toBeGreaterThanOrEqual(400);
    expect(link.json.error?.message).toBeTruthy();
  });

  it('validates every body: unknown fields, bad addresses, bad base64, bad JSON, and bodies over the limits', async () => {
    const token = await pair();
    const t = { [EXTENSION_TOKEN_HEADER]: token };
    for (const body of [
      page({ extra: 1 }),
      page({ url: 'javascript:alert(1)' }),
      page({ url: 'file:///etc/passwd' }),
      page({ html: '' }),
      page({ images: [{ url: 'https://members.example/a.png', data: '<not base64>' }] }),
      { kind: 'script', url: 'https://a.example/' },
    ]) {
      const answer = await post('save', body, t);
      expect(answer.json.error?.code, JSON.stringify(body).slice(0, 80)).toBe('invalid-argument');
    }
    const notJson = await raw(`${EXTENSION_PATH_PREFIX}save`, { headers: headers(t), body: '{"kind":' });
    expect(notJson.json.error?.code).toBe('invalid-argument');
    const big = await post('save', page({ html: 'x'.repeat(300 * 1024) }), t);
    expect([0, 413]).toContain(big.status);
    const bigPair = await post('pair', { name: 'x'.repeat(2000), nonce: NONCE });
    expect([0, 413]).toContain(bigPair.status);
    // An unpaired body is refused before it is read.
    const unpaired = await post('save', page({ html: 'x'.repeat(200 * 1024) }));
    expect([0, 401]).toContain(unpaired.status);
    expect([...library.records()].length).toBe(0);
  });
});
