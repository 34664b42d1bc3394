import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { describeCaptureReport } from '../../shared/capture-report';
import { toErrorValue } from '../../shared/errors';
import {
  DEFAULT_EXTENSION_PORT,
  EXTENSION_HEADER,
  EXTENSION_LIMITS,
  EXTENSION_PATH_PREFIX,
  EXTENSION_PROTOCOL,
  EXTENSION_TOKEN_HEADER,
  type ErrorAnswer,
  type HelloAnswer,
  isExtensionOrigin,
  type PairAnswer,
  type SaveAnswer,
} from '../../shared/extension-protocol';
import type { ErrorCode } from '../../shared/types';
import { parseWebUrl } from '../../shared/url';
import type { OffprintService } from '../service';
import type { StoredPairing } from '../library/library';
import { log } from '../log';

/**
 * The listener the browser extension talks to (issue 16), in the desktop app and `offprint serve`:
 * on 127.0.0.1 only, a fixed port the extension knows. Secured like the best local connectors
 * (Zotero's connector server, 1Password's): every request must
 *
 * 1. name this listener in its Host (`127.0.0.1:<port>`): a DNS-rebinding page's Host is its own name;
 * 2. come from a browser extension's Origin (`chrome-extension://…`, `moz-extension://…`): a web
 *    page's fetch and a form post carry the page's origin (or `null`);
 * 3. be a POST of JSON with the `x-offprint-extension` header: neither a form nor a page's fetch can
 *    send that without a CORS preflight, and preflights are refused, no CORS header is ever sent;
 * 4. carry the token of a pairing of that same origin (all but `hello`, `pair` and `pair-status`).
 *
 * Everything else is refused with a status and a sentence, before its body is read. What passes
 * is still untrusted: it is parsed by a schema and saved through the same capture as any page.
 */
export interface ExtensionEndpointOptions {
  service: OffprintService;
  /** 0 picks a free port (tests); DEFAULT_EXTENSION_PORT unless given. */
  port?: number;
  limits?: Partial<EndpointLimits>;
}

export interface EndpointLimits {
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  maxConnections: number;
  /** Body of every request but a save. */
  smallBodyBytes: number;
  saveBodyBytes: number;
}

const DEFAULT_LIMITS: EndpointLimits = { headersTimeoutMs: 10_000, requestTimeoutMs: 120_000, maxConnections: 16, smallBodyBytes: 64 * 1024, saveBodyBytes: EXTENSION_LIMITS.requestBytes };

export interface RunningEndpoint {
  port: number;
  /** `http://127.0.0.1:<port>` */
  origin: string;
  close(): Promise<void>;
}

const HOST = '127.0.0.1';
const ROUTES = ['hello', 'pair', 'pair-status', 'save'] as const;
type Route = (typeof ROUTES)[number];
const OPEN_ROUTES: ReadonlySet<Route> = new Set(['hello', 'pair', 'pair-status']);

const nonceSchema = z.string().regex(/^[A-Za-z0-9_-]{22,128}$/, 'A pairing secret is 22 to 128 letters, digits, _ or -');
const webUrlSchema = z
  .string()
  .max(8192)
  .refine((u) => parseWebUrl(u) !== null, 'An http or https address');
const schemas = {
  hello: z.strictObject({}),
  pair: z.strictObject({ name: z.string().max(200), nonce: nonceSchema }),
  'pair-status': z.strictObject({ requestId: z.string().regex(/^[A-Za-z0-9_-]{16}$/), nonce: nonceSchema }),
  save: z.discriminatedUnion('kind', [
    z.strictObject({
      kind: z.literal('page'),
      url: webUrlSchema,
      title: z.string().max(1000),
      // Characters; the UTF-8 bytes are held to the page limit by capture.
      html: z.string().min(1, 'The page is empty').max(EXTENSION_LIMITS.pageBytes),
      selection: z.boolean(),
      images: z
        .array(z.strictObject({ url: z.string().max(8192), data: z.string().max(Math.ceil((EXTENSION_LIMITS.imageBytes * 4) / 3) + 8).regex(/^[A-Za-z0-9+/]*={0,2}$/, 'base64') }))
        .max(EXTENSION_LIMITS.images),
    }),
    z.strictObject({ kind: z.literal('link'), url: webUrlSchema, title: z.string().max(1000).optional() }),
  ]),
};

