import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { type AddressInfo, createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page, type Worker } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArticlePage } from '../../shared/api';
import type { Article } from '../../shared/types';
import type { ExtensionPairing } from '../../shared/extension-protocol';
import type { CaptureReport } from '../../shared/capture-report';
import { FIXTURES } from '../helpers/fixture-server';
import { chromiumPath, recordRequests, ROOT, screenshot } from './harness';

/**
 * Issue 16 for real: the extension, built by `npm run build`, loaded unpacked into Debian's Chromium
 * (new headless mode), paired with the built `offprint serve` by typing the code it shows into
 * serve's terminal, saves a page that shows its article only to a logged-in cookie session and
 * renders it with JavaScript; a save made while Offprint is down waits and is delivered later; a
 * web page that calls the listener itself is refused. No network: every server is on 127.0.0.1.
 */
const EXTENSION = join(ROOT, 'out/extension/chromium');
const CLI = join(ROOT, 'out/cli/offprint.js');
const SESSION = 'session=reader-42';
const PHOTO = await readFile(join(FIXTURES, 'pages/asiae-korea-ukraine/putin-hanoi.png'));
const PARAGRAPHS = Array.from({ length: 10 }, (_, i) => `Paragraph ${i + 1} of the members-only story: only a reader who is logged in, with the session cookie, is shown this text, and only after the page's script has rendered it.`);

/** The site: a login sets a cookie; the story and its photo answer only with it, and the body is rendered by script. */
interface Site {
  url: string;
  requests: { path: string; cookie: string | undefined }[];
  close(): Promise<void>;
}

