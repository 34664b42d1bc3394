import type { ArticleView } from '../../shared/api';
import type { ArticleSummary } from '../../shared/types';
import type { Action } from './actions';

/**
 * Every article summary the page knows, by id: the one copy each list row, the reader's header and
 * the bookmarks read from, so a change to one article (an answer, or the library's event) updates
 * it everywhere at once and nothing else.
 */
export interface ArticlesState {
  byId: Readonly<Record<string, ArticleSummary>>;
}

export const initialArticles: ArticlesState = { byId: {} };

/** Two summaries say the same (plain JSON from one writer, so the same keys in the same order). */
export function sameSummary(a: ArticleSummary | undefined, b: ArticleSummary | undefined): boolean {
  return a === b || (a !== undefined && b !== undefined && JSON.stringify(a) === JSON.stringify(b));
}

/** Whether an article belongs in a view, as the library decides it (electron/library/views.ts). */
export function belongsIn(view: ArticleView, article: ArticleSummary): boolean {
  switch (view) {
    case 'all':
      return !article.archivedAt;
    case 'unread':
      return !article.archivedAt && !article.readAt;
    case 'bookmarked':
      return article.bookmarked;
    case 'archived':
      return Boolean(article.archivedAt);
    case 'continue':
      return !article.archivedAt && !article.readAt && article.progress > 0;
  }
}

/** The summaries an action brings: what the store keeps, and what the lists and bookmarks apply as changes. */
export function summariesIn(action: Action): ArticleSummary[] {
  switch (action.type) {
    case 'articles/received':
      return action.articles;
    case 'library/changed':
      return action.change.updated;
    case 'list/loaded':
    case 'scoped/loaded':
      return action.page.items;
    case 'reader/loaded': {
      const { html: _html, places: _places, highlights: _highlights, note: _note, ...summary } = action.article;
      return [summary];
    }
    case 'bookmarks/loaded':
      return action.entries.map((e) => e.article);
    case 'saves/finished':
      return [action.result.article];
    default:
      return [];
  }
}

/** Summaries that change what the page shows: answers and events, not pages that only bring rows in. */
export function changesIn(action: Action): ArticleSummary[] {
  return action.type === 'articles/received' || action.type === 'library/changed' ? summariesIn(action) : [];
}

export function articlesReducer(state: ArticlesState, action: Action): ArticlesState {
  let byId = state.byId;
  const writable = () => (byId === state.byId ? (byId = { ...byId }) : byId) as Record<string, ArticleSummary>;
  for (const article of summariesIn(action)) if (!sameSummary(byId[article.id], article)) writable()[article.id] = article;
  if (action.type === 'library/changed') for (const id of action.change.removed) if (id in byId) delete writable()[id];
  return byId === state.byId ? state : { byId };
}
