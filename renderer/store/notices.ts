import type { LibraryNotice } from '../../shared/types';
import type { Action } from './actions';

/** Repairs the library made that the reader has not dismissed: loaded once, then told by the library's event. */
export interface NoticesState {
  items: readonly LibraryNotice[];
  error: string | null;
}

export const initialNotices: NoticesState = { items: [], error: null };

export function noticesReducer(state: NoticesState, action: Action): NoticesState {
  switch (action.type) {
    case 'notices/loaded':
      return { ...state, items: action.notices };
    case 'notices/dismissed':
      return { items: state.items.filter((n) => n.id !== action.id), error: null };
    case 'notices/failed':
      return { ...state, error: action.message };
    default:
      return state;
  }
}
