import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SaveResult } from '../../shared/types';
import { FIXTURES, type FixtureServer, startFixtureServer } from '../helpers/fixture-server';
import { launchBrowser, recordRequests, screenshot, type Serve, startServe } from './harness';

let fixtures: FixtureServer;
let serve: Serve;
let browser: Browser;
let page: Page;
let requests: string[];
const ids: Record<string, string> = {};

beforeAll(async () => {
  fixtures = await startFixtureServer(FIXTURES);
  serve = await startServe();
  const save = (source: unknown) => serve.call<SaveResult>('saveArticle', { source });
  ids.seed = (await save({ kind: 'url', url: `${fixtures.url}/pages/asiae-korea-ukraine/source.html` })).article.id;
  ids.korean = (await save({ kind: 'url', url: `${fixtures.url}/pages/asiae-korean-euckr/source.html` })).article.id;
  ids.text = (await save({ kind: 'text', text: 'Gardening notes for the spring\n\nTomatoes want sun and patience; basil wants the same.' })).article.id;
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  requests = recordRequests(page);
  await page.goto(serve.url);
  await page.getByRole('list', { name: 'Saved articles' }).waitFor();
});
afterAll(async () => {
  await browser?.close();
  await serve?.stop();
  await fixtures?.close();
});

const results = () => page.getByRole('list', { name: 'Search results' });

describe('e2e: search', () => {
  it('"/" focuses the search; results appear as you type, with the match marked', async () => {
    await page.locator('body').click({ position: { x: 5, y: 400 } });
    await page.keyboard.press('/');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('search-articles');
    await page.keyboard.type('tomato');
    await results().getByRole('link', { name: 'Gardening notes for the spring' }).waitFor();
    expect(await results().locator('li').count()).toBe(1);
    expect((await results().locator('mark').allInnerTexts()).map((t) => t.toLowerCase())).toContain('tomatoes');
    await page.getByLabel('Search articles').fill('Putin Hanoi');
    await results().getByRole('link', { name: /Lethal Weapons to Ukraine/ }).waitFor();
    await screenshot(page, 'search-results');
  });

  it('finds Korean words inside longer runs', async () => {
    await page.getByLabel('Search articles').fill('우크라이나');
    await results().getByRole('link', { name: '푸틴 "한국, 우크라이나에 살상무기 제공하면 큰 실수"' }).waitFor();
    expect(await results().locator('mark').first().innerText()).toContain('우크라이나');
  });

  it('searches within the current view, and says when nothing matches', async () => {
    await serve.call('setArchived', { id: ids.korean, archived: true });
    await page.getByLabel('Search articles').fill('');
    await page.getByRole('link', { name: 'Archived' }).click();
    await page.getByLabel('Search articles').fill('우크라이나');
    await results().getByRole('link', { name: /푸틴/ }).waitFor();
    await page.getByRole('link', { name: 'Library' }).first().click();
    await page.getByLabel('Search articles').fill('우크라이나');
    await page.getByText('No articles match “우크라이나”.').waitFor();
    await page.getByLabel('Search articles').press('Escape');
    await page.getByRole('list', { name: 'Saved articles' }).waitFor();
  });

  it('made no request outside the app', () => {
    expect(requests.filter((u) => new URL(u).origin !== serve.origin)).toEqual([]);
  });
});
