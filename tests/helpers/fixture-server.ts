import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve } from 'node:path';
import { afterAll, beforeAll } from 'vitest';

/** The team's fixtures, beside the project's checkout (read-only). */
export const FIXTURES = resolve(__dirname, '../../../shared/fixtures');

const TYPES: Record<string, string> = {
  // No charset: pages declare their own (the EUC-KR fixture relies on its <meta>).
  '.html': 'text/html',
  '.css': 'text/css',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.gif': 'image/gif',
  '.svg': 'image/svg+xml',
  '.txt': 'text/plain; charset=utf-8',
};

export interface FixtureServer {
  url: string;
  /** Every path requested, in order. */
  requests: string[];
  close(): Promise<void>;
}

type Route = (req: IncomingMessage, res: ServerResponse) => boolean | Promise<boolean>;

/**
 * Serves a folder of fixtures on 127.0.0.1 with a random port. `routes` can answer a request
 * specially (return true when handled); everything else is a static file from `root`.
 */
export async function startFixtureServer(root: string, routes: Route[] = []): Promise<FixtureServer> {
  const requests: string[] = [];
  const server: Server = createServer(async (req, res) => {
    requests.push(req.url ?? '');
    try {
      for (const route of routes) if (await route(req, res)) return;
      const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
      const file = normalize(join(root, path));
      if (!file.startsWith(root)) {
        res.writeHead(403).end();
        return;
      }
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      if (!res.headersSent) res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
    }
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}

/**
 * For a test file: serves `root` for the whole file (started before its tests, closed after them,
 * with `extractor` if given). The returned object reads through to the running server.
 */
export function useFixtureServer(root: string, extractor?: { close(): Promise<void> }): FixtureServer {
  let running: FixtureServer | null = null;
  const started = (): FixtureServer => {
    if (!running) throw new Error('the fixture server is used before the tests started it');
    return running;
  };
  beforeAll(async () => {
    running = await startFixtureServer(root);
  });
  afterAll(async () => {
    await running?.close();
    await extractor?.close();
  });
  return {
    get url() {
      return started().url;
    },
    get requests() {
      return started().requests;
    },
    close: () => started().close(),
  };
}
