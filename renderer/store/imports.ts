import type { ImportSummary } from '../../shared/transfer';
import type { Action } from './actions';

/**
 * The imports (issue 15), for an import screen's progress (N of M, failures, pause, resume,
 * cancel): the answer to listImports, then each `importProgress` event's summary put in its place
 * (a new import is added at the end), so no screen asks again while an import runs.
 */
export interface ImportsState {
  /** Oldest first, as listImports gives them; null until loaded. */
  list: ImportSummary[] | null;
}

export const initialImports: ImportsState = { list: null };

export function importsReducer(state: ImportsState, action: Action): ImportsState {
  switch (action.type) {
    case 'imports/loaded':
      return { list: action.imports };
    case 'imports/progressed': {
      const list = state.list ?? [];
      const at = list.findIndex((i) => i.id === action.summary.id);
      if (at < 0) return { list: [...list, action.summary] };
      return { list: list.map((i, n) => (n === at ? action.summary : i)) };
    }
    default:
      return state;
  }
}
