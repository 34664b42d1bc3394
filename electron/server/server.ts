import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { API_EVENTS, EVENTS_PATH, type OffprintApi, type OffprintEventSource } from '../../shared/api';
import { contentSecurityPolicy } from '../../shared/csp';
import type { ApiResult, ErrorCode } from '../../shared/types';
import { callApi } from '../bridge';
import { type AppAnswer, type AppFiles, answerAppRequest } from '../serving/app-request';

export interface ServeLimits {
  /** How long a client may take to send its request's headers. */
  headersTimeoutMs: number;
  /** How long a client may take to send a whole request. */
  requestTimeoutMs: number;
  /** How often Node checks those two (it checks on an interval, not per request). */
  checkIntervalMs: number;
  /** Connections open at once; more are closed as they arrive. */
  maxConnections: number;
  /** How often an open event stream gets a comment line, so a dead connection is found and closed. */
  heartbeatMs: number;
}

export const DEFAULT_SERVE_LIMITS: ServeLimits = { headersTimeoutMs: 10_000, requestTimeoutMs: 60_000, checkIntervalMs: 1000, maxConnections: 64, heartbeatMs: 25_000 };

export interface ServeOptions {
  /** The contract: its methods, and its events for the event stream. */
  service: OffprintApi & OffprintEventSource;
  /** The built renderer (out/renderer). */
  rendererDir: string;
  /** Where article folders live, for their stored images. */
  articlesDir: string;
  /** 0 picks a free port. */
  port?: number;
  /** The per-run secret; random unless given (tests). */
  token?: string;
  /** Timeouts and the connection cap; the defaults unless given (tests). */
  limits?: Partial<ServeLimits>;
}

export interface RunningServer {
  /** The address to open, token included. */
  url: string;
  origin: string;
  token: string;
  close(): Promise<void>;
}

const HOST = '127.0.0.1';
const MAX_BODY_BYTES = 20 * 1024 * 1024;
/** An event stream whose reader has fallen this far behind is closed (the page reconnects) rather than buffered without end. */
const MAX_UNSENT_EVENT_BYTES = 4 * 1024 * 1024;

const STATUS: Partial<Record<ErrorCode, number>> = { 'invalid-argument': 400, 'invalid-url': 400, 'unsupported-scheme': 400, 'not-found': 404, internal: 500, storage: 500 };

/**
 * `offprint serve`: the built renderer and the contract over HTTP, on 127.0.0.1 only. Requests
 * whose Host is not the bound address are refused (DNS rebinding). API calls need the per-run token
 * in the `x-offprint-token` header (the page keeps it in its session storage, per origin and so per
 * port); no cookie is an API credential. Stored images, which an `<img>` fetches without headers,
 * also accept a cookie set when the page is opened with `?token=`: named after the port (so two
 * servers on 127.0.0.1 never overwrite each other's) and holding a key derived from the token that
 * opens images only. No CORS headers are ever sent. A request answered before its body was read
 * closes its connection; headers and whole requests have time limits, and connections are capped.
 * The contract's events are a Server-Sent Events stream at `GET /api/events`, behind the same
 * checks and the same token header (so the page reads it with `fetch`, not `EventSource`, which
 * cannot send headers: the token is never in a URL).
 */
