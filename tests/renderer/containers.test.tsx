import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { Extractor } from '../../electron/capture/extractor';
import { App } from '../../renderer/App';
import { realApi } from './real-api';

// Every render of a list row and of the list itself, by article id: what a change re-renders.
const renders = vi.hoisted(() => ({ rows: [] as string[], lists: 0 }));
vi.mock('../../renderer/components/ArticleRow', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../renderer/components/ArticleRow')>();
  const { createElement, memo } = await import('react');
  const Counted = memo((props: Parameters<typeof real.ArticleRow>[0]) => {
    renders.rows.push(props.article.id);
    return createElement(real.ArticleRow, props);
  });
  return { ...real, ArticleRow: Counted };
});
vi.mock('../../renderer/components/ArticleList', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../renderer/components/ArticleList')>();
  const { createElement } = await import('react');
  return {
    ...real,
    ArticleList: (props: Parameters<typeof real.ArticleList>[0]) => {
      renders.lists++;
      return createElement(real.ArticleList, props);
    },
  };
});

const extractor = new Extractor();
afterAll(() => extractor.close());

describe('renderer/containers: events, not polling; one row per change', () => {
  let ctx: Awaited<ReturnType<typeof realApi>>;
  let ids: string[];
  beforeEach(async () => {
    ctx = await realApi(extractor);
    ids = [];
    for (const title of ['First of three', 'Second of three', 'Third of three']) ids.push((await ctx.service.saveArticle({ source: { kind: 'text', text: `${title}\n\nA body paragraph.` } })).article.id);
    return ctx.cleanup;
  });

  const row = (id: string) => document.querySelector<HTMLElement>(`[data-article-id="${id}"]`)!;
  /** Resolves once the library has told its listeners (the page's among them) of a change that matches. */
  function changeTold(matches: (change: { added: string[]; updated: { id: string }[]; removed: string[] }) => boolean): Promise<void> {
    return new Promise((resolve) => {
      const off = ctx.service.subscribe('libraryChanged', (change) => {
        if (!matches(change)) return;
        off();
        resolve();
      });
    });
  }
  async function showLibrary() {
    render(<App api={ctx.api} />);
    await screen.findByRole('link', { name: 'Third of three' });
    await waitFor(() => expect(ctx.calls).toContain('listNotices'));
    renders.rows.length = 0;
    renders.lists = 0;
    ctx.calls.length = 0;
  }

  it('a bookmark toggle is one request and renders that one row again, not the list', async () => {
    await showLibrary();
    const told = changeTold((c) => c.updated.some((s) => s.id === ids[1]));
    fireEvent.click(within(row(ids[1]!)).getByRole('button', { name: 'Bookmark' }));
    await within(row(ids[1]!)).findByRole('button', { name: 'Remove bookmark' });
    // The library's event for the same change comes after the answer, and changes nothing more.
    await told;
    await act(async () => undefined);
    expect(ctx.calls).toEqual(['setBookmarked']);
    expect(renders.rows).toEqual([ids[1]]);
    expect(renders.lists).toBe(0);
  });

  it('a progress write made elsewhere renders that row only, and asks for nothing', async () => {
    await showLibrary();
    await act(() => ctx.service.saveProgress({ id: ids[0]!, position: { block: 1, offset: 0 }, progress: 40 }));
    await waitFor(() => expect(row(ids[0]!).textContent).toContain('40% read'));
    expect(renders.rows).toEqual([ids[0]]);
    expect(ctx.calls).toEqual([]);
  });

  it('an article saved elsewhere appears in the open list from the event; the page starts no timer that asks', async () => {
    // Every interval the renderer's own code starts (the old page polled saves every 250 ms and notices every 30 s).
    const fromRenderer: number[] = [];
    const real = globalThis.setInterval;
    const spy = vi.spyOn(globalThis, 'setInterval').mockImplementation(((handler: () => void, ms?: number) => {
      const frames = (new Error().stack ?? '').split('\n');
      if (frames.some((f) => /[/\\]renderer[/\\]/.test(f) && !/[/\\]tests[/\\]|node_modules/.test(f))) fromRenderer.push(ms ?? 0);
      return real(handler, ms);
    }) as typeof setInterval);
    try {
      await showLibrary();
      await act(() => ctx.service.saveArticle({ source: { kind: 'text', text: 'Saved somewhere else\n\nWhile the list was open.' } }));
      await screen.findByRole('link', { name: 'Saved somewhere else' });
      expect(ctx.calls).toEqual(['listArticles']);
      // A save of the page's own runs too, the case the old page polled fastest.
      fireEvent.click(screen.getByRole('button', { name: 'Paste text' }));
      fireEvent.change(screen.getByLabelText('Article text'), { target: { value: 'Pasted while watching the timers\n\nIts body.' } });
      fireEvent.click(screen.getByRole('button', { name: 'Save text' }));
      await screen.findByRole('link', { name: 'Pasted while watching the timers' });
      expect(fromRenderer).toEqual([]);
      expect(ctx.calls.filter((m) => m === 'listSaves' || m === 'listNotices')).toEqual([]);
    } finally {
      spy.mockRestore();
    }
  });

  it('a save from this window: the answer ends it in the tray, the event brings it into the list, and nothing asks listSaves', async () => {
    await showLibrary();
    const tray = () => screen.getByRole('list', { name: 'Saves' });
    fireEvent.click(screen.getByRole('button', { name: 'Paste text' }));
    fireEvent.change(screen.getByLabelText('Article text'), { target: { value: 'Pasted in this window\n\nIts body.' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save text' }));
    await within(tray()).findByText('Saved');
    await screen.findByRole('link', { name: 'Pasted in this window' });
    expect(ctx.calls.filter((m) => m === 'listSaves')).toEqual([]);
    expect(ctx.calls).toEqual(['saveArticle', 'listArticles']);
  });

  it('a delete hides the row at once; Undo brings it back; leaving the page deletes it, with one request', async () => {
    await showLibrary();
    fireEvent.click(within(row(ids[2]!)).getByRole('button', { name: /^Delete: / }));
    expect(row(ids[2]!)).toBeNull();
    fireEvent.click(await screen.findByRole('button', { name: 'Undo' }));
    await waitFor(() => expect(row(ids[2]!)).not.toBeNull());
    const removed = changeTold((c) => c.removed.includes(ids[2]!));
    fireEvent.click(within(row(ids[2]!)).getByRole('button', { name: /^Delete: / }));
    act(() => void window.dispatchEvent(new Event('pagehide')));
    await waitFor(() => expect(ctx.calls).toEqual(['deleteArticle']));
    await waitFor(() => expect(screen.queryByText(/Deleted “/)).toBeNull());
    // The delete is done once the library says so; the page has had that event too.
    await removed;
    await act(async () => undefined);
    expect(row(ids[2]!)).toBeNull();
    expect(ctx.calls).toEqual(['deleteArticle']);
    expect((await ctx.service.listArticles({})).total).toBe(2);
  });
});
