import type { HighlightEntry } from '../../shared/types';
import type { Action } from './actions';

/**
 * The Highlights view across the library, newest first, a page at a time. Any highlight added,
 * changed or deleted here marks it stale, so it is asked for again the next time it is shown.
 */
export interface HighlightsViewState {
  items: readonly HighlightEntry[];
  total: number;
  loaded: boolean;
  loading: boolean;
  error: string | null;
  stale: boolean;
}

export const initialHighlightsView: HighlightsViewState = { items: [], total: 0, loaded: false, loading: false, error: null, stale: false };

export function highlightsViewReducer(state: HighlightsViewState, action: Action): HighlightsViewState {
  switch (action.type) {
    case 'highlights/requested':
      return { ...state, loading: true, error: null, stale: action.offset === 0 ? false : state.stale };
    case 'highlights/loaded': {
      const items = action.offset === 0 ? action.page.items : [...state.items, ...action.page.items.filter((e) => !state.items.some((s) => s.highlight.highlightId === e.highlight.highlightId))];
      return { ...state, items, total: action.page.total, loaded: true, loading: false, error: null };
    }
    case 'highlights/failed':
      return { ...state, loading: false, loaded: true, error: action.message };
    case 'highlight/added':
    case 'highlight/updated':
      return state.loaded && !state.stale ? { ...state, stale: true } : state;
    case 'highlight/deleted': {
      const items = state.items.filter((e) => e.highlight.highlightId !== action.highlightId);
      return items.length === state.items.length ? state : { ...state, items, total: Math.max(0, state.total - 1) };
    }
    case 'library/changed': {
      // A deleted article takes its highlights with it.
      const removed = action.change.removed;
      if (!removed.length) return state;
      const items = state.items.filter((e) => !removed.includes(e.article.id));
      return items.length === state.items.length ? state : { ...state, items, total: Math.max(0, state.total - (state.items.length - items.length)) };
    }
    default:
      return state;
  }
}
