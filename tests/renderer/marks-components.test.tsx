import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { FeedHealth, formatBytes } from '../../renderer/components/FeedHeader';
import { FeedList } from '../../renderer/components/FeedList';
import { HighlightsPanel } from '../../renderer/components/HighlightsPanel';
import { TagEditor, typedTags } from '../../renderer/components/TagEditor';
import { parseRoute, routeHref } from '../../renderer/route';
import { feedTree } from '../../renderer/store/feeds';
import type { FeedSummary } from '../../shared/feeds';
import type { AnchoredHighlight } from '../../shared/types';

const hl = (id: string, overrides: Partial<AnchoredHighlight> = {}): AnchoredHighlight => ({
  highlightId: id,
  articleId: 'a',
  quote: { exact: `quote ${id}`, prefix: '', suffix: '' },
  position: { start: 0, end: 5 },
  color: 'green',
  note: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  anchor: { status: 'exact', start: 0, end: 5 },
  ...overrides,
});

describe('renderer/route (issues 13 and 14)', () => {
  it('tags (any script, spaces), the Highlights view, feeds, folders and an article at a highlight go there and back', () => {
    for (const route of [
      { name: 'tag', tag: 'Read later' },
      { name: 'tag', tag: '日本/Économie' },
      { name: 'highlights' },
      { name: 'feed', id: 'mx4-abc' },
      { name: 'folder', folder: 'News/Korea' },
      { name: 'article', id: 'a-1', at: null, find: null, highlight: 'h-1' },
    ] as const) {
      expect(parseRoute(routeHref(route))).toEqual(route);
    }
    // A hand-typed address that is not one goes to the library.
    expect(parseRoute('#/tag/%E0%A4')).toEqual({ name: 'library', view: 'all' });
    expect(parseRoute('#/feed/..%2Fx')).toEqual({ name: 'library', view: 'all' });
  });
});

describe('renderer/components/TagEditor', () => {
  it('commas separate tags; case, spaces and script are kept; the same tag twice is one', () => {
    expect(typedTags(' Read  later, 日本 ,read later,, ')).toEqual(['Read later', '日本']);
  });

  it('Enter adds what is new (not the tags it has), and each tag has its remove button', () => {
    const onAdd = vi.fn();
    const onRemove = vi.fn();
    render(<TagEditor title="Ferries" tags={['Read later']} known={['Read later', 'Économie']} error={null} onAdd={onAdd} onRemove={onRemove} onClose={() => undefined} />);
    const field = screen.getByRole('combobox', { name: 'Add a tag' });
    fireEvent.change(field, { target: { value: 'read later, Économie' } });
    fireEvent.submit(field.closest('form')!);
    expect(onAdd.mock.calls).toEqual([[['Économie']]]);
    fireEvent.click(screen.getByRole('button', { name: 'Remove tag Read later' }));
    expect(onRemove.mock.calls).toEqual([['Read later']]);
    // Completion offers the library's tags the article does not have.
    expect([...document.querySelectorAll('datalist option')].map((o) => o.getAttribute('value'))).toEqual(['Économie']);
  });
});

describe('renderer/components/HighlightsPanel', () => {
  it('lists each highlight with its note as text; one not found in the current text says so and has no Go to', () => {
    const onGoTo = vi.fn();
    render(<HighlightsPanel highlights={[hl('h1', { note: '<img src=x onerror=alert(1)> mine' }), hl('h2', { anchor: { status: 'not-found' } })]} note={null} onGoTo={onGoTo} onSaveNote={() => undefined} />);
    expect(screen.getByText('<img src=x onerror=alert(1)> mine')).toBeTruthy();
    expect(document.querySelector('.highlights-panel img')).toBeNull();
    expect(screen.getByText('Not found in the current text')).toBeTruthy();
    const buttons = screen.getAllByRole('button', { name: 'Go to highlight' });
    expect(buttons).toHaveLength(1);
    fireEvent.click(buttons[0]!);
    expect(onGoTo).toHaveBeenCalledWith('h1');
  });
});

describe('renderer/components/FeedList and FeedHealth', () => {
  const feed = (overrides: Partial<FeedSummary>): FeedSummary =>
    ({
      id: 'f-1',
      title: 'Harbour News',
      folder: null,
      unread: 3,
      articles: 5,
      storageBytes: 2.5 * 1024 * 1024,
      status: 'active',
      siteUrl: null,
      health: { lastAttemptAt: null, lastSuccessAt: null, lastErrorAt: null, lastError: null, consecutiveFailures: 0, nextRefreshAt: null, retryAfter: null, pendingRedirect: null },
      ...overrides,
    }) as FeedSummary;

  it('shows each feed with its unread count and marks one that stopped working', () => {
    const tree = feedTree({ feeds: [feed({}), feed({ id: 'f-2', title: 'Gone Daily', unread: 0, status: 'broken', health: { ...feed({}).health, lastError: 'The server answered 500' } })], folders: [], defaults: {} as never });
    render(<FeedList tree={tree} route={{ name: 'feed', id: 'f-1' }} refreshing={false} onAdd={() => undefined} onRefreshAll={() => undefined} onImport={() => undefined} onExport={() => undefined} />);
    const links = screen.getAllByRole('link');
    expect(links.map((a) => a.textContent)).toEqual(['Gone Daily ⚠(Not working)', 'Harbour News, 3 unread']);
    expect(links[1]!.getAttribute('aria-current')).toBe('page');
  });

  it('says the health in words: storage, the last error, a feed that is gone', () => {
    render(<FeedHealth feed={feed({ status: 'inactive', health: { ...feed({}).health, lastError: 'The feed is gone (410)' } })} />);
    expect(formatBytes(2.5 * 1024 * 1024)).toBe('2.5 MB');
    expect(screen.getByText(/5 articles, 3 unread · 2.5 MB · Not updated yet/)).toBeTruthy();
    expect(screen.getByRole('status').textContent).toMatch(/gone/);
    expect(screen.getByText(/Last error: The feed is gone \(410\)/)).toBeTruthy();
  });
});
