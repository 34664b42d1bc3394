import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ServerResponse } from 'node:http';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SaveResult } from '../../shared/types';
import { FIXTURES, type FixtureServer, startFixtureServer } from '../helpers/fixture-server';
import { addAddress, focused, go, openArticle, toast, tray } from './app';
import { launchBrowser, recordRequests, screenshot, type Serve, startServe } from './harness';

/**
 * Issue 12, feedback: saves as a small tray and short toasts, the address field, pasting, the one
 * Undo and where focus goes after it, "Already in your library", Retry missing images in words.
 */
let fixtures: FixtureServer;
let serve: Serve;
let browser: Browser;
let page: Page;
let requests: string[];
const held: ServerResponse[] = [];
const ids: Record<string, string> = {};
const GUARDIAN = 'readability/guardian-1/source.html';

beforeAll(async () => {
  fixtures = await startFixtureServer(FIXTURES, [
    // A page that never answers, until the test ends: a save that can only be cancelled.
    (req, res) => {
      if (req.url !== '/slow') return false;
      held.push(res);
      return true;
    },
    // The same Guardian story under another address: its canonical link is the same.
    async (req, res) => {
      if (req.url !== '/mirror/story.html') return false;
      res.writeHead(200, { 'content-type': 'text/html' }).end(await readFile(join(FIXTURES, GUARDIAN)));
      return true;
    },
  ]);
  serve = await startServe();
  const save = async (source: unknown) => (await serve.call<SaveResult>('saveArticle', { source })).article.id;
  // Oldest first, so the list reads c, b, a from the top.
  ids.a = await save({ kind: 'text', text: 'Alpha article about rivers\n\nRivers run to the sea, and the sea is never full.' });
  ids.b = await save({ kind: 'text', text: 'Bravo article about hills\n\nHills stand still while the clouds go over them.' });
  ids.c = await save({ kind: 'text', text: 'Charlie article about woods\n\nWoods are quiet in the early morning, before the birds.' });
  ids.images = await save({
    kind: 'html',
    html: `<!doctype html><html><head><title>A page whose picture is gone</title></head><body><article><h1>A page whose picture is gone</h1><p>${'The picture below was on a host that no longer answers for it, so it is missing. '.repeat(4)}</p><p><img src="${fixtures.url}/gone/picture.png" alt="a picture"></p><p>${'More words so that this is an article. '.repeat(6)}</p></article></body></html>`,
    baseUrl: `${fixtures.url}/gone/page.html`,
  });
  browser = await launchBrowser();
  page = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
  requests = recordRequests(page);
  await page.goto(serve.url);
  await page.getByRole('list', { name: 'Saved articles' }).waitFor();
}, 120_000);
afterAll(async () => {
  for (const res of held) res.destroy();
  await browser?.close();
  await serve?.stop();
  await fixtures?.close();
});

const row = (id: string) => page.locator(`[data-article-id="${id}"]`);
const field = () => page.getByLabel('Article address');
const job = (text: string | RegExp) => tray(page).getByRole('listitem').filter({ hasText: text });
const count = (label: string) => page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: new RegExp(`^${label}`) }).locator('.view-count').textContent();

