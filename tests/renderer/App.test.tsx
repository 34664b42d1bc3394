import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { Extractor } from '../../electron/capture/extractor';
import { App } from '../../renderer/App';
import { realApi } from './real-api';

const extractor = new Extractor();
afterAll(() => extractor.close());

describe('renderer/App', () => {
  let ctx: Awaited<ReturnType<typeof realApi>>;
  beforeEach(async () => {
    ctx = await realApi(extractor);
    return ctx.cleanup;
  });

  it('lists articles, opens one, changes only its text size and remembers it', async () => {
    const { article } = await ctx.service.saveArticle({ source: { kind: 'text', text: 'A headline for the reader test\n\nThe first paragraph of the body.' } });
    render(<App api={ctx.api} />);
    const link = await screen.findByRole('link', { name: 'A headline for the reader test' });
    act(() => {
      window.location.hash = link.getAttribute('href')!;
    });
    await screen.findByRole('heading', { level: 1, name: 'A headline for the reader test' });
    const body = document.querySelector('.article-body') as HTMLElement;
    expect(body.style.fontSize).toBe('18px');
    fireEvent.click(screen.getByRole('button', { name: 'Increase text size' }));
    await waitFor(() => expect((document.querySelector('.article-body') as HTMLElement).style.fontSize).toBe('20px'));
    expect((document.querySelector('.topbar') as HTMLElement).style.fontSize).toBe('');
    await waitFor(async () => expect((await ctx.service.getSettings({})).textSize).toBe(20));
    expect(article.id).toBeTruthy();
  });

  it('bookmarks from the reader and finds the article under Bookmarks', async () => {
    const { article } = await ctx.service.saveArticle({ source: { kind: 'text', text: 'Bookmark me please, reader\n\nSome body text here.' } });
    window.location.hash = `#/article/${article.id}`;
    render(<App api={ctx.api} />);
    const button = await screen.findByRole('button', { name: 'Bookmark' });
    expect(button.getAttribute('aria-pressed')).toBe('false');
    fireEvent.click(button);
    await screen.findByRole('button', { name: 'Remove bookmark' });
    act(() => {
      window.location.hash = '#/bookmarks';
    });
    const list = await screen.findByRole('list', { name: 'Bookmarked articles' });
    expect(list.textContent).toContain('Bookmark me please, reader');
  });

  it('shows a failed save as its message and saves nothing', async () => {
    render(<App api={ctx.api} />);
    fireEvent.change(await screen.findByLabelText('Article address'), { target: { value: 'javascript:alert(1)' } });
    fireEvent.submit(screen.getByRole('form', { name: 'Save an article' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/only saves web pages/);
    expect((await ctx.service.listArticles({})).total).toBe(0);
  });
});
