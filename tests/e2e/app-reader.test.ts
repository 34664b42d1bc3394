import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SaveResult } from '../../shared/types';
import { FIXTURES, type FixtureServer, startFixtureServer } from '../helpers/fixture-server';
import { focused, go, openArticle, toast } from './app';
import { launchBrowser, recordRequests, type Serve, startServe } from './harness';

/**
 * Issue 12, reading and keys: the slim bar that slides away, Aa and "Bookmark this place" as
 * popovers where the reader is, type sized from the text size, titles said once and without their
 * tails, the end of an article, going back to the list as it was, e/#/m/Shift+J/K and Ctrl =/-,
 * places flashed with their notes, Bookmarks grouped with Edit note, right-to-left and Korean.
 */
let fixtures: FixtureServer;
let serve: Serve;
let browser: Browser;
let page: Page;
let requests: string[];
const ids: Record<string, string> = {};
const filler: string[] = [];

const LONG_TEXT = [
  'A long read for the reader bar',
  ...Array.from({ length: 40 }, (_, i) => `Paragraph ${i + 1} of the long read. ${'Every sentence here is about reading slowly, offline, with nothing else on the screen. '.repeat(3)}`),
].join('\n\n');

beforeAll(async () => {
  fixtures = await startFixtureServer(FIXTURES);
  serve = await startServe();
  const save = async (source: unknown) => (await serve.call<SaveResult>('saveArticle', { source })).article.id;
  ids.korean = await save({ kind: 'url', url: `${fixtures.url}/pages/asiae-korean-euckr/source.html` });
  ids.rtl = await save({ kind: 'url', url: `${fixtures.url}/readability/rtl-1/source.html` });
  ids.wikipedia = await save({ kind: 'url', url: `${fixtures.url}/readability/wikipedia/source.html` });
  for (let i = 0; i < 24; i++) filler.push(await save({ kind: 'text', text: `Short note number ${i + 1}\n\nA few words so that note ${i + 1} is an article of its own.` }));
  ids.long = await save({ kind: 'text', text: LONG_TEXT });
  ids.next = await save({ kind: 'text', text: 'The one after the long read\n\nIt is short, and unread, and next in the list.' });
  await serve.call('addPlaceBookmark', { id: ids.korean, position: { block: 1, offset: 0 }, snippet: '블라디미르 푸틴 러시아 대통령은 20일(현지시간)' });
  browser = await launchBrowser();
  page = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
  requests = recordRequests(page);
  await page.goto(serve.url);
  await page.getByRole('list', { name: 'Saved articles' }).waitFor();
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await serve?.stop();
  await fixtures?.close();
});

const scrollY = () => page.evaluate(() => Math.round(window.scrollY));
const barHidden = () => page.locator('.reader-bar').evaluate((bar) => bar.classList.contains('is-hidden'));
const px = (selector: string, property = 'font-size') => page.locator(selector).first().evaluate((el, p) => parseFloat(getComputedStyle(el).getPropertyValue(p)), property);
/** Scrolls the way a reader does, with the wheel, and waits until the page has moved. */
async function wheel(dy: number) {
  const before = await scrollY();
  await page.mouse.move(700, 500);
  await page.mouse.wheel(0, dy);
  await expect.poll(scrollY).not.toBe(before);
}

