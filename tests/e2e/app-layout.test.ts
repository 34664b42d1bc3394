import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SaveResult } from '../../shared/types';
import { FIXTURES, type FixtureServer, startFixtureServer } from '../helpers/fixture-server';
import { expectAccessible, focused, go, openArticle, seriousViolations } from './app';
import { launchBrowser, recordRequests, type Serve, startServe } from './harness';

/** Issue 12, layout: the sidebar and its counts, the menu below 900 px, the compact list, the first run, serve without its token, axe everywhere. */
let fixtures: FixtureServer;
let serve: Serve;
let empty: Serve;
let browser: Browser;
let page: Page;
let requests: string[];
const ids: Record<string, string> = {};

beforeAll(async () => {
  fixtures = await startFixtureServer(FIXTURES);
  [serve, empty] = await Promise.all([startServe(), startServe()]);
  const save = async (source: unknown) => (await serve.call<SaveResult>('saveArticle', { source })).article.id;
  ids.seed = await save({ kind: 'url', url: `${fixtures.url}/pages/asiae-korea-ukraine/source.html` });
  ids.guardian = await save({ kind: 'url', url: `${fixtures.url}/readability/guardian-1/source.html` });
  ids.wikipedia = await save({ kind: 'url', url: `${fixtures.url}/readability/wikipedia/source.html` });
  ids.korean = await save({ kind: 'url', url: `${fixtures.url}/pages/asiae-korean-euckr/source.html` });
  ids.text = await save({ kind: 'text', text: 'Gardening notes for the spring\n\nTomatoes want sun and patience; basil wants the same.' });
  await serve.call('saveProgress', { id: ids.text, position: { block: 0, offset: 0 }, progress: 31 });
  await serve.call('setBookmarked', { id: ids.seed, bookmarked: true });
  await serve.call('setArchived', { id: ids.wikipedia, archived: true });
  browser = await launchBrowser();
  page = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
  requests = recordRequests(page);
  await page.goto(serve.url);
  await page.getByRole('list', { name: 'Saved articles' }).waitFor();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await Promise.all([serve?.stop(), empty?.stop()]);
  await fixtures?.close();
});

const nav = () => page.getByRole('navigation', { name: 'Views' });
const row = (id: string) => page.locator(`[data-article-id="${id}"]`);

describe('e2e: the sidebar', () => {
  it('lists Library, Unread, Archived and Bookmarks with their counts, Highlights, search and one "+ Add"; then the Feeds and Tags sections', async () => {
    const views = () => nav().getByRole('link').evaluateAll((links) => links.map((a) => `${a.querySelector('.view-label')?.textContent} ${a.querySelector('.view-count')?.textContent}`));
    await expect.poll(views).toEqual(['Library , 4', 'Unread , 4', 'Archived , 1', 'Bookmarks , 1', 'Highlights undefined']);
    expect(await nav().getByRole('link', { name: /^Library/ }).getAttribute('aria-current')).toBe('page');
    expect(await page.locator('.sidebar').getByRole('button', { name: 'Add', exact: true }).count()).toBe(1);
    expect(await page.locator('.sidebar').getByLabel('Search articles').count()).toBe(1);
    // The slots filled by issues 14 and 13, in that order.
    expect(await page.locator('[data-slot]').evaluateAll((slots) => slots.map((s) => s.getAttribute('data-slot')))).toEqual(['feeds', 'tags']);
  });

  it('its foot leads to Import and export and to the browser extension, each marked current when open', async () => {
    const tools = page.getByRole('navigation', { name: 'Library tools' });
    expect(await tools.getByRole('link').allTextContents()).toEqual(['Import and export', 'Browser extension']);
    for (const name of ['Import and export', 'Browser extension']) {
      await tools.getByRole('link', { name }).click();
      await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(name);
      expect(await tools.getByRole('link', { name }).getAttribute('aria-current')).toBe('page');
    }
    await nav().getByRole('link', { name: /^Library/ }).click();
    await expect.poll(() => nav().getByRole('link', { name: /^Library/ }).getAttribute('aria-current')).toBe('page');
  });

  it('the counts move with the library’s events, with no request of their own', async () => {
    const before = requests.length;
    await serve.call('setRead', { id: ids.korean, read: true });
    await expect.poll(() => nav().getByRole('link', { name: /^Unread/ }).locator('.view-count').textContent()).toBe(', 3');
    expect(requests.slice(before).filter((u) => u.includes('/api/countArticles'))).toEqual([]);
    await serve.call('setRead', { id: ids.korean, read: false });
  });

  it('does not wrap at 1000 px: the sidebar keeps one column, the list its rows', async () => {
    await page.setViewportSize({ width: 1000, height: 800 });
    const heights = await page.evaluate(() => ({
      add: document.querySelector('.add-button')!.getBoundingClientRect().height,
      links: [...document.querySelectorAll('.views a')].map((a) => a.getBoundingClientRect().height),
      overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
    }));
    expect(heights.add).toBeLessThan(48);
    expect(Math.max(...heights.links)).toBeLessThan(48);
    expect(heights.overflow).toBe(0);
    await page.setViewportSize({ width: 1400, height: 900 });
  });

  it('below 900 px is a menu: it opens as a dialog, keeps focus inside, closes on Esc and gives focus back', async () => {
    await page.setViewportSize({ width: 700, height: 900 });
    // The layout follows a media query: wait for the render it causes.
    await expect.poll(() => page.locator('.sidebar').count()).toBe(0);
    const menu = page.getByRole('button', { name: 'Menu' });
    await menu.click();
    const dialog = page.getByRole('dialog', { name: 'Menu' });
    await dialog.getByRole('link', { name: /^Unread/ }).waitFor();
    for (let i = 0; i < 12; i++) await page.keyboard.press('Tab');
    expect(await page.evaluate(() => Boolean(document.activeElement?.closest('[role="dialog"]')))).toBe(true);
    await page.keyboard.press('Escape');
    expect(await dialog.count()).toBe(0);
    await expect.poll(() => focused(page).then((f) => f.className)).toContain('menu-button');
    await menu.click();
    await dialog.getByRole('link', { name: /^Archived/ }).click();
    await page.getByRole('list', { name: 'Archived articles' }).waitFor();
    expect(await dialog.count()).toBe(0);
    await go(page, '#/', '[data-article-id]');
    await page.setViewportSize({ width: 1400, height: 900 });
  });
});

