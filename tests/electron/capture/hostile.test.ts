import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { type AddressInfo, createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, createGzip, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callApi } from '../../../electron/bridge';
import { fetchResource, type FetchLimits, PAGE_LIMITS } from '../../../electron/capture/fetch-page';
import { Library } from '../../../electron/library/library';
import { createOffprintService, type OffprintService } from '../../../electron/service';
import { OffprintError } from '../../../shared/errors';
import type { ErrorCode } from '../../../shared/types';

/** Small limits so that every timeout ends in seconds; the real page cap is tested separately. */
const SMALL: FetchLimits = { deadlineMs: 3000, idleMs: 1000, maxBytes: 1024 * 1024, maxRedirects: 10 };
/** How long past its deadline a failure may take to come back. */
const MARGIN_MS = 2000;
const MB = 1024 * 1024;

const PAGE_TITLE = 'Harbour authority approves the new night ferry';
const PARAGRAPHS = [
  'The harbour authority voted on Tuesday to approve a night ferry between the old port and the island, ending a decade of argument over noise, cost and who would pay for the extra crossings.',
  'Supporters said the late service would let nurses, cooks and cleaners on the island get home after evening shifts without paying for a water taxi, which can cost more than a day’s wages.',
  'Residents near the terminal had asked for quieter engines. The operator agreed to run its two newest hybrid boats after ten at night and to keep the foghorn for emergencies only.',
  'The first crossing is planned for the spring. Fares will match the day service, and monthly passes will be valid on every boat, the authority said in a statement after the vote.',
];
const PAGE = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>${PAGE_TITLE}</title></head>
<body><article><h1>${PAGE_TITLE}</h1>
${PARAGRAPHS.map((p) => `<p>${p}</p>`).join('\n')}
</article></body></html>`;
const PAGE_BYTES = Buffer.from(PAGE, 'utf8');

interface HostileServer {
  url: string;
  /** Bytes the /big routes managed to hand to the socket before the client went away. */
  stats: { bigBytesSent: number };
  /** Every path requested, in order. */
  requests: string[];
  close(): Promise<void>;
}

/** A gzip stream of `size` zero bytes, built a megabyte at a time. */
async function gzipBomb(size: number): Promise<Buffer> {
  const gzip = createGzip({ level: 9 });
  const chunks: Buffer[] = [];
  gzip.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise((ok, fail) => gzip.on('end', ok).on('error', fail));
  const zeros = Buffer.alloc(MB);
  for (let sent = 0; sent < size; sent += MB) {
    if (!gzip.write(zeros)) await new Promise((ok) => gzip.once('drain', ok));
  }
  gzip.end();
  await done;
  return Buffer.concat(chunks);
}

/** Streams `total` bytes of HTML-ish filler, respecting back-pressure, until done or the client leaves. */
function streamBig(res: ServerResponse, total: number, onSent: (n: number) => void): void {
  const chunk = Buffer.alloc(64 * 1024, 'a');
  let sent = 0;
  const pump = () => {
    while (sent < total && !res.destroyed) {
      sent += chunk.length;
      onSent(chunk.length);
      if (!res.write(chunk)) {
        res.once('drain', pump);
        return;
      }
    }
    if (!res.destroyed) res.end();
  };
  res.write('<!DOCTYPE html><html><head><title>Big</title></head><body><p>');
  pump();
}

async function startHostileServer(bomb: Buffer): Promise<HostileServer> {
  const requests: string[] = [];
  const stats = { bigBytesSent: 0 };
  const routes: Record<string, (req: IncomingMessage, res: ServerResponse) => void> = {
    '/page': (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE_BYTES);
    },
    '/loop/a': (_req, res) => res.writeHead(302, { location: '/loop/b' }).end(),
    // Relative, so that resolution against the current hop is exercised too.
    '/loop/b': (_req, res) => res.writeHead(301, { location: 'a' }).end(),
    '/self': (_req, res) => res.writeHead(307, { location: '/self' }).end(),
    '/drip': (req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.write('<!DOCTYPE html><title>Drip</title><p>');
      const timer = setInterval(() => res.write('.'), 200);
      res.on('close', () => clearInterval(timer));
    },
    '/silent-body': (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html', 'content-length': '5000' });
      res.flushHeaders();
    },
    '/no-headers': () => {
      // Accept the request and never answer.
    },
    '/big': (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      streamBig(res, 50 * MB, (n) => (stats.bigBytesSent += n));
    },
    '/big-declared': (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html', 'content-length': String(50 * MB) });
      streamBig(res, 50 * MB, (n) => (stats.bigBytesSent += n));
    },
    '/bomb': (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip', 'content-length': String(bomb.length) }).end(bomb);
    },
    '/gzip': (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-encoding': 'gzip' }).end(gzipSync(PAGE_BYTES));
    },
    '/br': (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-encoding': 'br' }).end(brotliCompressSync(PAGE_BYTES));
    },
    '/deflate': (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-encoding': 'deflate' }).end(deflateSync(PAGE_BYTES));
    },
    '/deflate-raw': (_req, res) => {
      // Old servers send raw deflate without the zlib wrapper; browsers accept it, so must we.
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-encoding': 'deflate' }).end(deflateRawSync(PAGE_BYTES));
    },
    '/broken-br': (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'br' }).end(Buffer.from('this is not brotli either, only plain text'));
    },
    '/to-file': (_req, res) => res.writeHead(302, { location: 'file:///etc/passwd' }).end(),
    '/bad-location': (_req, res) => res.writeHead(302, { location: 'http://[::1/unclosed' }).end(),
    '/broken-gzip': (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip' }).end(Buffer.from('this is not gzip at all, just text pretending to be'));
    },
    '/pdf': (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/pdf' }).end('%PDF-1.4\n%âãÏÓ\n1 0 obj <<>> endobj\n');
    },
    '/missing': (_req, res) => res.writeHead(404, { 'content-type': 'text/html' }).end('<h1>Not here</h1>'),
    '/broken': (_req, res) => res.writeHead(500, { 'content-type': 'text/html' }).end('<h1>Oops</h1>'),
    '/reset-mid-body': (req, res) => {
      res.writeHead(200, { 'content-type': 'text/html', 'content-length': '100000' });
      res.write(PAGE_BYTES.subarray(0, 300));
      setTimeout(() => req.socket.destroy(), 50);
    },
    '/reset-before-headers': (req) => req.socket.destroy(),
  };
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    requests.push(path);
    const chain = /^\/chain\/(\d+)$/.exec(path);
    if (chain) {
      const left = Number(chain[1]);
      if (left === 0) routes['/page']!(req, res);
      else res.writeHead(302, { location: `/chain/${left - 1}` }).end();
      return;
    }
    const route = routes[path];
    if (route) route(req, res);
    else res.writeHead(404).end();
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stats,
    requests,
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}

/** An address on loopback where nothing listens: a port that was just open and is now closed. */
async function closedPortUrl(): Promise<string> {
  const probe = createNetServer();
  await new Promise<void>((ok) => probe.listen(0, '127.0.0.1', ok));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((ok) => probe.close(() => ok()));
  return `http://127.0.0.1:${port}/page`;
}

