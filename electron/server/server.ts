import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import type { OffprintApi } from '../../shared/api';
import { CONTENT_SECURITY_POLICY } from '../../shared/csp';
import type { ApiResult, ErrorCode } from '../../shared/types';
import { callApi } from '../bridge';

export interface ServeOptions {
  service: OffprintApi;
  /** The built renderer (out/renderer). */
  rendererDir: string;
  /** Where article folders live, for their stored images. */
  articlesDir: string;
  /** 0 picks a free port. */
  port?: number;
  /** The per-run secret; random unless given (tests). */
  token?: string;
}

export interface RunningServer {
  /** The address to open, token included. */
  url: string;
  origin: string;
  token: string;
  close(): Promise<void>;
}

const HOST = '127.0.0.1';
const COOKIE = 'offprint_token';
const MAX_BODY_BYTES = 20 * 1024 * 1024;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
};

const STATUS: Partial<Record<ErrorCode, number>> = { 'invalid-argument': 400, 'invalid-url': 400, 'unsupported-scheme': 400, 'not-found': 404, internal: 500, storage: 500 };

/**
 * `offprint serve`: the built renderer and the contract over HTTP, on 127.0.0.1 only. Requests
 * whose Host is not the bound address are refused (DNS rebinding); API calls and stored images need
 * the per-run token, as an `x-offprint-token` header or the SameSite=Strict cookie set when the
 * page is opened with `?token=`. No CORS headers are ever sent.
 */
export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  let origin = '';
  let expectedHost = '';
  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: { code: 'internal', message: String((error as Error)?.message ?? error) } });
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    setSecurityHeaders(res);
    if (req.headers.host !== expectedHost) {
      res.writeHead(421, { 'content-type': 'text/plain' }).end('Misdirected request: this server only answers to its own address.');
      return;
    }
    const url = new URL(req.url ?? '/', origin);
    if (req.headers.origin && req.headers.origin !== origin) {
      res.writeHead(403, { 'content-type': 'text/plain' }).end('Cross-origin requests are refused.');
      return;
    }
    if (url.pathname.startsWith('/api/')) {
      if (!authorised(req)) return sendJson(res, 401, { ok: false, error: { code: 'invalid-argument', message: 'This request needs the token printed by `offprint serve`.' } });
      if (req.method !== 'POST') return sendJson(res, 405, { ok: false, error: { code: 'invalid-argument', message: 'API calls are POST requests.' } });
      if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) {
        return sendJson(res, 415, { ok: false, error: { code: 'invalid-argument', message: 'API calls send JSON.' } });
      }
      let body: string;
      try {
        body = await readBody(req);
      } catch (error) {
        // The rest of the body is never read: the connection ends with this answer.
        res.setHeader('connection', 'close');
        return sendJson(res, 413, { ok: false, error: { code: 'too-large', message: `The request body is ${(error as Error).message}.` } });
      }
      let args: unknown;
      try {
        args = body.length ? JSON.parse(body) : {};
      } catch (error) {
        return sendJson(res, 400, { ok: false, error: { code: 'invalid-argument', message: `The request body is not valid JSON: ${(error as Error).message}` } });
      }
      const result = await callApi(options.service, safeDecode(url.pathname.slice('/api/'.length)) ?? '', args);
      return sendJson(res, result.ok ? 200 : (STATUS[result.error.code] ?? 422), result);
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405).end();
      return;
    }
    if (url.pathname.startsWith('/assets/')) {
      if (!authorised(req)) {
        res.writeHead(401).end();
        return;
      }
      const rel = url.pathname.slice('/assets/'.length).split('/').map(safeDecode);
      if (rel.length !== 2 || rel.some((p) => p === null || !/^[a-z0-9][a-z0-9._-]*$/i.test(p))) {
        res.writeHead(404).end();
        return;
      }
      return sendFile(res, join(options.articlesDir, rel[0]!, 'images', rel[1]!), { immutable: true });
    }
    if (url.searchParams.has('token')) {
      if (!safeEqual(url.searchParams.get('token') ?? '', token)) {
        res.writeHead(401, { 'content-type': 'text/plain' }).end('Wrong token.');
        return;
      }
      res.setHeader('set-cookie', `${COOKIE}=${token}; Path=/; HttpOnly; SameSite=Strict`);
    }
    const path = url.pathname === '/' ? '/index.html' : url.pathname;
    const decoded = safeDecode(path);
    const file = decoded === null ? null : normalize(join(options.rendererDir, decoded));
    if (!file || !file.startsWith(options.rendererDir + sep)) {
      res.writeHead(404).end();
      return;
    }
    return sendFile(res, file, { immutable: path.startsWith('/bundle/') });
  }

  function authorised(req: IncomingMessage): boolean {
    const header = req.headers['x-offprint-token'];
    if (typeof header === 'string' && safeEqual(header, token)) return true;
    const cookie = parseCookies(req.headers.cookie)[COOKIE];
    return cookie !== undefined && safeEqual(cookie, token);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, HOST, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  origin = `http://${HOST}:${port}`;
  expectedHost = `${HOST}:${port}`;
  return {
    url: `${origin}/?token=${token}`,
    origin,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function setSecurityHeaders(res: ServerResponse): void {
  res.setHeader('content-security-policy', CONTENT_SECURITY_POLICY);
  res.setHeader('x-content-type-options', 'nosniff');
  res.setHeader('referrer-policy', 'no-referrer');
  res.setHeader('cross-origin-opener-policy', 'same-origin');
  res.setHeader('cross-origin-resource-policy', 'same-origin');
  res.setHeader('x-frame-options', 'DENY');
  res.setHeader('cache-control', 'no-store');
}

async function sendFile(res: ServerResponse, file: string, options: { immutable: boolean }): Promise<void> {
  try {
    if (!(await stat(file)).isFile()) throw new Error('not a file');
  } catch {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
    return;
  }
  const type = TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
  const headers: Record<string, string> = { 'content-type': type };
  if (options.immutable) headers['cache-control'] = 'private, max-age=31536000, immutable';
  // An SVG is only ever an image here: opened as a document, it still may not run anything.
  if (type === 'image/svg+xml') headers['content-security-policy'] = "default-src 'none'; style-src 'unsafe-inline'; sandbox";
  res.writeHead(200, headers);
  res.end(await readFile(file));
}

function sendJson(res: ServerResponse, status: number, body: ApiResult<unknown>): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of req) {
    total += (chunk as Buffer).length;
    if (total > MAX_BODY_BYTES) throw new Error(`larger than ${MAX_BODY_BYTES / (1024 * 1024)} MB`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** A %-decoded path part, or null when its escapes are malformed (answered as not found, never as a server error). */
function safeDecode(part: string): string | null {
  try {
    return decodeURIComponent(part);
  } catch {
    return null;
  }
}

function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0) out[part.slice(0, i).trim()] = part.slice(i + 1).trim();
  }
  return out;
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