describe('e2e: saving, in a small tray and short toasts', () => {
  it('an address that is not one is refused under the field, in words, and the text stays', async () => {
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    // The popover is wider than the sidebar and is shown whole, not cut at the sidebar's edge.
    for (const control of [page.locator('.add-popover').getByRole('button', { name: 'Save', exact: true }), page.getByRole('button', { name: 'Paste text…' })]) {
      const box = (await control.boundingBox())!;
      expect(await page.evaluate(([x, y]) => document.elementFromPoint(x!, y!)?.closest('button')?.textContent ?? null, [box.x + box.width - 4, box.y + box.height / 2])).toBe(await control.textContent());
    }
    await field().fill('not an address');
    await field().press('Enter');
    const error = page.locator('#save-url-error');
    await error.waitFor();
    expect(await error.innerText()).toBe('“not an address” is not a web address. Addresses look like https://example.com/story.');
    expect(await field().inputValue()).toBe('not an address');
    expect(await field().getAttribute('aria-invalid')).toBe('true');
    expect(requests.filter((u) => u.includes('/api/saveArticle'))).toEqual([]);
  });

  it('a host name gets https://; its failure stays with Retry and "Edit address", which puts the address back', async () => {
    const host = new URL(fixtures.url).host;
    await addAddress(page, `${host}/${GUARDIAN}`);
    // The fixture server speaks http only, so the https:// address fails, as an unreachable host would.
    const failed = job(`https://${host}/${GUARDIAN}`);
    await failed.getByRole('button', { name: 'Retry' }).waitFor();
    expect(await failed.locator('.save-job-error').innerText()).not.toMatch(/Invalid arguments|saveArticle|source\./);
    expect(await field().inputValue()).toBe('');
    await failed.getByRole('button', { name: 'Edit address' }).click();
    await expect.poll(() => field().inputValue()).toBe(`https://${host}/${GUARDIAN}`);
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('save-url');
    await field().fill('');
  });

  it('a running save shows its elapsed time and Cancel; cancelled, it stores nothing; "Clear finished" empties the tray', async () => {
    const before = await count('Library');
    await addAddress(page, `${fixtures.url}/slow`);
    const running = job(`${fixtures.url}/slow`);
    await running.getByRole('button', { name: /^Cancel saving/ }).waitFor();
    expect(await page.locator('.saves-chip').innerText()).toContain('Saving 1…');
    expect(await running.locator('.save-job-elapsed').innerText()).toMatch(/^0:\d\d$/);
    await running.getByRole('button', { name: /^Cancel saving/ }).click();
    await expect.poll(() => running.locator('.save-job-stage').innerText()).toBe('Cancelled');
    await page.getByRole('button', { name: 'Clear finished' }).click();
    await expect.poll(() => page.locator('.saves-tray').count()).toBe(0);
    expect(await count('Library')).toBe(before);
  });

  it('21 failed saves keep the tray small: a chip and a list that scrolls, well under half the window', async () => {
    const host = new URL(fixtures.url).host;
    for (let i = 0; i < 21; i++) await addAddress(page, `${host}/failing/${i}`);
    await expect.poll(() => tray(page).getByRole('button', { name: 'Retry' }).count(), { timeout: 60_000 }).toBe(21);
    expect(await page.locator('.saves-chip').innerText()).toBe('21 to look at');
    const height = await page.locator('.saves-tray').evaluate((t) => t.getBoundingClientRect().height);
    expect(height).toBeLessThan(900 * 0.45);
    await screenshot(page, 'saves-tray-21-failed');
    await page.getByRole('button', { name: 'Clear finished' }).click();
    await expect.poll(() => page.locator('.saves-tray').count()).toBe(0);
    await page.keyboard.press('Escape');
  });

  it('a save that ends well is a "Saved · Open" toast, not a line in the tray; Open opens it', async () => {
    await addAddress(page, `${fixtures.url}/${GUARDIAN}`);
    await expect.poll(() => toast(page).locator('.toast-text').textContent(), { timeout: 60_000 }).toMatch(/^Saved “'What is the sea telling us\?'/);
    expect(await page.locator('.saves-tray').count()).toBe(0);
    await page.keyboard.press('Escape');
    await toast(page).getByRole('link', { name: 'Open' }).click();
    await page.locator('#article-title').waitFor();
    ids.guardian = page.url().split('#/article/')[1]!;
    expect(await page.locator('#article-title').innerText()).toContain('What is the sea telling us?');
    await go(page, '#/', '[data-article-id]');
  });

  it('the same address, or another whose canonical address matches, says "Already in your library" with Open and Save another copy', async () => {
    await addAddress(page, `${fixtures.url}/${GUARDIAN}`);
    const again = job('Already in your library');
    await again.getByRole('link', { name: 'Open' }).waitFor();
    await addAddress(page, `${fixtures.url}/mirror/story.html`);
    await expect.poll(() => job('Already in your library').count()).toBe(2);
    expect(await page.getByRole('list', { name: 'Saved articles' }).locator(`[data-article-id]`).count()).toBe(5);
    await job('Already in your library').last().getByRole('button', { name: 'Save another copy' }).click();
    await expect.poll(() => count('Library'), { timeout: 60_000 }).toBe(', 6');
    await page.getByRole('button', { name: 'Clear finished' }).click();
    await page.keyboard.press('Escape');
  });
});