/** Every file under the data directory with a hash of its bytes, plus db.json in full. */
async function snapshot(dir: string): Promise<string[]> {
  const entries = (await readdir(dir, { recursive: true, withFileTypes: true })).map((e) => ({
    path: join(e.parentPath, e.name).slice(dir.length),
    file: e.isFile(),
  }));
  entries.sort((a, b) => a.path.localeCompare(b.path));
  const listing = await Promise.all(
    entries.map(async (e) => (e.file ? `${e.path} ${createHash('sha256').update(await readFile(join(dir, e.path))).digest('hex')}` : `${e.path}/`)),
  );
  const db = await readFile(join(dir, 'db.json'), 'utf8').catch(() => '(no db.json)');
  return [...listing, db];
}

async function failureOf(promise: Promise<unknown>): Promise<OffprintError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof OffprintError) return error;
    throw error;
  }
  throw new Error('Expected the fetch to fail, and it succeeded.');
}

let server: HostileServer;
let refusedUrl: string;
let bomb: Buffer;

beforeAll(async () => {
  bomb = await gzipBomb(64 * MB);
  server = await startHostileServer(bomb);
  refusedUrl = await closedPortUrl();
});
afterAll(async () => {
  await server.close();
});

interface HostileCase {
  name: string;
  /** A path on the hostile server, or a full address. */
  target: string;
  code: ErrorCode;
  message: RegExp;
  /** Overrides of the small limits (undefined fields fall back to SMALL). */
  limits?: Partial<FetchLimits>;
  /** The failure must not come earlier than this (it is a timer's doing). */
  atLeastMs?: number;
}

