import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { Extractor } from '../../electron/capture/extractor';
import { App } from '../../renderer/App';
import { realApi } from './real-api';

const extractor = new Extractor();
afterAll(() => extractor.close());

const STORY = `<!doctype html><html><head><title>The kept story</title></head><body><nav>Home · Account</nav><article><h1>The kept story</h1>${'<p>A paragraph of the story as the browser showed it, long enough to be taken as the article by extraction.</p>'.repeat(10)}</article></body></html>`;

// Each test extracts twice in the real worker: more than the default 5 s on a loaded machine.
describe('renderer: About this copy (issue 16)', { timeout: 30_000 }, () => {
  let ctx: Awaited<ReturnType<typeof realApi>>;
  beforeEach(async () => {
    ctx = await realApi(extractor);
    return ctx.cleanup;
  });

  async function openAbout(id: string) {
    act(() => {
      window.location.hash = `#/article/${id}`;
    });
    render(<App api={ctx.api} />);
    fireEvent.click(await screen.findByRole('button', { name: 'About this copy' }));
    return screen.findByRole('region', { name: 'About this copy' });
  }

  it('shows the capture report, and re-extracts from the kept page, fetching the new body once', async () => {
    const { article } = await ctx.service.saveFromBrowser({ url: 'http://127.0.0.1:9/story', title: 'The kept story', html: STORY, selection: false, images: [] });
    const panel = await openAbout(article.id);
    await within(panel).findByText(/^Source: extension/);
    expect(panel.textContent).toMatch(/Page furniture removed: navigation ×1/);
    // The browser decoded this page: there are no bytes to re-decode.
    expect(within(panel).queryByRole('button', { name: 'Re-decode' })).toBeNull();
    ctx.calls.length = 0;
    fireEvent.click(within(panel).getByRole('button', { name: 'Re-extract from the kept page' }));
    await within(panel).findByText(/re-extracted from the kept page/);
    await waitFor(() => expect(ctx.calls).toEqual(['reextractArticle', 'getArticle']));
    expect(document.querySelector('.article-body')!.textContent).toContain('A paragraph of the story as the browser showed it');
  });

  it('a page that looks like a login wall says so, with the suggestion to save it from the browser', async () => {
    const { article, warnings } = await ctx.service.saveArticle({
      source: { kind: 'html', html: '<!doctype html><title>Sign in</title><body><main><h1>Subscribe to continue reading</h1><p>Please log in or subscribe to read this article.</p></main></body>', baseUrl: 'https://paper.example/story' },
    });
    expect(warnings?.length).toBeGreaterThan(0);
    const panel = await openAbout(article.id);
    const list = await within(panel).findByRole('list', { name: 'Warnings' });
    expect(list.textContent).toMatch(/log/i);
    expect(list.textContent).toMatch(/browser/i);
  });
});
