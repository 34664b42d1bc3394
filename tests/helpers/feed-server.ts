import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { FIXTURES } from './fixture-server';

/** A 1×1 PNG, for article images. */
export const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64');

const TYPES: Record<string, string> = {
  '.xml': 'application/xml',
  '.rss': 'application/rss+xml',
  '.atom': 'application/atom+xml',
  '.rdf': 'application/rdf+xml',
  '.json': 'application/feed+json',
  '.html': 'text/html; charset=utf-8',
  '.png': 'image/png',
};

export type Behaviour =
  | { kind: 'body'; body: string | Buffer; contentType?: string; lastModified?: string; headers?: Record<string, string> }
  | { kind: 'redirect'; status: 301 | 302 | 307 | 308; location: string }
  | { kind: 'status'; status: number; headers?: Record<string, string> }
  | { kind: 'slow'; delayMs: number; then: Behaviour }
  | { kind: 'broken' };

export interface FeedServer {
  url: string;
  /** Every request: method, path and the conditional headers it carried. */
  requests: { path: string; ifNoneMatch: string | null; ifModifiedSince: string | null; at: number }[];
  /** Requests for one path (query included). */
  count(path: string): number;
  /** Serves `path` this way from now on (overrides files). */
  set(path: string, behaviour: Behaviour): void;
  /** The most requests that were open at once since the start (or the last reset). */
  peakConcurrent(): number;
  resetPeak(): void;
  close(): Promise<void>;
}

/**
 * A local feed server for the feeds tests: serves ../shared/fixtures/feeds/ under /fixtures/ and
 * whatever a test sets, with ETag and Last-Modified on every body and 304 for a matching
 * conditional GET, redirects, any status (410, 429 with Retry-After, 503), slow answers and
 * connections cut off half-way.
 */
export async function startFeedServer(): Promise<FeedServer> {
  const routes = new Map<string, Behaviour>();
  const requests: FeedServer['requests'] = [];
  const sockets = new Set<Socket>();
  let open = 0;
  let peak = 0;
  const answer = async (req: IncomingMessage, res: ServerResponse, behaviour: Behaviour): Promise<void> => {
    switch (behaviour.kind) {
      case 'slow':
        await new Promise((r) => setTimeout(r, behaviour.delayMs));
        return answer(req, res, behaviour.then);
      case 'broken':
        res.writeHead(200, { 'content-type': 'application/rss+xml', 'content-length': '100000' });
        res.write('<?xml version="1.0"?><rss version="2.0"><channel><title>cut');
        setTimeout(() => res.destroy(), 20);
        return;
      case 'redirect':
        res.writeHead(behaviour.status, { location: behaviour.location }).end();
        return;
      case 'status':
        res.writeHead(behaviour.status, { 'content-type': 'text/plain', ...behaviour.headers }).end(`status ${behaviour.status}`);
        return;
      case 'body': {
        const body = typeof behaviour.body === 'string' ? Buffer.from(behaviour.body) : behaviour.body;
        const etag = `"${createHash('sha1').update(body).digest('hex').slice(0, 16)}"`;
        const lastModified = behaviour.lastModified ?? 'Mon, 01 Jun 2026 10:00:00 GMT';
        if (req.headers['if-none-match'] === etag || (!req.headers['if-none-match'] && req.headers['if-modified-since'] === lastModified)) {
          res.writeHead(304, { etag, 'last-modified': lastModified }).end();
          return;
        }
        res.writeHead(200, { 'content-type': behaviour.contentType ?? 'application/rss+xml', etag, 'last-modified': lastModified, ...behaviour.headers });
        res.end(body);
        return;
      }
    }
  };
  const server: Server = createServer((req, res) => {
    const path = req.url ?? '/';
    requests.push({ path, ifNoneMatch: (req.headers['if-none-match'] as string) ?? null, ifModifiedSince: (req.headers['if-modified-since'] as string) ?? null, at: Date.now() });
    open++;
    peak = Math.max(peak, open);
    res.on('close', () => open--);
    void (async () => {
      const set = routes.get(path) ?? routes.get(path.split('?')[0]!);
      if (set) return answer(req, res, set);
      if (path.startsWith('/fixtures/')) {
        const file = normalize(join(FIXTURES, 'feeds', decodeURIComponent(path.slice('/fixtures/'.length).split('?')[0]!)));
        if (!file.startsWith(join(FIXTURES, 'feeds'))) return answer(req, res, { kind: 'status', status: 403 });
        const body = await readFile(file).catch(() => null);
        if (!body) return answer(req, res, { kind: 'status', status: 404 });
        return answer(req, res, { kind: 'body', body, contentType: TYPES[extname(file)] ?? 'application/xml' });
      }
      if (/^\/img\/[\w-]+\.png$/.test(path)) return answer(req, res, { kind: 'body', body: PNG, contentType: 'image/png' });
      return answer(req, res, { kind: 'status', status: 404 });
    })().catch(() => res.destroy());
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    count: (path) => requests.filter((r) => r.path === path).length,
    set: (path, behaviour) => void routes.set(path, behaviour),
    peakConcurrent: () => peak,
    resetPeak: () => void (peak = open),
    close: () =>
      new Promise<void>((ok) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => ok());
      }),
  };
}
