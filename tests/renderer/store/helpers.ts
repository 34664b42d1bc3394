import type { ArticleSummary } from '../../../shared/types';
import type { Action } from '../../../renderer/store/actions';
import { listKey } from '../../../renderer/store/lists';
import { type AppState, appReducer, initialState } from '../../../renderer/store/state';

/** A summary for reducer tests: saved on day `day` of January 2026; override what matters. */
export function summary(id: string, day: number, overrides: Partial<ArticleSummary> = {}): ArticleSummary {
  return {
    id,
    title: `Article ${id}`,
    byline: null,
    siteName: null,
    excerpt: null,
    lang: null,
    dir: null,
    publishedTime: null,
    savedAt: `2026-01-${String(day).padStart(2, '0')}T10:00:00.000Z`,
    url: null,
    finalUrl: null,
    canonicalUrl: null,
    wordCount: 100,
    readingMinutes: 1,
    source: 'text',
    bookmarked: false,
    bookmarkedAt: null,
    images: { total: 0, saved: 0, failed: [] },
    leadImage: null,
    progress: 0,
    position: null,
    lastReadAt: null,
    readAt: null,
    archivedAt: null,
    tags: [],
    ...overrides,
  };
}

/** Runs actions through the root reducer. */
export function run(actions: Action[], from: AppState = initialState): AppState {
  return actions.reduce(appReducer, from);
}

/** A list loaded with one page, as a container loads it. */
export function loadList(view: 'all' | 'unread' | 'archived' | 'continue', sort: 'newest' | 'oldest', items: ArticleSummary[], total = items.length): Action[] {
  const key = listKey(view, sort);
  return [
    { type: 'list/requested', key, view, sort, offset: 0 },
    { type: 'list/loaded', key, offset: 0, page: { items, total } },
  ];
}

export const changed = (updated: ArticleSummary[], added: string[] = [], removed: string[] = []): Action => ({ type: 'library/changed', change: { added, updated, removed } });
