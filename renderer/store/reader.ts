import type { PlaceBookmark } from '../../shared/types';
import type { Action } from './actions';
import type { ArticlesState } from './articles';
import { changesIn } from './articles';

/**
 * The article being read: its body and places. Its header (title, bookmark, read state) is its
 * summary in `articles.byId`, so a bookmark toggle or a progress write changes the header only and
 * never fetches or re-renders the body; the body is fetched again only when it changed (images
 * retried, here or elsewhere).
 */
export interface ReaderState {
  id: string | null;
  html: string | null;
  places: readonly PlaceBookmark[];
  loading: boolean;
  error: string | null;
  /** The body on disk changed since it was fetched. */
  stale: boolean;
}

export const initialReader: ReaderState = { id: null, html: null, places: [], loading: false, error: null, stale: false };

export function readerReducer(state: ReaderState, action: Action, before: ArticlesState): ReaderState {
  switch (action.type) {
    case 'reader/requested':
      return action.id === state.id ? { ...state, loading: true, error: null, stale: false } : { ...initialReader, id: action.id, loading: true };
    case 'reader/loaded':
      if (action.article.id !== state.id) return state;
      return { ...state, html: action.article.html, places: action.article.places, loading: false, error: null };
    case 'reader/failed':
      return action.id === state.id ? { ...state, loading: false, error: action.message } : state;
    case 'place/added':
      return action.place.articleId === state.id ? { ...state, places: [...state.places, action.place].sort((a, b) => a.position.block - b.position.block || a.position.offset - b.position.offset) } : state;
    case 'place/removed':
      return state.places.some((p) => p.placeId === action.placeId) ? { ...state, places: state.places.filter((p) => p.placeId !== action.placeId) } : state;
    case 'articles/received':
    case 'library/changed': {
      const changed = changesIn(action).find((a) => a.id === state.id);
      const known = changed && before.byId[changed.id];
      // Images fetched again rewrite the body; nothing else in a summary does.
      if (changed && known && !state.stale && state.html !== null && JSON.stringify(known.images) !== JSON.stringify(changed.images)) return { ...state, stale: true };
      return state;
    }
    default:
      return state;
  }
}