describe('e2e: pasting text', () => {
  it('too long text is refused as soon as it is pasted, in words, and stays in the field; nothing is sent', async () => {
    const sent = () => requests.filter((u) => u.includes('/api/saveArticle')).length;
    const before = sent();
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await page.getByRole('button', { name: 'Paste text…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Paste text' });
    await dialog.waitFor();
    // A paste of 16 million characters, as the browser delivers it.
    await dialog.locator('textarea').evaluate((area: HTMLTextAreaElement) => {
      const text = 'word '.repeat(3_200_000);
      const data = new DataTransfer();
      data.setData('text/plain', text);
      area.focus();
      Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value')!.set!.call(area, text);
      area.dispatchEvent(new Event('input', { bubbles: true }));
    });
    const error = dialog.locator('#paste-error');
    await error.waitFor();
    expect(await error.innerText()).toBe('That text is too long to save: 16.0 million characters, and an article can have at most 15.7 million. Shorten it, then save.');
    await dialog.getByRole('button', { name: 'Save text' }).click();
    expect(await dialog.locator('textarea').evaluate((a: HTMLTextAreaElement) => a.value.length)).toBe(16_000_000);
    expect(sent()).toBe(before);
  });

  it('a paste whose title and first paragraph match a saved article says "Already in your library"', async () => {
    const dialog = page.getByRole('dialog', { name: 'Paste text' });
    await dialog.locator('textarea').fill('Bravo article about hills\n\nHills stand still while the clouds go over them.');
    await dialog.getByRole('button', { name: 'Save text' }).click();
    await expect.poll(() => dialog.count()).toBe(0);
    await job('Already in your library').getByRole('link', { name: 'Open' }).waitFor();
    expect(await job('Already in your library').getByRole('link', { name: 'Open' }).getAttribute('href')).toBe(`#/article/${ids.b}`);
    await page.getByRole('button', { name: 'Clear finished' }).click();
  });
});

describe('e2e: the one Undo, and where focus goes', () => {
  it('e archives the selected row, says so with Undo, and puts focus on the next row’s title; Enter there opens, not archives', async () => {
    await go(page, '#/', '[data-article-id]');
    await row(ids.c!).locator('.article-title').focus();
    await page.keyboard.press('e');
    await expect.poll(() => toast(page).locator('.toast-text').textContent()).toBe('Archived “Charlie article about woods”');
    expect(await toast(page).getByRole('button', { name: 'Undo' }).count()).toBe(1);
    // In the live region, so a screen reader says it.
    expect(await toast(page).evaluate((t) => t.closest('[aria-live]')?.getAttribute('aria-live'))).toBe('polite');
    await expect.poll(() => row(ids.c!).count()).toBe(0);
    const now = await focused(page);
    expect(now.className).toContain('article-title');
    expect(now.row).toBe(ids.b);
    // Focus is on a link, not on the next row's Archive button: Enter opens the article.
    expect(now.tag).toBe('A');
    await expect.poll(() => count('Archived')).toBe(', 1');
  });

  it('Ctrl+Z undoes it: the article is back where it was, not archived', async () => {
    await page.keyboard.press('Control+z');
    await row(ids.c!).waitFor();
    await expect.poll(() => count('Archived')).toBe(', 0');
    // Back in its place by saved time: just above the next older one.
    const order = await page.locator('[data-article-id]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-article-id')));
    expect(order.indexOf(ids.c!)).toBe(order.indexOf(ids.b!) - 1);
  });

  it('# deletes; the toast’s Undo brings the article back, its text with it', async () => {
    await row(ids.a!).locator('.article-title').focus();
    await page.keyboard.press('#');
    await expect.poll(() => toast(page).locator('.toast-text').textContent()).toBe('Deleted “Alpha article about rivers”');
    await expect.poll(() => row(ids.a!).count()).toBe(0);
    await toast(page).getByRole('button', { name: 'Undo' }).click();
    await row(ids.a!).waitFor();
    await openArticle(page, ids.a!);
    expect(await page.locator('.article-body').innerText()).toContain('Rivers run to the sea');
  });

  it('removing a bookmarked place with its note can be undone too', async () => {
    const place = await serve.call<{ placeId: string }>('addPlaceBookmark', { id: ids.a, position: { block: 0, offset: 0 }, snippet: 'Rivers run to the sea', note: 'Ecclesiastes' });
    await go(page, '#/bookmarks', '.bookmark-group');
    await page.getByRole('button', { name: /^Remove bookmark: Rivers run/ }).click();
    await expect.poll(() => toast(page).locator('.toast-text').textContent()).toBe('Removed a bookmarked place and its note in “Alpha article about rivers”');
    await page.keyboard.press('Control+z');
    await page.locator('.place-note').filter({ hasText: 'Ecclesiastes' }).waitFor();
    expect(place.placeId).toBeTruthy();
  });
});