const CASES: HostileCase[] = [
  { name: 'a redirect loop between two pages', target: '/loop/a', code: 'too-many-redirects', message: /redirects in a loop/ },
  { name: 'a page that redirects to itself', target: '/self', code: 'too-many-redirects', message: /redirects in a loop/ },
  { name: 'a redirect to a file: address', target: '/to-file', code: 'unsupported-scheme', message: /not a web page/ },
  { name: 'a redirect to an address that does not parse', target: '/bad-location', code: 'invalid-url', message: /not valid/ },
  { name: 'a chain of 11 redirects', target: '/chain/11', code: 'too-many-redirects', message: /more than 10 times/ },
  { name: 'a body dripping a byte every 200 ms forever', target: '/drip', code: 'timeout', message: /did not send the page within 3 seconds/, atLeastMs: SMALL.deadlineMs - 50 },
  { name: 'headers then silence', target: '/silent-body', code: 'timeout', message: /stopped sending for 1 second\./, atLeastMs: SMALL.idleMs - 50 },
  { name: 'a request that is never answered', target: '/no-headers', code: 'timeout', message: /did not answer for 1 second\./, atLeastMs: SMALL.idleMs - 50 },
  { name: 'a 50 MB streamed body over a 1 MB cap', target: '/big', code: 'too-large', message: /larger than 1 MB/ },
  { name: 'a declared 50 MB body over a 1 MB cap', target: '/big-declared', code: 'too-large', message: /larger than 1 MB/ },
  { name: 'a gzip bomb past the real 15 MB cap', target: '/bomb', code: 'too-large', message: /larger than 15 MB/, limits: { maxBytes: PAGE_LIMITS.maxBytes } },
  { name: 'a body that claims gzip but is not', target: '/broken-gzip', code: 'network', message: /could not be decompressed/ },
  { name: 'a body that claims brotli but is not', target: '/broken-br', code: 'network', message: /could not be decompressed/ },
  { name: 'a PDF', target: '/pdf', code: 'not-html', message: /application\/pdf, not a web page/ },
  { name: 'a 404', target: '/missing', code: 'http-status', message: /answered 404.*not found/ },
  { name: 'a 500', target: '/broken', code: 'http-status', message: /answered 500.*error/ },
  { name: 'a connection reset in the middle of the body', target: '/reset-mid-body', code: 'network', message: /cut off/ },
  { name: 'a connection closed before any answer', target: '/reset-before-headers', code: 'network', message: /cut off/ },
  { name: 'a refused connection', target: 'refused', code: 'network', message: /refused the connection/ },
];

function addressOf(target: string): string {
  if (target === 'refused') return refusedUrl;
  return `${server.url}${target}`;
}

