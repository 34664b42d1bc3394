import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { connect } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Library } from '../../../electron/library/library';
import { type RunningServer, startServer } from '../../../electron/server/server';
import { createOffprintService } from '../../../electron/service';
import { API_METHODS, EVENTS_PATH, API_EVENTS } from '../../../shared/api';

let dataDir: string;
let server: RunningServer;
let service: ReturnType<typeof createOffprintService>;

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'offprint-server-'));
  const rendererDir = join(dataDir, 'renderer');
  await mkdir(rendererDir);
  await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>app</title>');
  const library = await Library.open({ dataDir: join(dataDir, 'lib') });
  // Let the clean-up that runs after open finish first: it removes folders the index does not know.
  await library.flush();
  service = createOffprintService(library);
  server = await startServer({ service, rendererDir, articlesDir: join(dataDir, 'lib', 'articles') });
});
afterEach(async () => {
  await server.close();
  await rm(dataDir, { recursive: true, force: true });
});

/** A raw request, so the Host header can be anything (fetch will not let us forge it). */
function raw(path: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}) {
  const { port } = new URL(server.origin);
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: options.method ?? 'GET', headers: options.headers, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

const api = (method: string, body: unknown, headers: Record<string, string> = {}) =>
  raw(`/api/${method}`, {
    method: 'POST',
    headers: { host: new URL(server.origin).host, 'content-type': 'application/json', 'x-offprint-token': server.token, ...headers },
    body: JSON.stringify(body),
  });

describe('electron/server/server', () => {
  it('binds loopback and prints a URL carrying the token', () => {
    expect(server.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.url).toBe(`${server.origin}/?token=${server.token}`);
    expect(server.token.length).toBeGreaterThanOrEqual(24);
  });

  it('answers API calls with the token, and refuses them without it', async () => {
    const ok = await api('getSettings', {});
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.body)).toMatchObject({ ok: true, value: { textSize: 18 } });
    const noToken = await api('getSettings', {}, { 'x-offprint-token': 'wrong' });
    expect(noToken.status).toBe(401);
  });

  it('refuses a Host that is not its own address (DNS rebinding)', async () => {
    for (const host of ['evil.example', 'localhost:1', `attacker.test:${new URL(server.origin).port}`]) {
      const res = await api('getSettings', {}, { host });
      expect(res.status).toBe(421);
    }
  });

  it('refuses cross-origin calls and sends no CORS headers', async () => {
    const res = await api('getSettings', {}, { origin: 'https://evil.example' });
    expect(res.status).toBe(403);
    const ok = await api('getSettings', {});
    expect(Object.keys(ok.headers).some((h) => h.startsWith('access-control-'))).toBe(false);
  });

  it('validates arguments and method names with typed errors', async () => {
    const bad = await api('getArticle', { id: '../../../etc/passwd' });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body).error.code).toBe('invalid-argument');
    const unknown = await api('dropEverything', {});
    expect(JSON.parse(unknown.body).error.code).toBe('invalid-argument');
    const notJson = await raw('/api/getSettings', {
      method: 'POST',
      headers: { host: new URL(server.origin).host, 'content-type': 'application/json', 'x-offprint-token': server.token },
      body: '{nope',
    });
    expect(notJson.status).toBe(400);
  });

  it('?token= sets only a port-named cookie for images; the app is served under a CSP whose scripts are the bundle folder', async () => {
    const host = new URL(server.origin).host;
    const port = new URL(server.origin).port;
    const page = await raw(`/?token=${server.token}`, { headers: { host } });
    expect(page.status).toBe(200);
    const cookie = String(page.headers['set-cookie']);
    expect(cookie).toMatch(new RegExp(`^offprint_images_${port}=[^;]+; Path=/assets/; HttpOnly; SameSite=Strict$`));
    // The cookie holds a key for images, not the token itself.
    expect(cookie).not.toContain(server.token);
    expect(page.headers['content-security-policy']).toContain(`script-src ${server.origin}/bundle/;`);
    expect(page.headers['content-security-policy']).not.toContain('unsafe-inline');
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    // No cookie is an API credential, not the image cookie and not the old token cookie.
    const imageCookie = cookie.split(';')[0]!;
    for (const c of [imageCookie, `offprint_token=${server.token}`]) {
      const viaCookie = await raw('/api/getSettings', { method: 'POST', headers: { host, cookie: c, 'content-type': 'application/json' }, body: '{}' });
      expect(viaCookie.status, c).toBe(401);
    }
    expect((await raw('/?token=wrong', { headers: { host } })).status).toBe(401);
    expect((await raw('/../../etc/passwd', { headers: { host } })).status).toBe(404);
  });

  it('listens on 127.0.0.1 only: not on ::1, not on any other address of this machine', async () => {
    const port = Number(new URL(server.origin).port);
    const reachable = (host: string) =>
      new Promise<boolean>((resolve) => {
        const socket = connect({ host, port });
        socket.setTimeout(2000, () => (socket.destroy(), resolve(false)));
        socket.once('connect', () => (socket.destroy(), resolve(true)));
        socket.once('error', () => resolve(false));
      });
    expect(await reachable('127.0.0.1')).toBe(true);
    const others = Object.values(networkInterfaces())
      .flat()
      .filter((i) => i && !i.internal)
      .map((i) => i!.address);
    for (const host of ['::1', ...others]) expect(await reachable(host), host).toBe(false);
  });

  it('requires the token on every API method, before reading anything', async () => {
    const host = new URL(server.origin).host;
    for (const method of [...API_METHODS, 'notAMethod']) {
      const attempts: Record<string, string>[] = [{}, { 'x-offprint-token': '' }, { 'x-offprint-token': server.token.slice(1) }, { cookie: `offprint_token=${server.token}x` }];
      for (const headers of attempts) {
        const res = await raw(`/api/${method}`, { method: 'POST', headers: { host, 'content-type': 'application/json', ...headers }, body: '{}' });
        expect(res.status, `${method} ${JSON.stringify(headers)}`).toBe(401);
        expect(JSON.parse(res.body).error.code).toBe('invalid-argument');
      }
    }
    expect((await raw('/api/getSettings', { headers: { host } })).status).toBe(401);
    // The token in the query string opens the page; it is not an API credential.
    expect((await raw(`/api/getSettings?token=${server.token}`, { method: 'POST', headers: { host, 'content-type': 'application/json' }, body: '{}' })).status).toBe(401);
  });

  it('serves stored images only with the token or the image cookie, with nosniff and the sandboxing policy; nothing else under /assets/', async () => {
    const host = new URL(server.origin).host;
    const images = join(dataDir, 'lib', 'articles', 'abcd-1234', 'images');
    await mkdir(images, { recursive: true });
    const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
    const name = (ext: string) => `${'0'.repeat(31)}1.${ext}`;
    await writeFile(join(images, name('png')), png);
    await writeFile(join(images, name('svg')), '<svg xmlns="http://www.w3.org/2000/svg"><script>parent.__xss=1</script></svg>');
    await writeFile(join(images, name('bmp')), Buffer.from('424d', 'hex'));
    await writeFile(join(images, name('ico')), Buffer.from('00000100', 'hex'));
    await writeFile(join(images, 'c.unknown'), '<script>alert(1)</script>');
    await writeFile(join(images, 'note.html'), '<script src="run.js"></script>');
    await writeFile(join(images, 'run.js'), 'fetch("/api/listArticles")');
    expect((await raw(`/assets/abcd-1234/${name('png')}`, { headers: { host } })).status).toBe(401);
    expect((await raw(`/assets/abcd-1234/${name('png')}?token=${server.token}`, { headers: { host } })).status).toBe(401);
    const cookie = String((await raw(`/?token=${server.token}`, { headers: { host } })).headers['set-cookie']).split(';')[0]!;
    const credentials: Record<string, string>[] = [{ host, cookie }, { host, 'x-offprint-token': server.token }];
    for (const headers of credentials) {
      const res = await raw(`/assets/abcd-1234/${name('png')}`, { headers });
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('image/png');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['cross-origin-resource-policy']).toBe('same-origin');
      expect(res.headers['content-security-policy']).toMatch(/^default-src 'none';.*sandbox$/);
    }
    const svg = await raw(`/assets/abcd-1234/${name('svg')}`, { headers: { host, cookie } });
    expect(svg.headers['content-type']).toBe('image/svg+xml');
    expect(svg.headers['content-security-policy']).toMatch(/default-src 'none'.*sandbox/);
    expect(svg.headers['content-security-policy']).not.toContain('script-src');
    expect((await raw(`/assets/abcd-1234/${name('bmp')}`, { headers: { host, cookie } })).headers['content-type']).toBe('image/bmp');
    expect((await raw(`/assets/abcd-1234/${name('ico')}`, { headers: { host, cookie } })).headers['content-type']).toBe('image/x-icon');
    // Opened as a page (Sec-Fetch-Dest: document), not even an image is served.
    expect((await raw(`/assets/abcd-1234/${name('png')}`, { headers: { host, cookie, 'sec-fetch-dest': 'document' } })).status).toBe(404);
    for (const path of ['/assets/abcd-1234/c.unknown', '/assets/abcd-1234/note.html', '/assets/abcd-1234/run.js', '/assets/abcd-1234/..%2f..%2fdb.json', '/assets/..%2fdb.json/x', `/assets/abcd-1234/images/${name('png')}`, '/assets/%E0%A4%A/a.png', '/assets/.hidden/a.png']) {
      expect((await raw(path, { headers: { host, cookie } })).status, path).toBe(404);
    }
  });

  it('refuses a stored image reached through a symbolic link inside the data folder', async () => {
    const host = new URL(server.origin).host;
    const images = join(dataDir, 'lib', 'articles', 'abcd-1234', 'images');
    await mkdir(images, { recursive: true });
    await writeFile(join(dataDir, 'lib', 'secret.txt'), "textSize: the library's own file");
    await symlink(join(dataDir, 'lib', 'secret.txt'), join(images, `${'0'.repeat(31)}2.png`));
    const res = await raw(`/assets/abcd-1234/${'0'.repeat(31)}2.png`, { headers: { host, 'x-offprint-token': server.token } });
    expect(res.status).toBe(404);
    expect(res.body).not.toContain('textSize');
  });

  it('never sends CORS headers, not even to a preflight, and refuses the null origin', async () => {
    const host = new URL(server.origin).host;
    const preflight = await raw('/api/getSettings', {
      method: 'OPTIONS',
      headers: { host, origin: 'https://evil.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'x-offprint-token' },
    });
    expect(preflight.status).toBe(403);
    const sameOrigin = await raw('/api/getSettings', { method: 'OPTIONS', headers: { host, origin: server.origin } });
    expect(sameOrigin.status).toBe(401);
    const nullOrigin = await api('getSettings', {}, { origin: 'null' });
    expect(nullOrigin.status).toBe(403);
    for (const res of [preflight, sameOrigin, nullOrigin, await api('getSettings', {}), await raw('/', { headers: { host } })]) {
      expect(Object.keys(res.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
    }
  });

  it('answers hostile paths and bodies with a client error, never a crash', async () => {
    const host = new URL(server.origin).host;
    expect((await raw('/%E0%A4%A', { headers: { host } })).status).toBe(404);
    expect((await raw('/..%2f..%2f..%2fetc%2fpasswd', { headers: { host } })).status).toBe(404);
    const badName = await raw('/api/%E0%A4%A', { method: 'POST', headers: { host, 'content-type': 'application/json', 'x-offprint-token': server.token }, body: '{}' });
    expect(badName.status).toBe(400);
    // Over the 20 MB limit: refused with 413, or the connection is cut while the client still sends.
    const big = await raw('/api/getSettings', {
      method: 'POST',
      headers: { host, 'content-type': 'application/json', 'x-offprint-token': server.token },
      body: `"${'x'.repeat(21 * 1024 * 1024)}"`,
    }).catch((error: NodeJS.ErrnoException) => ({ status: error.code }));
    expect([413, 'ECONNRESET', 'EPIPE']).toContain(big.status);
    const notJsonType = await raw('/api/getSettings', { method: 'POST', headers: { host, 'content-type': 'text/plain', 'x-offprint-token': server.token }, body: '{}' });
    expect(notJsonType.status).toBe(415);
    const page = await raw('/', { headers: { host } });
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(page.headers['x-frame-options']).toBe('DENY');
    expect(page.headers['set-cookie']).toBeUndefined();
    expect((await api('getSettings', {})).status).toBe(200);
  });

  it('closes a connection that sends an unauthenticated body instead of reading it', async () => {
    const { port } = new URL(server.origin);
    const total = 100 * 1024 * 1024;
    const outcome = await new Promise<{ written: number; response: string }>((resolve) => {
      const socket = connect({ host: '127.0.0.1', port: Number(port) });
      let written = 0;
      let response = '';
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      socket.on('data', (c) => (response += c.toString('latin1')));
      socket.on('error', () => undefined /* the reset that ends the upload */);
      socket.on('close', () => resolve({ written, response }));
      socket.on('connect', () => {
        socket.write(`POST /api/listArticles HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\nContent-Length: ${total}\r\n\r\n`);
        const pump = () => {
          while (written < total && !socket.destroyed) {
            written += chunk.length;
            if (!socket.write(chunk)) return void socket.once('drain', pump);
          }
          if (written >= total) socket.end();
        };
        pump();
      });
    });
    expect(outcome.response).toMatch(/^HTTP\/1\.1 401/);
    expect(outcome.response.toLowerCase()).toContain('connection: close');
    // The upload was cut off long before its end (what the socket buffers held was all that went).
    expect(outcome.written).toBeLessThan(total / 4);
  });

  it('ends a connection whose headers never finish, and caps the connections open at once', async () => {
    const library = await Library.open({ dataDir: join(dataDir, 'lib2') });
    const limitedServer = (limits: Parameters<typeof startServer>[0]['limits']) =>
      startServer({ service: createOffprintService(library), rendererDir: join(dataDir, 'renderer'), articlesDir: join(dataDir, 'lib2', 'articles'), limits });
    const open = (port: number) =>
      new Promise<{ socket: ReturnType<typeof connect>; closed: Promise<string> }>((resolve) => {
        const socket = connect({ host: '127.0.0.1', port });
        let data = '';
        socket.on('data', (c) => (data += c));
        socket.on('error', () => undefined);
        const closed = new Promise<string>((ok) => socket.on('close', () => ok(data)));
        socket.on('connect', () => resolve({ socket, closed }));
      });
    const slowHeaders = await limitedServer({ headersTimeoutMs: 300, requestTimeoutMs: 600, checkIntervalMs: 100 });
    const capped = await limitedServer({ maxConnections: 2 });
    try {
      // Slow headers: the server answers 408 and closes (the test's own time limit is the bound).
      const port = Number(new URL(slowHeaders.origin).port);
      const slow = await open(port);
      slow.socket.write(`GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n`);
      expect(await slow.closed).toMatch(/^HTTP\/1\.1 408/);
      // Two idle connections fill the cap; a third is closed as it arrives, with no answer.
      const cappedPort = Number(new URL(capped.origin).port);
      const first = await open(cappedPort);
      const second = await open(cappedPort);
      const third = await open(cappedPort);
      expect(await third.closed).toBe('');
      first.socket.destroy();
      second.socket.destroy();
    } finally {
      await slowHeaders.close();
      await capped.close();
      await library.close();
    }
  });

  describe('the event stream (GET /api/events, Server-Sent Events)', () => {
    /** Opens the stream with a raw request; `next` waits for the next event (comments skipped) or the end. */
    function openStream(headers: Record<string, string>, origin = server.origin) {
      const { port, host } = new URL(origin);
      return new Promise<{ status: number; type: string | undefined; body: () => string; next: () => Promise<{ event: string; data: unknown } | null>; close: () => void }>((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port, path: EVENTS_PATH, headers: { host, ...headers }, agent: false }, (res) => {
          let body = '';
          let read = 0;
          const waiting: (() => void)[] = [];
          let ended = false;
          res.setEncoding('utf8');
          res.on('data', (c: string) => {
            body += c;
            waiting.splice(0).forEach((wake) => wake());
          });
          res.on('close', () => {
            ended = true;
            waiting.splice(0).forEach((wake) => wake());
          });
          const next = async (): Promise<{ event: string; data: unknown } | null> => {
            for (;;) {
              const end = body.indexOf('\n\n', read);
              if (end >= 0) {
                const block = body.slice(read, end);
                read = end + 2;
                const fields = Object.fromEntries(block.split('\n').filter((l) => !l.startsWith(':')).map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 2)]));
                if (fields.event) return { event: fields.event, data: JSON.parse(fields.data ?? 'null') };
                continue;
              }
              if (ended) return null;
              await new Promise<void>((wake) => waiting.push(wake));
            }
          };
          resolve({ status: res.statusCode ?? 0, type: res.headers['content-type'], body: () => body, next, close: () => req.destroy() });
        });
        req.on('error', reject);
        req.end();
      });
    }

    it('refuses a missing or wrong token, a token in the address, a foreign Origin and a foreign Host', async () => {
      const host = new URL(server.origin).host;
      const attempts: Record<string, string>[] = [{}, { 'x-offprint-token': 'wrong' }, { 'x-offprint-token': server.token.slice(1) }, { cookie: `offprint_token=${server.token}` }];
      for (const headers of attempts) {
        const res = await raw(EVENTS_PATH, { headers: { host, ...headers } });
        expect(res.status, JSON.stringify(headers)).toBe(401);
        expect(res.headers['content-type']).not.toContain('event-stream');
      }
      expect((await raw(`${EVENTS_PATH}?token=${server.token}`, { headers: { host } })).status).toBe(401);
      const foreign = await raw(EVENTS_PATH, { headers: { host, origin: 'https://evil.example', 'x-offprint-token': server.token } });
      expect(foreign.status).toBe(403);
      expect((await raw(EVENTS_PATH, { headers: { host: 'evil.example', 'x-offprint-token': server.token } })).status).toBe(421);
      expect((await raw(EVENTS_PATH, { headers: { host: `localhost:${new URL(server.origin).port}`, 'x-offprint-token': server.token } })).status).toBe(421);
    });

    it('delivers the events (settings, save progress, library changes) to a page with the token, as they happen', async () => {
      const stream = await openStream({ 'x-offprint-token': server.token, origin: server.origin });
      expect(stream.status).toBe(200);
      expect(stream.type).toBe('text/event-stream; charset=utf-8');
      await expect.poll(() => stream.body()).toContain(': open');
      const settings = JSON.parse((await api('updateSettings', { patch: { theme: 'dark' } })).body).value;
      expect(await stream.next()).toEqual({ event: 'settingsChanged', data: settings });
      const saved = JSON.parse((await api('saveArticle', { source: { kind: 'text', text: 'Told by the stream\n\nA body.' }, requestId: 'r-9' })).body).value;
      const told: { event: string; data: unknown }[] = [];
      while (!told.some((e) => e.event === 'libraryChanged')) told.push((await stream.next())!);
      while (!told.some((e) => e.event === 'saveProgress' && (e.data as { stage: string }).stage === 'done')) told.push((await stream.next())!);
      expect(told.filter((e) => e.event === 'saveProgress').map((e) => (e.data as { requestId: string }).requestId)).toContain('r-9');
      expect(told.find((e) => e.event === 'libraryChanged')!.data).toEqual({ added: [saved.article.id], updated: [], removed: [] });
      const bookmarked = JSON.parse((await api('setBookmarked', { id: saved.article.id, bookmarked: true })).body).value;
      expect(await stream.next()).toEqual({ event: 'libraryChanged', data: { added: [], updated: [bookmarked], removed: [] } });
      stream.close();
    });

    it('stops listening when the page goes away, and outlives the request time limit', async () => {
      const library = await Library.open({ dataDir: join(dataDir, 'lib3') });
      const inner = createOffprintService(library);
      let listening = 0;
      const counted = {
        ...inner,
        subscribe: ((event, listener) => {
          listening++;
          const stop = inner.subscribe(event, listener);
          return () => {
            listening--;
            stop();
          };
        }) as typeof inner.subscribe,
      };
      const limited = await startServer({ service: counted, rendererDir: join(dataDir, 'renderer'), articlesDir: join(dataDir, 'lib3', 'articles'), limits: { headersTimeoutMs: 200, requestTimeoutMs: 300, checkIntervalMs: 50, heartbeatMs: 100 } });
      try {
        const stream = await openStream({ 'x-offprint-token': limited.token }, limited.origin);
        expect(stream.status).toBe(200);
        await expect.poll(() => listening).toBe(API_EVENTS.length);
        // Past the request time limit, with heartbeats on the way, the stream still tells events.
        await new Promise((r) => setTimeout(r, 700));
        expect(stream.body()).toContain(': still here');
        await counted.updateSettings({ patch: { font: 'sans' } });
        expect(await stream.next()).toMatchObject({ event: 'settingsChanged', data: { font: 'sans' } });
        stream.close();
        await expect.poll(() => listening).toBe(0);
      } finally {
        await limited.close();
        await inner.close();
        await library.close();
      }
    });
  });
});