export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const assetKey = createHmac('sha256', token).update('offprint stored images').digest('base64url');
  const limits = { ...DEFAULT_SERVE_LIMITS, ...options.limits };
  let origin = '';
  let expectedHost = '';
  let assetCookie = '';
  let policy = '';
  let files: AppFiles = { rendererDir: options.rendererDir, articlesDir: options.articlesDir, contentSecurityPolicy: '' };
  const server: Server = createServer(
    { headersTimeout: limits.headersTimeoutMs, requestTimeout: limits.requestTimeoutMs, connectionsCheckingInterval: limits.checkIntervalMs },
    (req, res) => {
      handle(req, res).catch((error: unknown) => {
        if (!res.headersSent) sendJson(res, 500, { ok: false, error: { code: 'internal', message: String((error as Error)?.message ?? error) } });
        else res.destroy();
      });
    },
  );
  server.maxConnections = limits.maxConnections;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    setSecurityHeaders(res, policy);
    // Until the body has been read, any answer ends the connection: a refused request's body is
    // never read (Node would otherwise read it to the end to keep the connection alive).
    if (hasBody(req)) res.setHeader('connection', 'close');
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
      if (!hasToken(req)) return sendJson(res, 401, { ok: false, error: { code: 'invalid-argument', message: 'This request needs the token printed by `offprint serve`.' } });
      if (url.pathname === EVENTS_PATH && req.method === 'GET') return streamEvents(res);
      if (req.method !== 'POST') return sendJson(res, 405, { ok: false, error: { code: 'invalid-argument', message: 'API calls are POST requests.' } });
      if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) {
        return sendJson(res, 415, { ok: false, error: { code: 'invalid-argument', message: 'API calls send JSON.' } });
      }
      let body: string;
      try {
        body = await readBody(req);
      } catch (error) {
        // The rest of the body is never read: the connection ends with this answer.
        return sendJson(res, 413, { ok: false, error: { code: 'too-large', message: `The request body is ${(error as Error).message}.` } });
      }
      res.removeHeader('connection');
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
    const destination = typeof req.headers['sec-fetch-dest'] === 'string' ? req.headers['sec-fetch-dest'] : null;
    if (url.pathname.startsWith('/assets/')) {
      if (!hasToken(req) && !hasAssetCookie(req)) {
        res.writeHead(401).end();
        return;
      }
      return send(res, await answerAppRequest({ pathname: url.pathname, destination }, files));
    }
    if (url.searchParams.has('token')) {
      if (!safeEqual(url.searchParams.get('token') ?? '', token)) {
        res.writeHead(401, { 'content-type': 'text/plain' }).end('Wrong token.');
        return;
      }
      // The page takes the token itself (into session storage, out of the address bar); this cookie opens images only.
      res.setHeader('set-cookie', `${assetCookie}=${assetKey}; Path=/assets/; HttpOnly; SameSite=Strict`);
    }
    return send(res, await answerAppRequest({ pathname: url.pathname, destination }, files));
  }

  /** The contract's events as Server-Sent Events (`event: <name>`, `data: <JSON>`), until the page goes away. */
  function streamEvents(res: ServerResponse): void {
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8' });
    const send = (chunk: string) => {
      if (res.writableLength > MAX_UNSENT_EVENT_BYTES) res.destroy();
      else res.write(chunk);
    };
    const stops = API_EVENTS.map((name) => options.service.subscribe(name, (payload) => send(`event: ${name}\ndata: ${JSON.stringify(payload)}\n\n`)));
    const heartbeat = setInterval(() => send(': still here\n\n'), limits.heartbeatMs);
    heartbeat.unref();
    res.on('close', () => {
      clearInterval(heartbeat);
      for (const stop of stops) stop();
    });
    // Sent at once, so the page (and a test) knows the stream is open and subscribed.
    send(': open\n\n');
  }

  function hasToken(req: IncomingMessage): boolean {
    const header = req.headers['x-offprint-token'];
    return typeof header === 'string' && safeEqual(header, token);
  }

  function hasAssetCookie(req: IncomingMessage): boolean {
    const cookie = parseCookies(req.headers.cookie)[assetCookie];
    return cookie !== undefined && safeEqual(cookie, assetKey);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, HOST, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  origin = `http://${HOST}:${port}`;
  expectedHost = `${HOST}:${port}`;
  assetCookie = `offprint_images_${port}`;
  policy = contentSecurityPolicy(origin);
  files = { ...files, contentSecurityPolicy: policy };
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

function setSecurityHeaders(res: ServerResponse, policy: string): void {
  res.setHeader('content-security-policy', policy);
  res.setHeader('x-content-type-options', 'nosniff');
  res.setHeader('referrer-policy', 'no-referrer');
  res.setHeader('cross-origin-opener-policy', 'same-origin');
  res.setHeader('cross-origin-resource-policy', 'same-origin');
  res.setHeader('x-frame-options', 'DENY');
  res.setHeader('cache-control', 'no-store');
}

/** True when the request says a body follows (a length above zero, or a chunked body). */
function hasBody(req: IncomingMessage): boolean {
  return Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
}

function send(res: ServerResponse, answer: AppAnswer): void {
  res.writeHead(answer.status, answer.headers);
  res.end(answer.body);
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