async function startSite(endpointPort: number): Promise<Site> {
  const requests: Site['requests'] = [];
  const server: Server = createServer((req, res) => {
    const cookie = req.headers.cookie;
    requests.push({ path: req.url ?? '', cookie });
    const loggedIn = cookie?.split(/;\s*/).includes(SESSION) ?? false;
    const send = (status: number, type: string, body: string | Buffer, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': type, ...headers });
      res.end(body);
    };
    switch (req.url) {
      case '/login':
        return send(200, 'text/html; charset=utf-8', '<!doctype html><title>Logged in</title><p>You are logged in.</p>', { 'set-cookie': `${SESSION}; Path=/; HttpOnly; SameSite=Lax` });
      case '/story':
        if (!loggedIn) return send(200, 'text/html; charset=utf-8', '<!doctype html><title>Log in</title><p>Please log in to read this story.</p>');
        return send(
          200,
          'text/html; charset=utf-8',
          `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Members only: the rendered story | The Example Times</title></head>
<body><nav><a href="/">Home</a> <a href="/account">My account</a></nav>
<article id="story"><h1>Members only: the rendered story</h1><p class="byline">By A. Reporter</p><div id="body">Loading…</div></article>
<footer>© The Example Times</footer><script src="/render.js"></script></body></html>`,
        );
      case '/render.js':
        return send(
          200,
          'text/javascript',
          `fetch('/story.json', { credentials: 'same-origin' }).then((r) => r.json()).then((story) => {
  const body = document.getElementById('body');
  body.textContent = '';
  story.paragraphs.forEach((text, i) => {
    const p = document.createElement('p');
    p.textContent = text;
    body.append(p);
    if (i === 2) {
      const figure = document.createElement('figure');
      // Lazy: the real address waits in data-src for a loader that never runs.
      figure.innerHTML = '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" data-src="/photo.png" alt="The photo"><figcaption>The members-only photo</figcaption>';
      body.append(figure);
    }
  });
  document.body.dataset.rendered = 'yes';
});`,
        );
      case '/story.json':
        return loggedIn ? send(200, 'application/json', JSON.stringify({ paragraphs: PARAGRAPHS })) : send(403, 'application/json', '{}');
      case '/photo.png':
        return loggedIn ? send(200, 'image/png', PHOTO) : send(403, 'text/plain', 'log in');
      case '/evil': {
        const endpoint = `http://127.0.0.1:${endpointPort}/offprint-extension/v1/pair`;
        return send(
          200,
          'text/html; charset=utf-8',
          `<!doctype html><title>Evil</title><iframe name="sink"></iframe>
<form id="f" method="post" action="${endpoint}" target="sink" enctype="text/plain"><input name='{"name":"form","nonce":"' value='aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}'></form>
<script>
window.results = {};
const body = JSON.stringify({ name: 'evil page', nonce: 'a'.repeat(30) });
Promise.allSettled([
  fetch(${JSON.stringify(endpoint)}, { method: 'POST', headers: { 'content-type': 'application/json', 'x-offprint-extension': '1' }, body }).then((r) => r.status),
  fetch(${JSON.stringify(endpoint)}, { method: 'POST', mode: 'no-cors', body }).then((r) => r.type),
]).then(([withHeader, noCors]) => {
  window.results = { withHeader: withHeader.status === 'fulfilled' ? withHeader.value : 'refused: ' + withHeader.reason, noCors: noCors.status === 'fulfilled' ? noCors.value : 'refused' };
  document.getElementById('f').submit();
  setTimeout(() => (document.body.dataset.done = 'yes'), 300);
});
</script>`,
        );
      }
      default:
        return send(404, 'text/plain', 'not here');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** A port nothing listens on right now, for the extension's listener (it must stay the same across serve's restart). */
async function freePort(): Promise<number> {
  const probe = createNetServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** `offprint serve` with its terminal: what it prints, and a way to type into it. */
interface Serve {
  origin: string;
  url: string;
  out(): string;
  type(line: string): void;
  waitFor(pattern: RegExp): Promise<RegExpExecArray>;
  call<T>(method: string, args: unknown): Promise<T>;
  stop(): Promise<void>;
}

async function startServe(dataDir: string, extensionPort: number): Promise<Serve> {
  const child: ChildProcess = spawn(process.execPath, [CLI, 'serve', '--data', dataDir, '--port', '0', '--extension-port', String(extensionPort)], { stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  const waiters = new Set<() => void>();
  child.stdout!.on('data', (c) => {
    out += c;
    for (const w of waiters) w();
  });
  child.stderr!.on('data', (c) => (err += c));
  const waitFor = (pattern: RegExp) =>
    new Promise<RegExpExecArray>((resolve, reject) => {
      const look = () => {
        const match = pattern.exec(out);
        if (!match) return;
        waiters.delete(look);
        resolve(match);
      };
      waiters.add(look);
      child.once('exit', (code) => reject(new Error(`serve exited ${code} before ${pattern}: ${err}`)));
      look();
    });
  const [, url] = await waitFor(/Open (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/);
  await waitFor(/The browser extension can reach this library at/);
  const { origin, searchParams } = new URL(url!);
  return {
    origin,
    url: url!,
    out: () => out,
    type: (line) => child.stdin!.write(`${line}\n`),
    waitFor,
    async call<T>(method: string, args: unknown) {
      const res = await fetch(`${origin}/api/${method}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-offprint-token': searchParams.get('token')! }, body: JSON.stringify(args) });
      const result = (await res.json()) as { ok: boolean; value?: T; error?: { message: string } };
      if (!result.ok) throw new Error(`${method} failed: ${result.error?.message}`);
      return result.value as T;
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

let dataDir: string;
let profileDir: string;
let extensionPort: number;
let site: Site;
let serve: Serve;
let context: BrowserContext;
let worker: Worker;
let extensionId: string;
let story: Page;

beforeAll(async () => {
  if (!existsSync(join(EXTENSION, 'manifest.json')) || !existsSync(CLI)) throw new Error('Build first: npm run build (out/extension/chromium or out/cli is missing)');
  dataDir = await mkdtemp(join(tmpdir(), 'offprint-e2e-extension-'));
  profileDir = await mkdtemp(join(tmpdir(), 'offprint-e2e-profile-'));
  extensionPort = await freePort();
  site = await startSite(extensionPort);
  serve = await startServe(dataDir, extensionPort);
  context = await chromium.launchPersistentContext(profileDir, {
    executablePath: chromiumPath(),
    // Extensions load only in Chromium's new headless mode, which Playwright starts as "headed" plus this flag.
    headless: false,
    ignoreDefaultArgs: ['--disable-extensions'],
    args: ['--headless=new', `--disable-extensions-except=${EXTENSION}`, `--load-extension=${EXTENSION}`, '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1100, height: 800 },
  });
  worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  extensionId = new URL(worker.url()).host;
  // The extension learns where this library's listener is from its options page.
  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  await options.getByLabel('Port on 127.0.0.1').fill(String(extensionPort));
  await options.getByRole('button', { name: 'Use this port' }).click();
  await options.getByText('Not paired yet.').waitFor();
  await options.close();
});
afterAll(async () => {
  await context?.close();
  await serve?.stop();
  await site?.close();
  await rm(dataDir, { recursive: true, force: true });
  await rm(profileDir, { recursive: true, force: true });
});

/** The tab id of a page, asked of the extension (the popup saves the tab it is told). */
async function tabIdOf(url: string): Promise<number> {
  return worker.evaluate(async (u) => (await chrome.tabs.query({ url: u }))[0]!.id!, url);
}

/** Opens the toolbar popup as a page of its own, on the story's tab: it saves at once and says what happened. */
async function saveWithPopup(): Promise<Page> {
  const popup = await context.newPage();
  await popup.goto(`chrome-extension://${extensionId}/popup.html?tab=${await tabIdOf(`${site.url}/story`)}`);
  await popup.locator('body[data-outcome]').waitFor();
  return popup;
}

async function articles(): Promise<ArticlePage['items']> {
  return (await serve.call<ArticlePage>('listArticles', { view: 'all', offset: 0, limit: 50 })).items;
}

describe('e2e: the browser extension in Chromium', () => {
  it('an unpaired extension is refused: its save waits, and says so', async () => {
    story = await context.newPage();
    await story.goto(`${site.url}/login`);
    await story.goto(`${site.url}/story`);
    await story.locator('body[data-rendered="yes"]').waitFor();
    const popup = await saveWithPopup();
    expect(await popup.getAttribute('body', 'data-outcome')).toBe('queued');
    expect(await popup.locator('#status').innerText()).toMatch(/not paired/i);
    await popup.close();
    expect(await articles()).toEqual([]);
    expect(await worker.evaluate(() => chrome.action.getBadgeText({}))).toBe('1');
  });

  it('pairs: the options page shows a code, the reader types it into serve, and the waiting save is delivered', async () => {
    const options = await context.newPage();
    await options.goto(`chrome-extension://${extensionId}/options.html`);
    await options.getByText('Not paired yet.').waitFor();
    await options.getByRole('button', { name: 'Pair with Offprint' }).click();
    await options.locator('#code-line:not([hidden])').waitFor();
    const shown = await options.locator('#code').innerText();
    const [, asked] = await serve.waitFor(/It shows the code ([2-9A-Z]{3}-[2-9A-Z]{3})\./);
    expect(asked).toBe(shown);
    await screenshot(options, 'extension-pairing');
    serve.type(shown);
    await options.getByText('Paired with Offprint.').waitFor();
    await options.getByText('No saves are waiting.').waitFor();
    const pairings = (await serve.call<{ pairings: ExtensionPairing[] }>('listExtensions', {})).pairings;
    expect(pairings).toEqual([expect.objectContaining({ origin: `chrome-extension://${extensionId}`, browser: 'chromium' })]);
    expect(await articles()).toHaveLength(1);
    await options.close();

    // The app's Extension screen shows the pairing, with Revoke.
    const app = await context.newPage();
    await app.goto(serve.url);
    await app.getByRole('heading', { name: 'Library' }).waitFor();
    await app.evaluate(() => (window.location.hash = '#/extension'));
    const paired = app.getByRole('list', { name: 'Paired extensions' });
    await paired.waitFor();
    expect(await paired.innerText()).toMatch(/chromium/);
    expect(await app.getByText(`Listening for the “Save to Offprint” extension at http://127.0.0.1:${extensionPort}`, { exact: false }).count()).toBe(1);
    await screenshot(app, 'extension-screen');
    await app.close();
  });

  it('saves the logged-in, script-rendered page with its photo, shows the capture report, and reads with 0 requests', async () => {
    const popup = await saveWithPopup();
    expect(await popup.getAttribute('body', 'data-outcome')).toBe('saved');
    expect(await popup.locator('#status').innerText()).toContain('Members only: the rendered story');
    await popup.locator('#report summary').click();
    const reportText = await popup.locator('#report-lines').innerText();
    expect(reportText).toMatch(/Source: extension/);
    expect(reportText).toMatch(/1 sent by the browser/);
    await screenshot(popup, 'extension-popup-saved');
    await popup.close();

    // Saving the same address again replaced the copy delivered from the queue: one article.
    const [summary] = await articles();
    expect(await articles()).toHaveLength(1);
    const article = await serve.call<Article>('getArticle', { id: summary!.id });
    for (const paragraph of PARAGRAPHS) expect(article.html).toContain(paragraph);
    expect(article.html).not.toContain('Loading…');
    expect(article.html).not.toContain('My account');
    expect(article.images).toMatchObject({ total: 1, saved: 1 });
    const report = await serve.call<CaptureReport>('getCaptureReport', { id: article.id });
    expect(report).toMatchObject({ source: 'extension', images: expect.objectContaining({ saved: 1, fromBrowser: 1 }), warnings: [] });
    // Offprint itself never asked the site: the page and the photo came from the browser.
    expect(site.requests.filter((r) => r.path === '/photo.png' && r.cookie === undefined)).toEqual([]);

    const reader = await context.newPage();
    const requests = recordRequests(reader);
    await reader.goto(serve.url);
    await reader.getByRole('heading', { name: 'Library' }).waitFor();
    const seenBySite = site.requests.length;
    await reader.evaluate((hash) => (window.location.hash = hash), `#/article/${article.id}`);
    await reader.locator('.article-body figure img').waitFor();
    await expect.poll(() => reader.locator('.article-body figure img').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
    expect(await reader.locator('.article-body').innerText()).toContain(PARAGRAPHS[9]);
    await screenshot(reader, 'extension-saved-article');
    await reader.getByRole('button', { name: 'About this copy' }).click();
    const about = reader.getByRole('region', { name: 'About this copy' });
    await about.getByText(/^Source: extension/).waitFor();
    expect(await about.innerText()).toMatch(/1 sent by the browser/);
    await about.screenshot({ path: join(ROOT, 'test-results/extension-about-this-copy.png') });
    expect(requests.filter((u) => new URL(u).origin !== serve.origin)).toEqual([]);
    expect(site.requests.slice(seenBySite)).toEqual([]);
    await reader.close();
  });

  it('a web page that calls the listener itself is refused: no preflight, no CORS, no pairing request', async () => {
    const evil = await context.newPage();
    await evil.goto(`${site.url}/evil`);
    await evil.locator('body[data-done="yes"]').waitFor();
    const results = (await evil.evaluate(() => (window as unknown as { results: Record<string, string> }).results)) as Record<string, string>;
    // The custom header needs a preflight, which is refused: the fetch fails outright.
    expect(results.withHeader).toMatch(/^refused/);
    // A no-cors post and the form are sent, and refused by their Origin: nothing is asked of the reader.
    expect(await serve.call('listExtensionPairingRequests', {})).toEqual([]);
    expect(serve.out()).not.toMatch(/evil page|"form"/);
    await evil.close();
  });

  it('a save made while Offprint is not running waits in the extension, and is delivered when it runs', async () => {
    await serve.stop();
    await story.evaluate(() => {
      document.title = 'Members only: the story, updated | The Example Times';
      document.querySelector('h1')!.textContent = 'Members only: the story, updated';
      document.getElementById('body')!.append(Object.assign(document.createElement('p'), { textContent: 'An update, added to the page after the first save and before Offprint came back.' }));
    });
    const popup = await saveWithPopup();
    expect(await popup.getAttribute('body', 'data-outcome')).toBe('queued');
    expect(await popup.locator('#status').innerText()).toMatch(/Offprint is not running/);
    await screenshot(popup, 'extension-popup-queued');
    await popup.close();
    expect(await worker.evaluate(() => chrome.action.getTitle({}))).toMatch(/1 waiting/);

    serve = await startServe(dataDir, extensionPort);
    const options = await context.newPage();
    await options.goto(`chrome-extension://${extensionId}/options.html`);
    await options.getByText('Paired with Offprint.').waitFor();
    await options.getByRole('button', { name: 'Deliver now' }).click();
    await options.getByText('No saves are waiting.').waitFor();
    await options.close();
    const [summary] = await articles();
    expect(summary!.title).toBe('Members only: the story, updated');
    expect((await serve.call<Article>('getArticle', { id: summary!.id })).html).toContain('An update, added to the page after the first save');
    expect(await worker.evaluate(() => chrome.action.getBadgeText({}))).toBe('');
  });

  it('after revoking, the token opens nothing', async () => {
    const [pairing] = (await serve.call<{ pairings: ExtensionPairing[] }>('listExtensions', {})).pairings;
    await serve.call('revokeExtension', { id: pairing!.id });
    const options = await context.newPage();
    await options.goto(`chrome-extension://${extensionId}/options.html`);
    await options.getByText(/no longer knows this extension/).waitFor();
    await options.close();
  });
});
