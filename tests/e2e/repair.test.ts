import AxeBuilder from '@axe-core/playwright';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArticlePage } from '../../shared/api';
import type { LibraryNotice, SaveResult } from '../../shared/types';
import { launchBrowser, recordRequests, screenshot, type Serve, startServe } from './harness';

let dataDir: string;
let serve: Serve;
let browser: Browser;
let page: Page;
let requests: string[];
const ids: string[] = [];

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'offprint-e2e-repair-'));
  // A library with two articles, and a backup taken when serve next opens it.
  let first = await startServe(dataDir);
  for (const text of ['Kept through a repair\n\nThe first article, bookmarked before the backup.', 'Second article of the repair test\n\nIts bookmark comes after the backup.']) {
    ids.push((await first.call<SaveResult>('saveArticle', { source: { kind: 'text', text } })).article.id);
  }
  await first.call('setBookmarked', { id: ids[0], bookmarked: true });
  await first.stop();
  first = await startServe(dataDir);
  // The backup runs beside the server's work: wait for it, so the next bookmark is not in it.
  for (let i = 0; i < 200 && !(await readdir(join(dataDir, 'backups')).catch(() => [])).some((n) => !n.startsWith('.')); i++) await new Promise((r) => setTimeout(r, 25));
  await first.call('setBookmarked', { id: ids[1], bookmarked: true });
  await first.stop();
  expect(await readdir(join(dataDir, 'backups'))).toHaveLength(1);
  // The state file is zero-filled, as a crash on some file systems leaves a file.
  await writeFile(join(dataDir, 'index', '000000.state.json'), Buffer.alloc(300));

  serve = await startServe(dataDir);
  browser = await launchBrowser();
  page = await (await browser.newContext({ viewport: { width: 1200, height: 900 } })).newPage();
  requests = recordRequests(page);
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await serve?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

describe('e2e: a repaired library tells the reader', () => {
  it('serve says on stderr what it repaired', () => {
    expect(serve.stderr()).toContain('offprint: the library was repaired when it opened.');
    expect(serve.stderr()).toMatch(/index\/000000\.state\.json was damaged/);
  });

  it('shows a banner with what happened and what was lost, and dismissing it is remembered', async () => {
    await page.goto(serve.url);
    const banner = page.getByRole('alert').filter({ hasText: 'Offprint repaired your library' });
    await banner.waitFor();
    await expect(banner.getByRole('listitem').allTextContents()).resolves.toEqual([
      expect.stringMatching(/^index\/000000\.state\.json was damaged \(.+\); restored from the backup of .+ UTC\.$/),
      expect.stringMatching(/^Bookmarks, reading positions, read or archived marks, tags, highlights and notes changed since .+ are lost\.$/),
    ]);
    expect(await banner.textContent()).toContain(join(dataDir, 'recovered'));
    // Both articles are still there; only the bookmark made after the backup is gone.
    await page.getByRole('list', { name: 'Saved articles' }).waitFor();
    const library = await serve.call<ArticlePage>('listArticles', {});
    expect(library.items.map((a) => [a.id, a.bookmarked])).toEqual([
      [ids[1], false],
      [ids[0], true],
    ]);
    await screenshot(page, 'repair-banner');
    const axe = await new AxeBuilder({ page }).analyze();
    expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);

    await banner.getByRole('button', { name: 'Dismiss' }).click();
    await banner.waitFor({ state: 'detached' });
    expect(await serve.call<LibraryNotice[]>('listNotices', {})).toEqual([]);
    await page.reload();
    await page.getByRole('list', { name: 'Saved articles' }).waitFor();
    expect(await page.getByText('Offprint repaired your library').count()).toBe(0);
    expect(requests.filter((url) => !url.startsWith(serve.origin))).toEqual([]);
  });
});