describe('e2e: the compact list', () => {
  it('shows a thumbnail or the site’s initial, the title without its tail, "site · 4 min · 31 %" and a relative date', async () => {
    expect(await row(ids.seed!).locator('img.thumb').count()).toBe(1);
    expect(await row(ids.text!).locator('.thumb-initial').innerText()).toBe('G');
    expect(await row(ids.guardian!).locator('.article-title').innerText()).toBe("'What is the sea telling us?': Māori tribes fearful over whale strandings");
    expect(await row(ids.text!).locator('.article-meta').innerText()).toBe('1 min · 31 % · today');
    expect(await row(ids.guardian!).locator('.article-meta').innerText()).toMatch(/^the Guardian · \d+ min · today$/);
  });

  it('shows a row’s actions only on hover, focus or selection; "Read" is "Mark as read"; ⋯ holds Delete and Open original', async () => {
    const actions = row(ids.guardian!).locator('.row-actions');
    const opacity = () => actions.evaluate((e) => getComputedStyle(e).opacity);
    await page.mouse.move(5, 890);
    expect(await opacity()).toBe('0');
    await row(ids.guardian!).hover();
    expect(await opacity()).toBe('1');
    await page.mouse.move(5, 890);
    await row(ids.guardian!).locator('.article-title').focus();
    expect(await opacity()).toBe('1');
    expect(await row(ids.guardian!).getByRole('button', { name: /^Mark as read: / }).innerText()).toBe('Mark as read');
    await row(ids.guardian!).getByRole('button', { name: /^More actions: / }).click();
    expect(await row(ids.guardian!).getByRole('menuitem').allInnerTexts()).toEqual(['Edit tags…', 'Open original', 'Delete']);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    expect((await focused(page)).text).toBe('Delete');
    await page.keyboard.press('Escape');
    expect((await focused(page)).text).toBe('⋯');
  });
});

describe('e2e: first run, and serve without its token', () => {
  it('an empty library shows the ways in; its buttons open "+ Add" and the paste dialog', async () => {
    const fresh = await (await browser.newContext({ viewport: { width: 1000, height: 800 } })).newPage();
    await fresh.goto(empty.url);
    const card = fresh.getByRole('region', { name: 'Save your first article' });
    await card.waitFor();
    expect(await card.innerText()).toMatch(/paste an address anywhere[\s\S]*Paste text[\s\S]*Open a file[\s\S]*Press \? for the keyboard shortcuts/);
    await card.getByRole('button', { name: 'Add an address' }).click();
    await expect.poll(() => fresh.evaluate(() => document.activeElement?.id)).toBe('save-url');
    await fresh.keyboard.press('Escape');
    await card.getByRole('button', { name: 'Paste text' }).click();
    await fresh.getByRole('dialog', { name: 'Paste text' }).waitFor();
    expect(await seriousViolations(fresh, 'first run, paste dialog')).toEqual([]);
    await fresh.keyboard.press('Escape');
    await fresh.close();
  });

  it('serve opened without its token shows only the token message, and asks the API nothing', async () => {
    const fresh = await browser.newPage();
    const asked = recordRequests(fresh);
    await fresh.goto(new URL(serve.url).origin + '/');
    await fresh.getByRole('heading', { name: 'Open the address offprint serve printed' }).waitFor();
    expect(await fresh.locator('.sidebar, [data-article-id], .narrow-bar').count()).toBe(0);
    expect(asked.filter((u) => u.includes('/api/'))).toEqual([]);
    await fresh.close();
  });
});