describe('e2e: the reader’s one slim bar', () => {
  it('has ← Library, the site, Aa, ☆ and ⋯; the save field and the sidebar are not on screen while reading', async () => {
    await openArticle(page, ids.wikipedia!);
    const bar = page.locator('.reader-bar');
    expect(await bar.getByRole('link', { name: 'Library' }).count()).toBe(1);
    expect(await bar.getByRole('button', { name: 'Reading settings' }).count()).toBe(1);
    expect(await bar.getByRole('button', { name: /bookmark/i }).count()).toBe(1);
    expect(await bar.getByRole('button', { name: 'More', exact: true }).count()).toBe(1);
    expect(await page.locator('.sidebar, .add-button, #save-url, .narrow-bar').count()).toBe(0);
    await bar.getByRole('button', { name: 'More', exact: true }).click();
    expect(await page.getByRole('menuitem').allInnerTexts()).toEqual(['Bookmark this place', 'Edit tags…', 'Highlights and notes', 'Mark read', 'Archive', 'Open original', 'About this copy', 'Delete']);
    await page.keyboard.press('Escape');
  });

  it('About this copy and the shortcuts keep focus inside while open and give it back on Esc', async () => {
    const more = page.getByRole('button', { name: 'More', exact: true });
    await more.click();
    await page.getByRole('menuitem', { name: 'About this copy' }).click();
    const about = page.getByRole('dialog', { name: 'About this copy' });
    await about.waitFor();
    for (let i = 0; i < 8; i++) await page.keyboard.press('Tab');
    expect(await page.evaluate(() => Boolean(document.activeElement?.closest('[role="dialog"]')))).toBe(true);
    await page.keyboard.press('Escape');
    await expect.poll(() => about.count()).toBe(0);
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('More');
    await page.keyboard.press('?');
    const keys = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await keys.waitFor();
    expect(await page.evaluate(() => Boolean(document.activeElement?.closest('[role="dialog"]')))).toBe(true);
    await page.keyboard.press('Escape');
    await expect.poll(() => keys.count()).toBe(0);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('More');
  });

  it('slides away while scrolling down and comes back on scrolling up', async () => {
    await openArticle(page, ids.long!);
    await page.evaluate(() => window.scrollTo(0, 0));
    expect(await barHidden()).toBe(false);
    await wheel(900);
    await expect.poll(barHidden).toBe(true);
    await wheel(-300);
    await expect.poll(barHidden).toBe(false);
  });

  it('Aa opens a popover under the bar where the reader is, fonts in their own face; Esc or a click outside closes it', async () => {
    await wheel(1500);
    // A little back up, as a reader does to reach the bar.
    await wheel(-200);
    await expect.poll(barHidden).toBe(false);
    const y = await scrollY();
    const aa = page.getByRole('button', { name: 'Reading settings' });
    await aa.click();
    const popover = page.locator('.settings-popover');
    await popover.waitFor();
    const box = (await popover.boundingBox())!;
    const bar = (await page.locator('.reader-bar').boundingBox())!;
    // On screen, just under the bar: not 1,030 px above the reading position.
    expect(box.y).toBeGreaterThanOrEqual(bar.y + bar.height - 2);
    expect(box.y).toBeLessThan(bar.y + bar.height + 40);
    expect(await scrollY()).toBe(y);
    const faces = await popover.locator('.font-choice span').evaluateAll((options) => options.map((o) => getComputedStyle(o).fontFamily));
    expect(faces.length).toBeGreaterThanOrEqual(2);
    expect(new Set(faces).size).toBe(faces.length);
    expect(await popover.locator('.swatch').count()).toBeGreaterThanOrEqual(3);
    await page.keyboard.press('Escape');
    await expect.poll(() => popover.count()).toBe(0);
    expect((await focused(page)).className).toContain('aa-button');
    await aa.click();
    await popover.waitFor();
    await page.mouse.click(700, 600);
    await expect.poll(() => popover.count()).toBe(0);
    expect(await scrollY()).toBe(y);
  });

  it('"Bookmark this place" is a popover: focus in its note without scrolling, the position kept on cancel and on save, then "Place saved · Show in Bookmarks"', async () => {
    const y = await scrollY();
    await page.getByRole('button', { name: 'More', exact: true }).click();
    await page.getByRole('menuitem', { name: 'Bookmark this place' }).click();
    const form = page.getByRole('form', { name: 'Bookmark this place' });
    await form.waitFor();
    expect(await page.evaluate(() => document.activeElement?.closest('.place-popover') !== null && document.activeElement?.tagName)).toBe('INPUT');
    expect(await scrollY()).toBe(y);
    expect(await form.locator('.place-snippet').innerText()).toMatch(/^“(Paragraph \d+ of the long read\.|Every sentence here)/);
    await form.getByRole('button', { name: 'Cancel' }).click();
    expect(await scrollY()).toBe(y);
    await page.getByRole('button', { name: 'More', exact: true }).click();
    await page.getByRole('menuitem', { name: 'Bookmark this place' }).click();
    await form.getByLabel('Note (optional)').fill('Come back to this');
    await form.getByRole('button', { name: 'Save place' }).click();
    await expect.poll(() => toast(page).locator('.toast-text').textContent()).toBe('Place saved');
    expect(await scrollY()).toBe(y);
    expect(await toast(page).getByRole('link', { name: 'Show in Bookmarks' }).getAttribute('href')).toBe('#/bookmarks');
  });

  it('ends with Archive and Next unread, which opens the next unread article', async () => {
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    const end = page.getByRole('contentinfo', { name: 'End of the article' }).or(page.locator('.article-end'));
    expect(await end.getByRole('button', { name: 'Archive' }).count()).toBe(1);
    await end.getByRole('button', { name: /Next unread/ }).click();
    await expect.poll(() => page.url()).not.toContain(ids.long!);
    await page.locator('#article-title').waitFor();
    expect(await page.locator('#article-title').innerText()).not.toBe('A long read for the reader bar');
  });
});