const STATUS: Partial<Record<ErrorCode, number>> = { 'invalid-argument': 400, 'invalid-url': 400, 'unsupported-scheme': 400, 'not-found': 404, 'too-large': 413, refused: 403, storage: 500, internal: 500 };

/** Starts the listener; rejects (EADDRINUSE, …) when the port cannot be had. */
export async function startExtensionEndpoint(options: ExtensionEndpointOptions): Promise<RunningEndpoint> {
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const { service } = options;
  let expectedHost = '';
  const server: Server = createServer({ headersTimeout: limits.headersTimeoutMs, requestTimeout: limits.requestTimeoutMs }, (req, res) => {
    handle(req, res).catch((error: unknown) => {
      log.warn('The extension listener failed to answer a request', error);
      if (!res.headersSent) refuse(res, 500, 'internal', 'Offprint could not answer that request.');
      else res.destroy();
    });
  });
  server.maxConnections = limits.maxConnections;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // No Access-Control-* header, ever: the browser's CORS check fails every web origin.
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('cache-control', 'no-store');
    res.setHeader('content-security-policy', "default-src 'none'; frame-ancestors 'none'; sandbox");
    // Until the body has been read, any answer ends the connection (a refused body is never read).
    if (hasBody(req)) res.setHeader('connection', 'close');
    const checked = check(req, expectedHost);
    if ('refusal' in checked) {
      log.debug(`The extension listener refused a request: ${checked.refusal.code} (origin ${String(req.headers.origin ?? 'none').slice(0, 100)})`);
      return refuse(res, checked.refusal.status, checked.refusal.code, checked.refusal.message);
    }
    const { route, origin } = checked;
    let pairing: StoredPairing | null = null;
    const token = req.headers[EXTENSION_TOKEN_HEADER];
    if (typeof token === 'string' && token) pairing = await service.extension.verify(origin, token);
    if (!OPEN_ROUTES.has(route) && !pairing) {
      return refuse(res, 401, 'not-paired', 'This extension is not paired with Offprint (or its pairing was revoked): pair it again from its options page.');
    }
    let body: string;
    try {
      body = await readBody(req, route === 'save' ? limits.saveBodyBytes : limits.smallBodyBytes);
    } catch (error) {
      return refuse(res, 413, 'too-large', `The request is ${(error as Error).message}.`);
    }
    res.removeHeader('connection');
    let json: unknown;
    try {
      json = body ? JSON.parse(body) : {};
    } catch {
      return refuse(res, 400, 'invalid-argument', 'The request body is not valid JSON.');
    }
    const parsed = schemas[route].safeParse(json);
    if (!parsed.success) return refuse(res, 400, 'invalid-argument', `The request is not one Offprint accepts: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ').slice(0, 500)}`);
    try {
      return sendJson(res, 200, await answer(route, parsed.data, origin, pairing));
    } catch (error) {
      const value = toErrorValue(error);
      return refuse(res, STATUS[value.code] ?? 422, value.code, value.message);
    }
  }

  async function answer(route: Route, data: unknown, origin: string, pairing: StoredPairing | null): Promise<unknown> {
    switch (route) {
      case 'hello':
        return { app: 'offprint', protocol: EXTENSION_PROTOCOL, paired: pairing !== null } satisfies HelloAnswer;
      case 'pair': {
        const { name, nonce } = data as z.infer<typeof schemas.pair>;
        const request = service.extension.request(origin, name, nonce);
        return { requestId: request.requestId, code: request.code, expiresAt: request.expiresAt } satisfies PairAnswer;
      }
      case 'pair-status': {
        const { requestId, nonce } = data as z.infer<(typeof schemas)['pair-status']>;
        return service.extension.status(origin, requestId, nonce);
      }
      case 'save': {
        await service.extension.touch(pairing!);
        const request = data as z.infer<typeof schemas.save>;
        const requestId = `extension-${randomBytes(6).toString('hex')}`;
        const result =
          request.kind === 'link'
            ? await service.saveArticle({ source: { kind: 'url', url: request.url }, requestId })
            : await service.saveFromBrowser(
                { url: request.url, title: request.title, html: request.html, selection: request.selection, images: request.images.map((i) => ({ url: i.url, bytes: new Uint8Array(Buffer.from(i.data, 'base64')) })) },
                requestId,
              );
        const report = describeCaptureReport(await service.getCaptureReport({ id: result.article.id }));
        return { id: result.article.id, title: result.article.title, warnings: (result.warnings ?? []).map((w) => w.message), duplicate: result.duplicate, report } satisfies SaveAnswer;
      }
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? DEFAULT_EXTENSION_PORT, HOST, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', (error) => log.warn('The extension listener failed', error));
  const { port } = server.address() as AddressInfo;
  expectedHost = `${HOST}:${port}`;
  const origin = `http://${expectedHost}`;
  service.extension.endpoint = { listening: true, address: origin, problem: null };
  return {
    port,
    origin,
    close: () =>
      new Promise<void>((resolve) => {
        service.extension.endpoint = { listening: false, address: null, problem: null };
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

type Checked = { route: Route; origin: string } | { refusal: { status: number; code: string; message: string } };

/**
 * The checks every request passes before anything else is looked at, in order; a plain function so
 * each refusal is tested on its own (tests/electron/server/extension-endpoint.test.ts).
 */
export function check(req: Pick<IncomingMessage, 'headers' | 'method' | 'url'>, expectedHost: string): Checked {
  const no = (status: number, code: string, message: string): Checked => ({ refusal: { status, code, message } });
  if (req.headers.host !== expectedHost) return no(421, 'wrong-host', 'This listener only answers to its own address (127.0.0.1).');
  const origin = req.headers.origin;
  if (!isExtensionOrigin(origin)) return no(403, 'wrong-origin', 'Only the Offprint browser extension may call this listener; web pages may not.');
  if (req.method === 'OPTIONS') return no(403, 'no-preflight', 'Offprint answers no CORS preflight.');
  if (req.method !== 'POST') return no(405, 'wrong-method', 'The extension sends POST requests only.');
  if (req.headers[EXTENSION_HEADER] !== EXTENSION_PROTOCOL) return no(403, 'wrong-header', `Every request carries ${EXTENSION_HEADER}: ${EXTENSION_PROTOCOL}.`);
  if (!/^application\/json\s*(;|$)/i.test(req.headers['content-type'] ?? '')) return no(415, 'not-json', 'The extension sends JSON.');
  const path = (req.url ?? '').split('?')[0]!;
  const route = path.startsWith(EXTENSION_PATH_PREFIX) ? path.slice(EXTENSION_PATH_PREFIX.length) : '';
  if (!(ROUTES as readonly string[]).includes(route)) return no(404, 'not-found', 'There is nothing at that address.');
  return { route: route as Route, origin };
}

function hasBody(req: IncomingMessage): boolean {
  return Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
}

function refuse(res: ServerResponse, status: number, code: string, message: string): void {
  sendJson(res, status, { error: { code, message } } satisfies ErrorAnswer);
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

async function readBody(req: IncomingMessage, max: number): Promise<string> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > max) throw new Error(`larger than ${describe(max)}`);
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of req) {
    total += (chunk as Buffer).length;
    if (total > max) throw new Error(`larger than ${describe(max)}`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function describe(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round(bytes / (1024 * 1024))} MB` : `${Math.round(bytes / 1024)} KB`;
}

/** The port to listen on: `OFFPRINT_EXTENSION_PORT` (0 for any, `off` for none), else the default. */
export function extensionPortFrom(value: string | undefined): number | null {
  if (value === undefined || value === '') return DEFAULT_EXTENSION_PORT;
  if (value === 'off') return null;
  const port = Number(value);
  return Number.isInteger(port) && port >= 0 && port <= 65535 ? port : DEFAULT_EXTENSION_PORT;
}