describe('e2e: search keeps its results while refining, and opens a result at its match', () => {
  it('the previous results stay, dimmed, while a refined query runs; then the new ones replace them', async () => {
    await go(page, '#/', '[data-article-id]');
    await page.getByLabel('Search articles').fill('sea');
    const results = page.getByRole('list', { name: 'Search results' });
    await results.getByRole('link', { name: /What is the sea telling us/ }).first().waitFor();
    // The refined query's answer is held until the dimmed results have been seen.
    let release!: () => void;
    const held = new Promise<void>((ok) => (release = ok));
    let asked!: () => void;
    const reached = new Promise<void>((ok) => (asked = ok));
    await page.route('**/api/searchArticles', async (route) => {
      asked();
      await held;
      await route.continue();
    });
    await page.getByLabel('Search articles').fill('rivers sea');
    await reached;
    expect(await page.locator('.search-results').getAttribute('class')).toContain('stale');
    expect(await page.locator('.search-results').getAttribute('aria-busy')).toBe('true');
    expect(await results.getByRole('link', { name: /What is the sea telling us/ }).count()).toBeGreaterThan(0);
    release();
    await results.getByRole('link', { name: 'Alpha article about rivers' }).waitFor();
    await expect.poll(() => page.locator('.search-results').getAttribute('class')).not.toContain('stale');
    await page.unroute('**/api/searchArticles');
  });

  it('a result opens at its first match, highlighted, clear of the bar', async () => {
    await page.getByLabel('Search articles').fill('strandings');
    const link = page.getByRole('list', { name: 'Search results' }).getByRole('link', { name: /What is the sea telling us/ }).first();
    await link.waitFor();
    await link.click();
    await page.locator('.article-body p').first().waitFor();
    const match = () =>
      page.evaluate(() => {
        const registry = (CSS as unknown as { highlights: Map<string, Set<Range>> }).highlights;
        const range = [...(registry.get('search-match') ?? [])][0];
        return range ? { text: range.toString().toLowerCase(), top: range.getBoundingClientRect().top } : null;
      });
    await expect.poll(() => match().then((m) => m?.text)).toBe('strandings');
    const { top } = (await match())!;
    const bar = await page.locator('.reader-bar').evaluate((b) => b.getBoundingClientRect().bottom);
    expect(top).toBeGreaterThan(bar);
    expect(top).toBeLessThan(900);
    await go(page, '#/', '[data-article-id]');
    await page.getByLabel('Search articles').fill('');
  });
});

describe('e2e: Retry missing images says what happened', () => {
  it('names the host that could not give the picture, instead of showing "0 of 1" again', async () => {
    await openArticle(page, ids.images!);
    const notice = page.locator('.images-notice');
    expect(await notice.innerText()).toContain('0 of 1 images saved offline');
    await notice.getByRole('button', { name: 'Retry missing images' }).click();
    await expect.poll(() => notice.locator('.retry-outcome').innerText()).toMatch(/^Tried again: none of the 1 missing images could be fetched\. 1 image from 127\.0\.0\.1: .+\.$/);
  });

  it('made no request outside the app', () => {
    expect(requests.filter((u) => new URL(u).origin !== serve.origin)).toEqual([]);
  });
});
