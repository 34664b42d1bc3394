import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DownloadPage, ImportSummary } from '../../shared/transfer';
import { FIXTURES } from '../helpers/fixture-server';
import { expectAccessible } from './app';
import { launchBrowser, recordRequests, screenshot, type Serve, startServe } from './harness';

/** Issue 15 in the app: an import from a real export file, its entries waiting, and an export. */
let serve: Serve;
let browser: Browser;
let page: Page;
let requests: string[];

beforeAll(async () => {
  serve = await startServe();
  browser = await launchBrowser();
  page = await (await browser.newContext({ viewport: { width: 1300, height: 900 } })).newPage();
  requests = recordRequests(page);
  await page.goto(serve.url);
  await page.getByRole('heading', { name: 'Library' }).waitFor();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await serve?.stop();
});

describe('e2e: import and export', () => {
  it('imports a Netscape bookmark file with downloads off: its entries are listed as waiting, the import says 0 of 2', async () => {
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await page.getByRole('link', { name: 'Import and export…' }).click();
    await page.getByRole('heading', { name: 'Import and export' }).waitFor();
    await page.getByLabel('Export file from another app').setInputFiles(join(FIXTURES, 'imports/netscape-bookmarks/snbp-netscape_basic.htm'));
    await page.getByLabel('Download pages now').uncheck();
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    const item = page.getByRole('listitem', { name: 'Import of snbp-netscape_basic.htm' });
    await item.getByText('0 of 2 downloaded · 2 waiting').waitFor();
    expect(await item.innerText()).toMatch(/netscape · .* · Paused/);
    expect(await item.getByRole('button', { name: 'Resume' }).count()).toBe(1);
    // The file went in as base64, once; the screen then learnt of the import from the answer and events.
    expect(requests.filter((u) => u.includes('/api/importFile'))).toHaveLength(1);
    const [summary] = (await serve.call<{ imports: ImportSummary[] }>('listImports', {})).imports;
    expect(summary).toMatchObject({ name: 'snbp-netscape_basic.htm', format: 'netscape', imported: 2, waiting: 2, status: 'paused' });
    expect((await serve.call<DownloadPage>('listDownloads', {})).waiting).toBe(2);
    await expectAccessible(page, 'import screen');
    await screenshot(page, 'transfer-import');

    await page.getByRole('link', { name: /^Library/ }).click();
    const rows = page.getByRole('list', { name: 'Saved articles' });
    for (const title of ['Secret stuff', 'Public stuff']) {
      const row = rows.locator('.article-row', { has: page.getByRole('link', { name: title }) });
      await row.getByText('Waiting to be downloaded').waitFor();
    }
    await screenshot(page, 'transfer-waiting-list');
  });

  it('exports the library as Netscape bookmarks and says where the file was written', async () => {
    await page.evaluate(() => (window.location.hash = '#/import'));
    await page.getByLabel('Export as').selectOption('netscape');
    const before = requests.length;
    await page.getByRole('button', { name: 'Export', exact: true }).click();
    const result = page.locator('.export-result');
    await result.waitFor();
    const path = await result.locator('code').innerText();
    expect(await result.innerText()).toMatch(/^2 articles written to /);
    expect(path.startsWith(serve.dataDir)).toBe(true);
    expect(existsSync(path) && statSync(path).size).toBeGreaterThan(0);
    expect(requests.slice(before).filter((u) => u.includes('/api/exportArticles'))).toHaveLength(1);
    await result.scrollIntoViewIfNeeded();
    await screenshot(page, 'transfer-export');
  });
});
