import AxeBuilder from '@axe-core/playwright';
import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Article, HighlightPage, SaveResult, TagSummary } from '../../shared/types';
import { FIXTURES, type FixtureServer, startFixtureServer } from '../helpers/fixture-server';
import { launchBrowser, recordRequests, screenshot, type Serve, startServe } from './harness';

let fixtures: FixtureServer;
let serve: Serve;
let browser: Browser;
let page: Page;
let requests: string[];
const ids: Record<string, string> = {};
const pageErrors: string[] = [];

const TEXT = [
  'Ferries of the northern islands',
  'The first ferry leaves the harbour at six, when the fish market is still loud and the gulls are louder.',
  'By noon the second boat has crossed the strait twice, carrying post, bicycles and a choir on its way to a wedding.',
  'In winter the timetable thins to one crossing a day, and the islanders plan their lives around it.',
].join('\n\n');

beforeAll(async () => {
  fixtures = await startFixtureServer(FIXTURES);
  serve = await startServe();
  const save = (source: unknown) => serve.call<SaveResult>('saveArticle', { source });
  ids.ferries = (await save({ kind: 'text', text: TEXT, title: 'Ferries of the northern islands' })).article.id;
  ids.korea = (await save({ kind: 'url', url: `${fixtures.url}/pages/asiae-korea-ukraine/source.html` })).article.id;
  browser = await launchBrowser();
  page = await (await browser.newContext({ viewport: { width: 1200, height: 900 }, acceptDownloads: true })).newPage();
  requests = recordRequests(page);
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(serve.url);
  await page.getByRole('list', { name: 'Saved articles' }).waitFor();
});
afterAll(async () => {
  await browser?.close();
  await serve?.stop();
  await fixtures?.close();
});

async function axe(name: string) {
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${name}: ${v.id} ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}
const go = (hash: string) => page.evaluate((h) => (window.location.hash = h), hash);
const open = async (id: string) => {
  await go(`#/article/${id}`);
  await page.locator('.article-body p').first().waitFor();
};
/** Selects `words` inside the article's paragraph that holds them, as a reader dragging over them would. */
const select = (words: string) =>
  page.evaluate((w) => {
    // Across text nodes: the words may run in and out of marks already there.
    const walker = document.createTreeWalker(document.querySelector('.article-body')!, NodeFilter.SHOW_TEXT);
    const nodes: Text[] = [];
    for (let node = walker.nextNode(); node; node = walker.nextNode()) nodes.push(node as Text);
    const all = nodes.map((n) => n.data).join('');
    const at = all.indexOf(w);
    if (at < 0) return false;
    const point = (offset: number): [Text, number] => {
      let left = offset;
      for (const node of nodes) {
        if (left <= node.length) return [node, left];
        left -= node.length;
      }
      return [nodes[nodes.length - 1]!, nodes[nodes.length - 1]!.length];
    };
    const range = document.createRange();
    range.setStart(...point(at));
    range.setEnd(...point(at + w.length));
    const selection = window.getSelection()!;
    selection.removeAllRanges();
    selection.addRange(range);
    return true;
  }, words);
const highlights = (id?: string) => serve.call<HighlightPage>('listHighlights', id ? { id } : {});

describe('e2e: tags', () => {
  it('t on a selected row opens the tag editor; tags keep case, spaces and script; the sidebar counts them and each has its view', async () => {
    await page.keyboard.press('j');
    const selected = await page.locator('.virtual-row.selected .article-title').innerText();
    await page.keyboard.press('t');
    const editor = page.getByRole('dialog', { name: /^Tags:/ });
    await editor.waitFor();
    await editor.getByRole('combobox', { name: 'Add a tag' }).fill('Read later, 日本');
    await editor.getByRole('combobox', { name: 'Add a tag' }).press('Enter');
    await editor.getByRole('listitem').filter({ hasText: '日本' }).waitFor();
    await editor.getByRole('combobox', { name: 'Add a tag' }).fill('Économie');
    await editor.getByRole('button', { name: 'Add', exact: true }).click();
    await editor.getByRole('listitem').filter({ hasText: 'Économie' }).waitFor();
    await axe('tag editor');
    await screenshot(page, 'marks-tag-editor');
    await editor.getByRole('button', { name: 'Remove tag Économie' }).click();
    await expect.poll(() => editor.getByRole('listitem').allInnerTexts()).toHaveLength(2);
    await editor.getByRole('button', { name: 'Done' }).click();
    await editor.waitFor({ state: 'detached' });

    const id = selected.startsWith('Ferries') ? ids.ferries! : ids.korea!;
    const stored = await serve.call<Article>('getArticle', { id });
    expect(stored.tags).toEqual(['Read later', '日本']);
    const tags = page.getByRole('region', { name: 'Tags' });
    await tags.getByRole('link', { name: /^Read later\s*,\s*1$/ }).waitFor();
    await expect.poll(() => page.locator('.virtual-row.selected .row-tags').innerText()).toContain('日本');

    // The other article gets a tag that already exists, picked by completion's name in another case.
    await page.keyboard.press('j');
    await page.keyboard.press('t');
    await editor.getByRole('combobox', { name: 'Add a tag' }).fill('read later');
    await editor.getByRole('combobox', { name: 'Add a tag' }).press('Enter');
    await editor.getByRole('listitem').filter({ hasText: 'Read later' }).waitFor();
    await page.keyboard.press('Escape');
    await tags.getByRole('link', { name: /^Read later\s*,\s*2$/ }).waitFor();

    await tags.getByRole('link', { name: /日本/ }).click();
    await page.getByRole('heading', { name: 'Tag 日本' }).waitFor();
    await expect.poll(() => page.getByRole('list', { name: 'Articles tagged 日本' }).locator('.article-title').allInnerTexts()).toEqual([selected]);
    await axe('tag view');
    await screenshot(page, 'marks-tag-view');

    // Rename into an existing name merges the two.
    await page.getByRole('button', { name: 'Rename or merge…' }).click();
    const rename = page.getByRole('dialog', { name: 'Rename “日本”' });
    await rename.getByRole('textbox').fill('Read later');
    await rename.getByRole('button', { name: 'Rename' }).click();
    await page.getByRole('heading', { name: 'Tag Read later' }).waitFor();
    await expect.poll(async () => (await serve.call<TagSummary[]>('listTags', {})).map((t) => `${t.name} ${t.count}`)).toEqual(['Read later 2']);
    await expect.poll(() => tags.getByRole('link').allInnerTexts()).toHaveLength(1);
  });
});

