import type { ArticleSummary, PlaceBookmark } from '../../shared/types';
import type { Action } from './actions';

/** What the one Undo would take back: the last archive, delete or removed bookmark. */
export type UndoEntry =
  | { kind: 'archived'; article: ArticleSummary }
  | { kind: 'deleted'; article: ArticleSummary }
  | { kind: 'unbookmarked'; article: ArticleSummary }
  | { kind: 'place-removed'; article: ArticleSummary; place: PlaceBookmark };

/** A short message at the bottom of the window, with at most one thing to do. */
export type ToastContent =
  | { kind: 'saved'; article: ArticleSummary }
  | { kind: 'place-saved'; articleId: string }
  | { kind: 'undo'; entry: UndoEntry }
  | { kind: 'message'; text: string };

export type Toast = ToastContent & { id: number };

/**
 * The toast on screen (one at a time: a new one replaces it) and the one Undo, which outlives a
 * toast that replaced its own, until it is used, its time is up or another takes its place.
 */
export interface ToastsState {
  current: Toast | null;
  undo: UndoEntry | null;
  seq: number;
}

export const initialToasts: ToastsState = { current: null, undo: null, seq: 0 };

const show = (state: ToastsState, toast: ToastContent, undo = state.undo): ToastsState => ({ current: { ...toast, id: state.seq + 1 }, undo, seq: state.seq + 1 });

const clearUndo = (state: ToastsState): ToastsState => ({ ...state, undo: null, current: state.current?.kind === 'undo' ? null : state.current });

export function toastsReducer(state: ToastsState, action: Action): ToastsState {
  switch (action.type) {
    case 'toast/shown':
      return show(state, action.toast);
    case 'toast/dismissed':
      return state.current?.id === action.id ? { ...state, current: null } : state;
    case 'undo/offered':
      return show(state, { kind: 'undo', entry: action.entry }, action.entry);
    case 'delete/scheduled':
      return show(state, { kind: 'undo', entry: { kind: 'deleted', article: action.article } }, { kind: 'deleted', article: action.article });
    case 'undo/settled':
      return state.undo ? clearUndo(state) : state;
    case 'delete/undone':
      return state.undo?.kind === 'deleted' ? clearUndo(state) : state;
    case 'delete/committed':
      return state.undo?.kind === 'deleted' && state.undo.article.id === action.id ? clearUndo(state) : state;
    // A save of this page's own that ended well is a toast, not a line in the tray.
    case 'saves/finished':
      return action.result.duplicate ? state : show(state, { kind: 'saved', article: action.result.article });
    default:
      return state;
  }
}