describe('electron/capture/fetch-page against a hostile server', () => {
  // Concurrent: most of these wait for a timer, and none of them shares state with another.
  it.concurrent.for(CASES)('fails on $name with $code, in time', async ({ target, code, message, limits, atLeastMs }, { expect }) => {
    const all = { ...SMALL, ...limits };
    const started = performance.now();
    const error = await failureOf(fetchResource(addressOf(target), { limits: all }));
    const elapsed = performance.now() - started;
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
    expect(elapsed).toBeLessThan(all.deadlineMs + MARGIN_MS);
    if (atLeastMs) expect(elapsed).toBeGreaterThanOrEqual(atLeastMs);
  });

  it.concurrent('keeps to the deadline even with a fetch function that ignores the abort signal', async ({ expect }) => {
    const started = performance.now();
    const error = await failureOf(fetchResource('https://example.com/hangs', { limits: SMALL, fetch: () => new Promise<Response>(() => undefined) }));
    expect(error.code).toBe('timeout');
    expect(error.message).toMatch(/did not answer for 1 second\./);
    expect(performance.now() - started).toBeLessThan(SMALL.idleMs + MARGIN_MS);
  });

  it.concurrent('keeps to the deadline even with a dripping body that the abort signal does not reach', async ({ expect }) => {
    let pulls = 0;
    const dripping = (): Promise<Response> => {
      const body = new ReadableStream<Uint8Array>({
        // One byte every 100 ms, forever: the idle timer never fires, and aborting the fetch does not reach it.
        pull: (c) =>
          new Promise<void>((ok) =>
            setTimeout(() => {
              pulls++;
              try {
                c.enqueue(new Uint8Array([0x2e]));
              } catch {
                // cancelled meanwhile
              }
              ok();
            }, 100),
          ),
      });
      return Promise.resolve(new Response(body, { headers: { 'content-type': 'text/html' } }));
    };
    const started = performance.now();
    const error = await failureOf(fetchResource('https://example.com/drip', { limits: SMALL, fetch: dripping }));
    expect(error.code).toBe('timeout');
    expect(error.message).toMatch(/within 3 seconds/);
    expect(performance.now() - started).toBeLessThan(SMALL.deadlineMs + MARGIN_MS);
    expect(pulls).toBeGreaterThan(10);
  });

  it.concurrent('keeps to the idle limit even with a silent body that the abort signal does not reach', async ({ expect }) => {
    const silent = () => Promise.resolve(new Response(new ReadableStream({ pull: () => new Promise<void>(() => undefined) }), { headers: { 'content-type': 'text/html' } }));
    const started = performance.now();
    const error = await failureOf(fetchResource('https://example.com/silent', { limits: SMALL, fetch: silent }));
    expect(error.code).toBe('timeout');
    expect(error.message).toMatch(/stopped sending for 1 second\./);
    expect(performance.now() - started).toBeLessThan(SMALL.idleMs + MARGIN_MS);
  });

  it('follows exactly 10 redirects', async () => {
    const page = await fetchResource(`${server.url}/chain/10`, { limits: SMALL });
    expect(page.finalUrl).toBe(`${server.url}/chain/0`);
    expect(Buffer.from(page.bytes).equals(PAGE_BYTES)).toBe(true);
  });

  it('cuts a 50 MB body at the real 15 MB page cap and stops the download', async () => {
    server.stats.bigBytesSent = 0;
    const started = performance.now();
    const error = await failureOf(fetchResource(`${server.url}/big`));
    expect(error.code).toBe('too-large');
    expect(error.message).toMatch(/larger than 15 MB/);
    expect(performance.now() - started).toBeLessThan(10_000);
    // The socket was closed: the server could not push the whole 50 MB into it.
    await expect.poll(() => server.stats.bigBytesSent, { timeout: 2000 }).toBeGreaterThan(15 * MB);
    await new Promise((ok) => setTimeout(ok, 300));
    expect(server.stats.bigBytesSent).toBeLessThan(40 * MB);
  });

  it('refuses a declared 50 MB body at the real cap before reading it', async () => {
    server.stats.bigBytesSent = 0;
    const error = await failureOf(fetchResource(`${server.url}/big-declared`));
    expect(error.code).toBe('too-large');
    await new Promise((ok) => setTimeout(ok, 300));
    expect(server.stats.bigBytesSent).toBeLessThan(15 * MB);
  });

  it.each(['/gzip', '/br', '/deflate', '/deflate-raw'])('decodes a normal page sent with content-encoding %s', async (path) => {
    const page = await fetchResource(`${server.url}${path}`, { limits: SMALL });
    expect(Buffer.from(page.bytes).equals(PAGE_BYTES)).toBe(true);
    expect(page.contentType).toBe('text/html; charset=utf-8');
  });

  it('stops at once when the caller cancels, and makes no request if already cancelled', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);
    const started = performance.now();
    const cancelled = await failureOf(fetchResource(`${server.url}/drip`, { limits: SMALL, signal: controller.signal }));
    expect(cancelled.message).toMatch(/cancelled/);
    expect(performance.now() - started).toBeLessThan(1500);

    const before = server.requests.length;
    const early = await failureOf(fetchResource(`${server.url}/page`, { limits: SMALL, signal: AbortSignal.abort() }));
    expect(early.message).toMatch(/cancelled/);
    expect(server.requests.length).toBe(before);
  });

  it('treats limits given as undefined as the defaults', async () => {
    const page = await fetchResource(`${server.url}/page`, { limits: { deadlineMs: undefined, idleMs: undefined, maxBytes: undefined } });
    expect(Buffer.from(page.bytes).equals(PAGE_BYTES)).toBe(true);
  });
});