describe('e2e: highlights and notes', () => {
  it('highlights a selection from the toolbar and with h, in colours, overlapping; marks survive a reload and another text size', async () => {
    await open(ids.ferries!);
    expect(await select('the fish market is still loud')).toBe(true);
    const toolbar = page.getByRole('toolbar', { name: 'Selected text' });
    await toolbar.waitFor();
    await screenshot(page, 'marks-selection-toolbar');
    await toolbar.getByRole('button', { name: 'Highlight in green' }).click();
    await page.locator('mark.hl.hl-green').first().waitFor();
    expect(await page.locator('mark.hl').allInnerTexts()).toEqual(['the fish market is still loud']);

    // Keyboard only: a caret in the text, Shift+arrows to select, then h.
    await select('carrying');
    await page.evaluate(() => window.getSelection()!.collapseToStart());
    for (let i = 0; i < 'carrying post'.length; i++) await page.keyboard.press('Shift+ArrowRight');
    await page.keyboard.press('h');
    const card = page.getByRole('dialog', { name: 'Highlight' });
    await card.waitFor();
    expect(await page.locator('mark.hl.hl-yellow').allInnerTexts()).toEqual(['carrying post']);
    await card.getByRole('textbox', { name: 'Note' }).fill('Post <b>by boat</b> — plain text, not HTML');
    await card.getByRole('button', { name: 'Save note' }).click();
    await expect.poll(async () => (await highlights(ids.ferries)).items.find((e) => e.highlight.quote.exact === 'carrying post')?.highlight.note).toBe('Post <b>by boat</b> — plain text, not HTML');
    await card.getByRole('radio', { name: 'Pink' }).click();
    await page.locator('mark.hl.hl-pink').first().waitFor();
    await axe('highlight card');
    await screenshot(page, 'marks-highlight-card');
    await page.keyboard.press('Escape');
    await card.waitFor({ state: 'detached' });

    // Overlapping the green one: both stay, the shared words carry both.
    await select('still loud and the gulls');
    await toolbar.getByRole('button', { name: 'Highlight in blue' }).click();
    await page.locator('mark.hl.hl-overlap').first().waitFor();
    expect(await page.locator('mark.hl-overlap').allInnerTexts()).toEqual(['still loud']);

    const stored = (await highlights(ids.ferries)).items.map((e) => e.highlight);
    expect(stored.map((h) => [h.quote.exact, h.color, h.anchor.status]).sort()).toEqual([
      ['carrying post', 'pink', 'exact'],
      ['still loud and the gulls', 'blue', 'exact'],
      ['the fish market is still loud', 'green', 'exact'],
    ]);

    const marked = () => page.locator('mark.hl').evaluateAll((marks) => marks.map((m) => `${m.className}:${m.textContent}`).join('|'));
    const before = await marked();
    await page.reload();
    await page.locator('mark.hl').first().waitFor();
    expect(await marked()).toBe(before);
    await page.keyboard.press('Control+=');
    await page.keyboard.press('Control+=');
    expect(await marked()).toBe(before);
    await page.keyboard.press('Control+0');
  });

  it('a mark opens its card; the panel lists each highlight, goes to it, and keeps the note on the whole article; notes are shown as text', async () => {
    await open(ids.ferries!);
    await page.locator('mark.hl-pink').first().click();
    const card = page.getByRole('dialog', { name: 'Highlight' });
    await card.waitFor();
    expect(await card.getByRole('textbox', { name: 'Note' }).inputValue()).toContain('<b>by boat</b>');
    await card.getByRole('button', { name: 'Close' }).click();

    const panel = page.getByRole('region', { name: /Highlights/ });
    await expect.poll(() => panel.getByRole('listitem').count()).toBe(3);
    expect(await panel.locator('.panel-note').innerText()).toBe('Post <b>by boat</b> — plain text, not HTML');
    expect(await panel.locator('.panel-note b').count()).toBe(0);
    await panel.getByRole('button', { name: 'Go to highlight' }).first().click();
    await card.waitFor();
    await page.keyboard.press('Escape');

    await panel.getByRole('textbox', { name: 'Note on this article' }).fill('Worth reading on the crossing.\nSecond line.');
    await panel.getByRole('button', { name: 'Save note' }).click();
    await expect.poll(async () => (await serve.call<Article>('getArticle', { id: ids.ferries })).note?.text).toBe('Worth reading on the crossing.\nSecond line.');
    await axe('reader with highlights');
    await screenshot(page, 'marks-reader-panel');
    const [download] = await Promise.all([page.waitForEvent('download'), panel.getByRole('button', { name: 'Export highlights as Markdown' }).click()]);
    const markdown = await readFile((await download.path())!, 'utf8');
    expect(markdown).toContain('carrying post');
    expect(markdown).toContain('Worth reading on the crossing.');
  });

  it('the Highlights view lists every highlight newest first and opens the article at one; search finds words in notes', async () => {
    // A highlight in the other (real, Korean) article, made in the page.
    await open(ids.korea!);
    const words = await page.locator('.article-body p').nth(1).evaluate((p) => p.textContent!.trim().slice(0, 20));
    expect(await select(words)).toBe(true);
    await page.getByRole('toolbar', { name: 'Selected text' }).getByRole('button', { name: 'Highlight in yellow' }).click();
    await page.locator('mark.hl-yellow').first().waitFor();
    const korean = (await highlights(ids.korea)).items[0]!.highlight;
    expect([korean.quote.exact, korean.anchor.status]).toEqual([words, 'exact']);

    await go('#/highlights');
    await page.getByRole('heading', { name: 'Highlights', level: 1 }).waitFor();
    const list = page.getByRole('list', { name: /4 highlights/ });
    await list.waitFor();
    expect((await list.locator('.panel-quote').allInnerTexts())[0]).toBe(words);
    await axe('highlights view');
    await screenshot(page, 'marks-highlights-view');
    await list.getByRole('link', { name: 'carrying post' }).click();
    await page.getByRole('dialog', { name: 'Highlight' }).waitFor();
    expect(await page.evaluate(() => window.location.hash)).toMatch(/^#\/article\/[a-z0-9-]+\/highlight\//);
    await page.keyboard.press('Escape');

    // Search finds the words of a note, says so, and opens the article at that highlight.
    await go('#/');
    await page.getByRole('searchbox', { name: 'Search articles' }).fill('boat');
    const result = page.getByRole('list', { name: 'Search results' }).locator('.search-row').first();
    await expect.poll(() => result.locator('.search-snippet').innerText()).toMatch(/^In your note: /);
    await screenshot(page, 'marks-search-note');
    await result.locator('.article-title').click();
    await page.getByRole('dialog', { name: 'Highlight' }).waitFor();
    expect(await page.getByRole('dialog', { name: 'Highlight' }).locator('.highlight-card-quote').innerText()).toBe('“carrying post”');
    await page.keyboard.press('Escape');
    expect(requests.filter((u) => new URL(u).origin !== serve.origin)).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});

describe('e2e: many highlights', () => {
  it('an article with 200 highlights (overlapping some) opens with every mark in place; the time the marks took is reported', async () => {
    const text = ['Two hundred highlights', ...Array.from({ length: 120 }, (_, i) => `Paragraph ${i} tells of crossing number ${i}, of the weather that day and of who was aboard.`)].join('\n\n');
    const id = (await serve.call<SaveResult>('saveArticle', { source: { kind: 'text', text, title: 'Two hundred highlights' } })).article.id;
    // Offsets are the stored text's (body.txt), as the reader's selection gives them.
    const body = await readFile(`${serve.dataDir}/articles/${id}/body.txt`, 'utf8');
    let made = 0;
    for (let i = 0; made < 200; i++) {
      const words = `crossing number ${i % 120}`;
      const start = body.indexOf(words, i >= 120 ? body.indexOf(`Paragraph ${i % 120} `) : 0);
      const from = i >= 120 ? start - 10 : start;
      await serve.call('addHighlight', { id, start: from, end: start + words.length, color: i % 2 ? 'blue' : 'yellow' });
      made++;
    }
    await open(id);
    await expect.poll(() => page.locator('mark.hl[data-start]').count()).toBe(200);
    const took = await page.evaluate(() => performance.getEntriesByName('offprint-marks').map((e) => e.duration));
    console.log(`200 highlights: marks placed in ${Math.max(...took).toFixed(1)} ms (Chromium, ${took.length} passes)`);
    expect(took.length).toBeGreaterThan(0);
    expect(pageErrors).toEqual([]);
  });
});
