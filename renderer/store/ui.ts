import type { ArticleSummary } from '../../shared/types';
import type { Action } from './actions';

/** The page's own state: the row j/k selected, the search words, the shortcuts help, a delete that can still be undone. */
export interface UiState {
  selectedId: string | null;
  query: string;
  help: boolean;
  /** Hidden from every list at once, deleted for real when the Undo time is up. */
  pendingDelete: ArticleSummary | null;
  /** Deletes asked for and not yet answered: still hidden. */
  deleting: readonly string[];
}

export const initialUi: UiState = { selectedId: null, query: '', help: false, pendingDelete: null, deleting: [] };

export function uiReducer(state: UiState, action: Action): UiState {
  switch (action.type) {
    case 'ui/selected':
      return state.selectedId === action.id ? state : { ...state, selectedId: action.id };
    case 'ui/query':
      return state.query === action.query ? state : { ...state, query: action.query };
    case 'ui/help':
      return state.help === action.open ? state : { ...state, help: action.open };
    case 'delete/scheduled':
      return { ...state, pendingDelete: action.article };
    case 'delete/undone':
      return state.pendingDelete ? { ...state, pendingDelete: null } : state;
    case 'delete/committed':
      return { ...state, pendingDelete: state.pendingDelete?.id === action.id ? null : state.pendingDelete, deleting: [...state.deleting, action.id] };
    case 'delete/settled':
      return state.deleting.includes(action.id) ? { ...state, deleting: state.deleting.filter((id) => id !== action.id) } : state;
    case 'library/changed': {
      const { removed } = action.change;
      if (!removed.length || !(removed.includes(state.selectedId ?? '') || state.deleting.some((id) => removed.includes(id)))) return state;
      return { ...state, selectedId: state.selectedId && removed.includes(state.selectedId) ? null : state.selectedId, deleting: state.deleting.filter((id) => !removed.includes(id)) };
    }
    default:
      return state;
  }
}