describe('electron/capture/fetch-page through the service: a failed save changes nothing', () => {
  let dataDir: string;
  let library: Library;
  const services: OffprintService[] = [];
  /** A service over the one library; failed fetches never start its extraction worker, so these are cheap. */
  const serviceWith = (limits?: Partial<FetchLimits>): OffprintService => {
    const service = createOffprintService(library, { limits });
    services.push(service);
    return service;
  };
  let small: OffprintService;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'offprint-hostile-'));
    library = await Library.open({ dataDir });
    small = serviceWith(SMALL);
    // One article already saved, so that db.json and an article folder exist to be compared.
    await small.saveArticle({ source: { kind: 'text', text: `${PAGE_TITLE}\n\n${PARAGRAPHS.join('\n\n')}` } });
  });
  afterAll(async () => {
    await Promise.all(services.map((s) => s.close()));
    await rm(dataDir, { recursive: true, force: true });
  });

  // Concurrent: a failed save writes nothing, so these cannot disturb one another's snapshots.
  it.concurrent.for(CASES)('leaves the library untouched on $name ($code)', async ({ target, code, message, limits }, { expect }) => {
    const all = { ...SMALL, ...limits };
    const before = await snapshot(dataDir);
    const count = library.listArticles({}).total;
    const started = performance.now();
    const result = await callApi(serviceWith(all), 'saveArticle', { source: { kind: 'url', url: addressOf(target) } });
    const elapsed = performance.now() - started;
    expect(result).toMatchObject({ ok: false, error: { code } });
    if (!result.ok) expect(result.error.message).toMatch(message);
    expect(elapsed).toBeLessThan(all.deadlineMs + MARGIN_MS);
    expect(await snapshot(dataDir)).toEqual(before);
    expect(library.listArticles({}).total).toBe(count);
  });

  it('leaves the library untouched when a 50 MB body hits the real 15 MB cap', async () => {
    const before = await snapshot(dataDir);
    const result = await callApi(serviceWith(), 'saveArticle', { source: { kind: 'url', url: `${server.url}/big` } });
    expect(result).toMatchObject({ ok: false, error: { code: 'too-large' } });
    expect(await snapshot(dataDir)).toEqual(before);
  });

  it.each(['/gzip', '/br', '/deflate', '/deflate-raw'])('saves a page sent with content-encoding %s', async (path) => {
    const count = library.listArticles({}).total;
    const { article, duplicate } = await small.saveArticle({ source: { kind: 'url', url: `${server.url}${path}` } });
    expect(duplicate).toBe(false);
    expect(article.title).toBe(PAGE_TITLE);
    const text = await library.articleText({ id: article.id });
    for (const paragraph of PARAGRAPHS) expect(text).toContain(paragraph);
    expect(library.listArticles({}).total).toBe(count + 1);
  });
});