describe('e2e: type sized from the text size; titles once and without their tails', () => {
  it('at 12 px the headline is 1.6 em, the meta 0.8 em; at 72 px the body is still smaller than its headline', async () => {
    await serve.call('updateSettings', { patch: { textSize: 12 } });
    await openArticle(page, ids.long!);
    await expect.poll(() => px('.article-body p')).toBe(12);
    expect(await px('#article-title')).toBeCloseTo(19.2, 0);
    expect(await px('.reader-meta')).toBeCloseTo(9.6, 0);
    await serve.call('updateSettings', { patch: { textSize: 72 } });
    await expect.poll(() => px('.article-body p')).toBe(72);
    expect(await px('#article-title')).toBeCloseTo(115.2, 0);
    expect(await px('.reader-meta')).toBeLessThan(72);
    await serve.call('updateSettings', { patch: { textSize: 18 } });
    await expect.poll(() => px('.article-body p')).toBe(18);
  });

  it('a leading heading that repeats the title is shown once (the Korean article); " - Wikipedia" is cut from the title', async () => {
    await openArticle(page, ids.korean!);
    const title = await page.locator('#article-title').innerText();
    const repeats = await page.locator('.reader-column h1, .reader-column h2, .article-body h1, .article-body h2').evaluateAll((hs, t) => hs.filter((h) => h.textContent?.trim() === t && h.checkVisibility()).length, title);
    expect(repeats).toBe(1);
    await openArticle(page, ids.wikipedia!);
    expect(await page.locator('#article-title').innerText()).not.toMatch(/Wikipedia$/);
    expect(await page.title()).not.toMatch(/ - Wikipedia/);
  });
});

describe('e2e: keys, and going back to the list as it was', () => {
  it('Esc from an article opened lower down the list puts back the list’s scroll and selection, and focus on its row', async () => {
    await go(page, '#/', '[data-article-id]');
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.locator('body').click({ position: { x: 700, y: 5 } });
    for (let i = 0; i < 14; i++) await page.keyboard.press('j');
    const chosen = (await focused(page)).row!;
    await expect.poll(scrollY).toBeGreaterThan(200);
    const y = await scrollY();
    await page.keyboard.press('Enter');
    await page.locator('#article-title').waitFor();
    await page.keyboard.press('Escape');
    await page.locator(`[data-article-id="${chosen}"]`).waitFor();
    await expect.poll(() => focused(page).then((f) => f.row)).toBe(chosen);
    expect((await focused(page)).className).toContain('article-title');
    expect(Math.abs((await scrollY()) - y)).toBeLessThan(4);
    expect(await page.locator(`[data-article-id="${chosen}"]`).evaluate((r) => r.classList.contains('selected') || r.closest('.selected') !== null)).toBe(true);
  });

  it('m marks read in the reader, Shift+J and Shift+K open the next and previous article', async () => {
    const from = (await focused(page)).row!;
    await page.keyboard.press('Enter');
    await page.locator('#article-title').waitFor();
    const title = await page.locator('#article-title').innerText();
    await page.keyboard.press('m');
    await expect.poll(() => serve.call<{ readAt: string | null }>('getArticle', { id: from }).then((a) => a.readAt)).not.toBeNull();
    await page.keyboard.press('Shift+J');
    await expect.poll(() => page.locator('#article-title').innerText()).not.toBe(title);
    await page.keyboard.press('Shift+K');
    await expect.poll(() => page.locator('#article-title').innerText()).toBe(title);
    expect(page.url()).toContain(from);
  });

  it('Ctrl = and Ctrl - change the article’s text in the reader, and zoom the interface elsewhere', async () => {
    const body = () => px('.article-body p');
    const before = await body();
    await page.keyboard.press('Control+=');
    await expect.poll(body).toBeGreaterThan(before);
    await page.keyboard.press('Control+-');
    await expect.poll(body).toBe(before);
    await go(page, '#/', '[data-article-id]');
    const zoom = () => page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--ui-zoom').trim() || '1');
    const rowHeight = () => page.locator('[data-article-id] .article-title').first().evaluate((t) => t.getBoundingClientRect().height);
    const [z0, h0] = [await zoom(), await rowHeight()];
    await page.keyboard.press('Control+=');
    await expect.poll(zoom).not.toBe(z0);
    expect(await rowHeight()).toBeGreaterThan(h0);
    await page.keyboard.press('Control+0');
    await expect.poll(zoom).toBe(z0);
    expect(await serve.call<{ textSize: number }>('getSettings', {}).then((s) => s.textSize)).toBe(18);
  });
});

