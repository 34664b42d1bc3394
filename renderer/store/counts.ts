import type { ViewCounts } from '../../shared/types';
import type { Action } from './actions';

/** The sidebar's numbers: asked for once, then brought by every `libraryChanged` event. */
export interface CountsState {
  value: ViewCounts | null;
}

export const initialCounts: CountsState = { value: null };

const same = (a: ViewCounts | null, b: ViewCounts) => a !== null && a.all === b.all && a.unread === b.unread && a.archived === b.archived && a.bookmarks === b.bookmarks;

export function countsReducer(state: CountsState, action: Action): CountsState {
  const counts = action.type === 'counts/loaded' ? action.counts : action.type === 'library/changed' ? action.change.counts : undefined;
  if (!counts || same(state.value, counts)) return state;
  return { value: counts };
}
