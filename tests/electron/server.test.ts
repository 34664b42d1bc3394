import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Library } from '../../electron/library/library';
import { type RunningServer, startServer } from '../../electron/server/server';
import { createOffprintService } from '../../electron/service';

let dataDir: string;
let server: RunningServer;

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'offprint-server-'));
  const rendererDir = join(dataDir, 'renderer');
  await mkdir(rendererDir);
  await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>app</title>');
  const library = await Library.open({ dataDir: join(dataDir, 'lib') });
  server = await startServer({ service: createOffprintService(library), rendererDir, articlesDir: join(dataDir, 'lib', 'articles') });
});
afterEach(async () => {
  await server.close();
  await rm(dataDir, { recursive: true, force: true });
});

/** A raw request, so the Host header can be anything (fetch will not let us forge it). */
function raw(path: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}) {
  const { port } = new URL(server.origin);
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: options.method ?? 'GET', headers: options.headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
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
    expect(JSON.parse(ok.body)).toEqual({ ok: true, value: { textSize: 18 } });
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
    const bad = await api('getArticle', { id: '../../etc/passwd' });
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

  it('sets the token cookie from ?token= and serves the app with a strict CSP and nosniff', async () => {
    const host = new URL(server.origin).host;
    const page = await raw(`/?token=${server.token}`, { headers: { host } });
    expect(page.status).toBe(200);
    expect(String(page.headers['set-cookie'])).toMatch(/offprint_token=.*HttpOnly; SameSite=Strict/);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['content-security-policy']).not.toContain('unsafe-inline');
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    const cookie = `offprint_token=${server.token}`;
    const viaCookie = await raw('/api/getSettings', { method: 'POST', headers: { host, cookie, 'content-type': 'application/json' }, body: '{}' });
    expect(viaCookie.status).toBe(200);
    expect((await raw('/?token=wrong', { headers: { host } })).status).toBe(401);
    expect((await raw('/../../etc/passwd', { headers: { host } })).status).toBe(404);
  });
});