describe('e2e: places and Bookmarks', () => {
  it('opening a place flashes its passage, keeps its first line clear of the bar and shows its note in the margin', async () => {
    await go(page, '#/bookmarks', '.bookmark-group');
    const group = page.getByRole('article', { name: 'A long read for the reader bar' });
    await group.locator('.place-snippet').first().click();
    await page.locator('.article-body p').first().waitFor();
    const flashed = page.locator('.place-flash');
    await flashed.waitFor();
    // The passage's first line (where the place is in its paragraph) is below the bar, in the upper part of the window.
    const entries = await serve.call<{ article: { id: string }; place?: { position: { block: number; offset: number } } }[]>('listBookmarks', {});
    const place = entries.find((e) => e.article.id === ids.long && e.place)?.place;
    const top = await flashed.evaluate((block, offset) => {
      const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
      let left = offset;
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const length = node.textContent?.length ?? 0;
        if (left <= length) {
          const range = document.createRange();
          range.setStart(node, left);
          range.setEnd(node, Math.min(length, left + 1));
          return range.getBoundingClientRect().top;
        }
        left -= length;
      }
      return block.getBoundingClientRect().top;
    }, place!.position.offset);
    const bar = await page.locator('.reader-bar').evaluate((b) => (b.classList.contains('is-hidden') ? 0 : b.getBoundingClientRect().bottom));
    expect(top).toBeGreaterThan(bar);
    expect(top).toBeLessThan(450);
    expect(await page.locator('.margin-note.is-current, .place-note-card').first().innerText()).toContain('Come back to this');
  });

  it('Bookmarks groups places under their article, snippets from a sentence start, with Edit note', async () => {
    await go(page, '#/bookmarks', '.bookmark-group');
    const group = page.getByRole('article', { name: 'A long read for the reader bar' });
    const places = group.getByRole('list', { name: /^Places in/ });
    // From the start of a sentence: the paragraph's own, or one inside it.
    expect(await places.locator('.place-snippet').first().innerText()).toMatch(/^“?(Paragraph \d+ of the long read\.|Every sentence here)/);
    await places.getByRole('button', { name: /^Edit note/ }).click();
    const editor = group.getByRole('form', { name: 'Edit note' });
    await editor.locator('textarea, input').first().fill('Read it again, slowly');
    await editor.getByRole('button', { name: /Save/ }).click();
    await group.locator('.place-note').filter({ hasText: 'Read it again, slowly' }).waitFor();
    const stored = await serve.call<{ place?: { note: string | null } }[]>('listBookmarks', {});
    expect(JSON.stringify(stored)).toContain('Read it again, slowly');
  });
});

describe('e2e: right-to-left and Korean', () => {
  it('a right-to-left article keeps the app’s words left-to-right ("1 min read") and its body’s edge lines up with the title', async () => {
    await openArticle(page, ids.rtl!);
    const minutes = page.locator('.reader-meta bdi').last();
    expect(await minutes.getAttribute('dir')).toBe('ltr');
    expect(await minutes.innerText()).toMatch(/^\d+ min read$/);
    const edges = await page.evaluate(() => ({
      title: document.getElementById('article-title')!.getBoundingClientRect().right,
      body: document.querySelector('.article-body p')!.getBoundingClientRect().right,
    }));
    expect(Math.abs(edges.title - edges.body)).toBeLessThan(2);
  });

  it('in the list, a title takes its direction from its own letters: a Latin title of a right-to-left article starts at the left, by its thumbnail', async () => {
    await go(page, '#/', '[data-article-id]');
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    const title = page.locator(`[data-article-id="${ids.rtl}"] .article-title`);
    await title.waitFor();
    expect(await title.evaluate((t) => getComputedStyle(t).direction)).toBe('ltr');
  });

  it('Korean keeps its words whole in the list, search results and Bookmarks', async () => {
    await go(page, '#/', '[data-article-id]');
    // The oldest article: at the end of the list, drawn once scrolled to.
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    await page.locator(`[data-article-id="${ids.korean}"]`).waitFor();
    const wordBreak = (selector: string) => page.locator(selector).first().evaluate((el) => getComputedStyle(el).wordBreak);
    expect(await wordBreak(`[data-article-id="${ids.korean}"] .article-title`)).toBe('keep-all');
    await page.getByLabel('Search articles').fill('우크라이나');
    await page.getByRole('list', { name: 'Search results' }).waitFor();
    expect(await wordBreak('.search-results .search-snippet')).toBe('keep-all');
    await page.getByLabel('Search articles').fill('');
    await go(page, '#/bookmarks', '.bookmark-group');
    expect(await wordBreak(`.bookmark-group .place-snippet:lang(ko)`)).toBe('keep-all');
  });

  it('made no request outside the app', () => {
    expect(requests.filter((u) => new URL(u).origin !== serve.origin)).toEqual([]);
  });
});
