import type { ArticleSummary } from '../../shared/types';
import type { Action } from './actions';

/** Where the reader opened an article from: the list's address, how far it was scrolled, the row. */
export interface ListOrigin {
  hash: string;
  /** The list's key in `lists` (Shift+J/K walk it from the reader). */
  listKey: string | null;
  scrollY: number;
  id: string;
}

/**
 * The page's own state: the row j/k selected, the search words, the shortcuts help, a delete that
 * can still be undone, what is open (the "+ Add" popover, the paste dialog, the menu), where the
 * article being read was opened from, and the interface's zoom.
 */
export interface UiState {
  selectedId: string | null;
  query: string;
  help: boolean;
  /** Hidden from every list at once, deleted for real when the Undo time is up. */
  pendingDelete: ArticleSummary | null;
  /** Deletes asked for and not yet answered: still hidden. */
  deleting: readonly string[];
  add: { open: boolean; draft: string };
  /** The paste dialog and what it holds (null while closed); "Edit text" on a failed save opens it with the text. */
  paste: PasteDraft | null;
  menu: boolean;
  origin: ListOrigin | null;
  zoom: number;
  /** The article whose tags are being edited (t), or null. */
  tagEditor: string | null;
  /** The "Add feed" dialog and the address it holds. */
  addFeed: { open: boolean; draft: string };
}

export interface PasteDraft {
  text: string;
  title: string;
}

export const initialUi: UiState = {
  selectedId: null,
  query: '',
  help: false,
  pendingDelete: null,
  deleting: [],
  add: { open: false, draft: '' },
  paste: null,
  menu: false,
  origin: null,
  zoom: 1,
  tagEditor: null,
  addFeed: { open: false, draft: '' },
};

export function uiReducer(state: UiState, action: Action): UiState {
  switch (action.type) {
    case 'ui/selected':
      return state.selectedId === action.id ? state : { ...state, selectedId: action.id };
    case 'ui/query':
      return state.query === action.query ? state : { ...state, query: action.query };
    case 'ui/help':
      return state.help === action.open ? state : { ...state, help: action.open };
    case 'ui/add': {
      const draft = action.draft ?? state.add.draft;
      return state.add.open === action.open && state.add.draft === draft ? state : { ...state, add: { open: action.open, draft }, menu: action.open ? false : state.menu };
    }
    case 'ui/paste':
      return state.paste === action.draft ? state : { ...state, paste: action.draft, add: action.draft ? { ...state.add, open: false } : state.add, menu: action.draft ? false : state.menu };
    case 'ui/tags':
      return state.tagEditor === action.id ? state : { ...state, tagEditor: action.id };
    case 'ui/add-feed': {
      const draft = action.draft ?? (action.open ? state.addFeed.draft : '');
      return state.addFeed.open === action.open && state.addFeed.draft === draft ? state : { ...state, addFeed: { open: action.open, draft }, menu: action.open ? false : state.menu };
    }
    case 'ui/menu':
      return state.menu === action.open ? state : { ...state, menu: action.open };
    case 'ui/origin':
      return { ...state, origin: action.origin, selectedId: action.origin?.id ?? state.selectedId };
    case 'ui/zoom':
      return state.zoom === action.zoom ? state : { ...state, zoom: action.zoom };
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

/** The interface zoom steps Ctrl/⌘ =/- move through outside the reader. */
export const ZOOM_STEPS = [0.8, 0.9, 1, 1.1, 1.25, 1.5] as const;

export function nextZoom(zoom: number, direction: 1 | -1): number {
  const at = ZOOM_STEPS.findIndex((z) => z >= zoom - 0.001);
  const index = Math.max(0, Math.min(ZOOM_STEPS.length - 1, (at < 0 ? ZOOM_STEPS.length - 1 : at) + direction));
  return ZOOM_STEPS[index]!;
}