describe('e2e: no serious or critical axe violations in any view, light and dark, at 1400 and 700 px', () => {
  it('library, search results, bookmarks, archived, "+ Add", the menu, the reader, its Aa and ⋯, About this copy, shortcuts', async () => {
    const problems: string[] = [];
    for (const theme of ['light', 'dark'] as const) {
      await serve.call('updateSettings', { patch: { theme } });
      for (const width of [1400, 700]) {
        await page.setViewportSize({ width, height: 900 });
        const at = (name: string) => `${name} ${theme} ${width}`;
        await go(page, '#/', '[data-article-id]');
        await page.evaluate(() => window.scrollTo(0, 0));
        await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe(theme);
        problems.push(...(await seriousViolations(page, at('library'))));
        await page.getByRole('button', { name: 'Add', exact: true }).click();
        problems.push(...(await seriousViolations(page, at('add'))));
        await page.keyboard.press('Escape');
        if (width < 900) {
          await page.getByRole('button', { name: 'Menu' }).click();
          problems.push(...(await seriousViolations(page, at('menu'))));
          await page.getByRole('dialog', { name: 'Menu' }).getByLabel('Search articles').fill('tomato');
          // Enter shows the results: the menu closes.
          await page.keyboard.press('Enter');
          await expect.poll(() => page.getByRole('dialog', { name: 'Menu' }).count()).toBe(0);
          expect(await page.getByRole('button', { name: 'Menu' }).getAttribute('aria-expanded')).toBe('false');
        } else await page.getByLabel('Search articles').fill('tomato');
        await page.getByRole('list', { name: 'Search results' }).waitFor();
        problems.push(...(await seriousViolations(page, at('search'))));
        await page.evaluate(() => (document.getElementById('search-articles') as HTMLInputElement | null)?.blur());
        if (width < 900) {
          await page.getByRole('button', { name: 'Menu' }).click();
          await page.getByRole('dialog', { name: 'Menu' }).getByLabel('Search articles').fill('');
          await page.keyboard.press('Enter');
        } else await page.getByLabel('Search articles').fill('');
        await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
        await go(page, '#/bookmarks', '.bookmark-group');
        problems.push(...(await seriousViolations(page, at('bookmarks'))));
        await go(page, '#/archived', '[data-article-id]');
        problems.push(...(await seriousViolations(page, at('archived'))));
        await page.keyboard.press('?');
        await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
        problems.push(...(await seriousViolations(page, at('shortcuts'))));
        await page.keyboard.press('Escape');
        for (const id of [ids.seed!, ids.korean!]) {
          await openArticle(page, id);
          problems.push(...(await seriousViolations(page, at(`reader ${id === ids.seed ? 'seed' : 'korean'}`))));
        }
        await page.getByRole('button', { name: 'Reading settings' }).click();
        problems.push(...(await seriousViolations(page, at('reading settings'))));
        // Everything in the popover fits in it (the font choices and selects once ran out of it).
        const popover = page.locator('.settings-popover');
        if (await popover.evaluate((p) => [...p.querySelectorAll('*')].some((e) => e.getBoundingClientRect().right > p.getBoundingClientRect().right + 0.5)))
          problems.push(`${at('reading settings')}: something runs out of the popover`);
        await page.keyboard.press('Escape');
        await page.getByRole('button', { name: 'More', exact: true }).click();
        problems.push(...(await seriousViolations(page, at('reader menu'))));
        await page.getByRole('menuitem', { name: 'About this copy' }).click();
        await page.getByRole('dialog', { name: 'About this copy' }).waitFor();
        problems.push(...(await seriousViolations(page, at('about this copy'))));
        await page.keyboard.press('Escape');
      }
    }
    await serve.call('updateSettings', { patch: { theme: 'system' } });
    await page.setViewportSize({ width: 1400, height: 900 });
    expect(problems).toEqual([]);
    await expectAccessible(page, 'reader after');
  });

  it('made no request outside the app', () => {
    expect(requests.filter((u) => new URL(u).origin !== serve.origin)).toEqual([]);
  });
});
