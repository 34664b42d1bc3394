import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { findChromium, launchChromium, spawnServe } from '../helpers/serve';
import { repoRoot } from './corpus';
import { summarize } from './stats';

const ROOT = repoRoot();
const CLI = join(ROOT, 'out/cli/offprint.js');

export interface RendererResult {
  firstList: { p50: number; p95: number } | null;
  listDomRows: number | null;
  /** Rows the list had loaded when scrolling stopped, and whether it reached the end. */
  scrolledRows: number | null;
  reachedEnd: boolean;
  note: string | null;
}

/**
 * In Chromium through the built `offprint serve` on the benchmark library: navigation until the
 * first rows of "Saved articles" are visible (`reps` fresh pages), then the most
 * `li[data-article-id]` ever in the DOM while scrolling the window down the list a screen at a time.
 */
export async function measureRenderer(dataDir: string, reps: number): Promise<RendererResult> {
  const executablePath = findChromium();
  if (!executablePath) return { firstList: null, listDomRows: null, scrolledRows: null, reachedEnd: false, note: 'Chromium not found (apt-get install -y chromium, or set CHROMIUM_PATH)' };
  if (!existsSync(CLI)) return { firstList: null, listDomRows: null, scrolledRows: null, reachedEnd: false, note: 'out/cli/offprint.js is missing: npm run build' };
  const serve = await spawnServe(CLI, dataDir, 60_000);
  const browser = await launchChromium(executablePath);
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const rows = (page: import('playwright-core').Page) => page.getByRole('list', { name: 'Saved articles' }).locator('li[data-article-id]');
    const samples: number[] = [];
    for (let i = 0; i <= reps; i++) {
      const page = await context.newPage();
      const started = performance.now();
      await page.goto(serve.url);
      await rows(page).first().waitFor({ state: 'visible', timeout: 60_000 });
      // The first navigation also fills the browser's cache, as the app's first start would.
      if (i > 0) samples.push(performance.now() - started);
      await page.close();
    }
    const page = await context.newPage();
    await page.goto(serve.url);
    await rows(page).first().waitFor({ state: 'visible', timeout: 60_000 });
    let most = 0;
    let count = 0;
    let reachedEnd = false;
    let still = 0;
    const deadline = performance.now() + 120_000;
    for (let step = 0; step < 2000 && performance.now() < deadline; step++) {
      const state = await page.evaluate(() => {
        window.scrollBy(0, window.innerHeight);
        return {
          rows: document.querySelectorAll('li[data-article-id]').length,
          atEnd: window.scrollY + window.innerHeight >= document.documentElement.scrollHeight - 2,
          last: Number(document.querySelector('li[data-article-id]:last-of-type')?.getAttribute('aria-posinset') ?? 0),
        };
      });
      most = Math.max(most, state.rows);
      count = Math.max(count, state.last || state.rows);
      if (state.atEnd) {
        await page.waitForTimeout(150);
        still = (await page.evaluate(() => window.scrollY + window.innerHeight >= document.documentElement.scrollHeight - 2)) ? still + 1 : 0;
        if (still >= 5) {
          reachedEnd = true;
          break;
        }
      } else {
        still = 0;
        await page.waitForTimeout(10);
      }
    }
    return { firstList: summarize(samples), listDomRows: most, scrolledRows: count, reachedEnd, note: null };
  } finally {
    await browser.close();
    await serve.stop();
  }
}
