import type { ArticleSummary, BookmarkEntry } from '../../shared/types';
import type { Action } from './actions';
import type { ArticlesState } from './articles';
import { changesIn } from './articles';

/**
 * The Bookmarks screen's entries (bookmarked articles and places, newest first), fetched when the
 * screen opens and then kept up to date from answers and events: a changed article's entries show
 * its new summary, an article bookmarked or un-bookmarked gains or loses its entry, a place added
 * or removed here gains or loses its own.
 */
export interface BookmarksState {
  entries: readonly BookmarkEntry[] | null;
  loading: boolean;
  error: string | null;
}

export const initialBookmarks: BookmarksState = { entries: null, loading: false, error: null };

const newestFirst = (a: BookmarkEntry, b: BookmarkEntry) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0);

function withArticle(entries: readonly BookmarkEntry[], article: ArticleSummary): readonly BookmarkEntry[] {
  let next = entries.map((e) => (e.article.id === article.id && e.article !== article ? { ...e, article } : e));
  const hasEntry = next.some((e) => e.kind === 'article' && e.article.id === article.id);
  if (article.bookmarked && !hasEntry) next = [...next, { kind: 'article' as const, createdAt: article.bookmarkedAt ?? article.savedAt, article }].sort(newestFirst);
  if (!article.bookmarked && hasEntry) next = next.filter((e) => !(e.kind === 'article' && e.article.id === article.id));
  return next.every((e, i) => e === entries[i]) && next.length === entries.length ? entries : next;
}

export function bookmarksReducer(state: BookmarksState, action: Action, after: ArticlesState): BookmarksState {
  switch (action.type) {
    case 'bookmarks/requested':
      return { ...state, loading: true, error: null };
    case 'bookmarks/loaded':
      return { entries: action.entries, loading: false, error: null };
    case 'bookmarks/failed':
      return { ...state, loading: false, error: action.message };
    case 'place/added': {
      const article = after.byId[action.place.articleId];
      if (!state.entries || !article) return state;
      return { ...state, entries: [...state.entries, { kind: 'place' as const, createdAt: action.place.createdAt, article, place: action.place }].sort(newestFirst) };
    }
    case 'place/removed':
      if (!state.entries?.some((e) => e.kind === 'place' && e.place.placeId === action.placeId)) return state;
      return { ...state, entries: state.entries.filter((e) => !(e.kind === 'place' && e.place.placeId === action.placeId)) };
    case 'articles/received':
    case 'library/changed': {
      if (!state.entries) return state;
      let entries = state.entries;
      for (const article of changesIn(action)) entries = withArticle(entries, article);
      if (action.type === 'library/changed' && action.change.removed.length) entries = entries.filter((e) => !action.change.removed.includes(e.article.id));
      return entries === state.entries || (entries.length === state.entries.length && entries.every((e, i) => e === state.entries![i])) ? state : { ...state, entries };
    }
    default:
      return state;
  }
}
