import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { findChromium, launchChromium, spawnServe } from '../helpers/serve';

export const ROOT = resolve(__dirname, '../..');
export const RESULTS = join(ROOT, 'test-results');
const CLI = join(ROOT, 'out/cli/offprint.js');

/** Debian's Chromium, or another one named by CHROMIUM_PATH. */
export function chromiumPath(): string {
  const found = findChromium();
  if (!found) throw new Error('Chromium not found: install it (apt-get install -y chromium) or set CHROMIUM_PATH');
  return found;
}

export async function launchBrowser(): Promise<Browser> {
  return launchChromium(chromiumPath());
}

export interface Serve {
  url: string;
  origin: string;
  dataDir: string;
  /** Calls the served API directly (with the run's token), for setting a library up. */
  call<T = unknown>(method: string, args: unknown): Promise<T>;
  /** What the server has written to stderr so far. */
  stderr(): string;
  stop(): Promise<void>;
}

/** Starts the built `offprint serve` on a temp library (or the given one) and waits for its address. */
export async function startServe(dataDir?: string): Promise<Serve> {
  if (!existsSync(CLI)) throw new Error('Build first: npm run build (out/cli/offprint.js is missing)');
  const dir = dataDir ?? (await mkdtemp(join(tmpdir(), 'offprint-e2e-')));
  const server = await spawnServe(CLI, dir, 20_000);
  const url = server.url;
  const origin = new URL(url).origin;
  const token = new URL(url).searchParams.get('token')!;
  return {
    url,
    origin,
    dataDir: dir,
    stderr: server.stderr,
    async call<T>(method: string, args: unknown): Promise<T> {
      const res = await fetch(`${origin}/api/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-offprint-token': token },
        body: JSON.stringify(args),
      });
      const result = (await res.json()) as { ok: boolean; value?: T; error?: { message: string } };
      if (!result.ok) throw new Error(`${method} failed: ${result.error?.message}`);
      return result.value as T;
    },
    async stop() {
      await server.stop();
      if (!dataDir) await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Records every request the page makes, so tests can require that none leaves the app's origin. */
export function recordRequests(page: Page): string[] {
  const urls: string[] = [];
  page.on('request', (request) => urls.push(request.url()));
  return urls;
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(RESULTS, { recursive: true });
  await page.screenshot({ path: join(RESULTS, `${name}.png`), fullPage: false });
}
