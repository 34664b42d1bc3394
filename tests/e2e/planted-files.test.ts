import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOKEN_KEY } from '../../renderer/api';
import { launchBrowser, type Serve, startServe } from './harness';

/**
 * Issue 11's high finding, in Chromium against the built `offprint serve`: files planted beside an
 * article's images (a hostile backup, a hand-edited folder) run nothing and reach no API, whichever
 * way the page is led to them; and the token leaves the address bar, so a second `serve` on another
 * port never breaks the first. (The desktop protocol handler answers from the same function: see
 * tests/electron/serving/app-request.test.ts and tests/electron/shell/wiring.test.ts.)
 */
const PNG_1x1 = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');
const image = (n: number, ext: string) => `${n.toString(16).padStart(32, '0')}.${ext}`;
/** What every planted script tries: mark the page, and change a setting through the API. */
const PAYLOAD = `window.__ran = true; fetch('/api/updateSettings', { method: 'POST', headers: { 'content-type': 'application/json', 'x-offprint-token': sessionStorage.getItem('${TOKEN_KEY}') || '' }, body: JSON.stringify({ patch: { textSize: 72 } }) });`;

let browser: Browser;
let first: Serve;
let second: Serve;
let context: BrowserContext;
let page: Page;
let id: string;

async function plantedLibrary(serve: Serve): Promise<string> {
  const saved = await serve.call<{ article: { id: string } }>('saveArticle', { source: { kind: 'text', title: 'Planted', text: 'A short article.\n\nWith two paragraphs of text to read.' } });
  const images = join(serve.dataDir, 'articles', saved.article.id, 'images');
  await mkdir(images, { recursive: true });
  await writeFile(join(images, image(1, 'png')), PNG_1x1);
  await writeFile(join(images, 'note.html'), `<!doctype html><script src="run.js"></script><script>${PAYLOAD}</script>`);
  await writeFile(join(images, 'run.js'), PAYLOAD);
  // The same, under names the library would give images.
  await writeFile(join(images, image(2, 'png')), `<!doctype html><script>${PAYLOAD}</script>`);
  await writeFile(join(images, image(3, 'svg')), `<svg xmlns="http://www.w3.org/2000/svg"><script>${PAYLOAD}</script></svg>`);
  return saved.article.id;
}

beforeAll(async () => {
  [first, second, browser] = await Promise.all([startServe(), startServe(), launchBrowser()]);
  id = await plantedLibrary(first);
  await plantedLibrary(second);
  // One context: both servers share its cookie jar, as two tabs of one browser do.
  context = await browser.newContext();
  page = await context.newPage();
});
afterAll(async () => {
  await browser?.close();
  await Promise.all([first?.stop(), second?.stop()]);
});

async function textSize(serve: Serve): Promise<number> {
  return (await serve.call<{ textSize: number }>('getSettings', {})).textSize;
}

describe('e2e: planted files and the serve token', () => {
  it('takes the token out of the address bar once the app has loaded', async () => {
    await page.goto(first.url);
    await page.getByRole('heading', { name: 'Library' }).waitFor();
    await page.getByText('Planted').first().waitFor();
    expect(page.url()).not.toContain('token');
    expect(await page.evaluate(() => location.href)).toBe(`${first.origin}/`);
    // A reload keeps working: the token is in this tab's session storage.
    await page.reload();
    await page.getByText('Planted').first().waitFor();
  });

  it('a planted note.html and run.js are not served, not even as a page or under an image name', async () => {
    for (const name of ['note.html', 'run.js', image(2, 'png'), image(3, 'svg')]) {
      const response = await page.goto(`${first.origin}/assets/${id}/${name}`);
      expect(response?.status(), name).toBe(404);
      expect(await page.evaluate(() => (window as { __ran?: boolean }).__ran ?? false), name).toBe(false);
    }
    await page.goto(first.origin);
    await page.getByText('Planted').first().waitFor();
    expect(await textSize(first)).toBe(18);
  });

  it('from inside the app, a stored file can be neither script nor frame, and a real image still shows', async () => {
    const outcome = await page.evaluate(
      async ({ id, png, html, svg }) => {
        const violations: string[] = [];
        let frameRefused!: () => void;
        const frameViolation = new Promise<void>((ok) => (frameRefused = ok));
        document.addEventListener('securitypolicyviolation', (e) => {
          violations.push(`${e.effectiveDirective} ${e.blockedURI}`);
          if (e.effectiveDirective === 'frame-src') frameRefused();
        });
        const load = (el: HTMLScriptElement | HTMLImageElement) =>
          new Promise<string>((resolve) => {
            el.addEventListener('load', () => resolve('load'));
            el.addEventListener('error', () => resolve('error'));
            document.body.append(el);
          });
        const script = Object.assign(document.createElement('script'), { src: `/assets/${id}/${html}` });
        const frame = Object.assign(document.createElement('iframe'), { src: `/assets/${id}/${svg}` });
        const img = Object.assign(document.createElement('img'), { src: `/assets/${id}/${png}` });
        document.body.append(frame);
        const [scriptResult, imgResult] = await Promise.all([load(script), load(img), frameViolation]);
        return { scriptResult, imgResult, width: img.naturalWidth, violations, ran: (window as { __ran?: boolean }).__ran ?? false };
      },
      { id, png: image(1, 'png'), html: image(2, 'png'), svg: image(3, 'svg') },
    );
    expect(outcome.ran).toBe(false);
    expect(outcome.scriptResult).toBe('error');
    // Refused by the CSP itself (script only from /bundle/), not only by nosniff; frames by frame-src.
    expect(outcome.violations.some((v) => v.startsWith('script-src') && v.includes('/assets/'))).toBe(true);
    expect(outcome.violations.some((v) => v.startsWith('frame-src'))).toBe(true);
    expect(outcome).toMatchObject({ imgResult: 'load', width: 1 });
    expect(await textSize(first)).toBe(18);
  });

  it('a second serve on another port, opened in the same browser, does not break the first', async () => {
    const other = await context.newPage();
    await other.goto(second.url);
    await other.getByText('Planted').first().waitFor();
    for (const [tab, serve] of [[page, first], [other, second]] as const) {
      const status = await tab.evaluate(
        async ({ key, name, id }) => {
          const api = await fetch('/api/listArticles', { method: 'POST', headers: { 'content-type': 'application/json', 'x-offprint-token': sessionStorage.getItem(key) ?? '' }, body: '{}' });
          const img = await fetch(`/assets/${id}/${name}`);
          return { api: api.status, img: img.status };
        },
        { key: TOKEN_KEY, name: image(1, 'png'), id: serve === first ? id : (await serve.call<{ items: { id: string }[] }>('listArticles', {})).items[0]!.id },
      );
      expect(status, serve.origin).toEqual({ api: 200, img: 200 });
    }
    // And the first tab's own app still works after a reload.
    await page.reload();
    await page.getByText('Planted').first().waitFor();
    await other.close();
  });
});
