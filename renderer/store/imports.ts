import type { ExportResult, ImportSummary } from '../../shared/transfer';
import type { ArticleSummary } from '../../shared/types';
import type { Action } from './actions';

/**
 * The imports (issue 15), for the import screen's progress (N of M, failures, pause, resume,
 * cancel): the answer to listImports, then each `importProgress` event's summary put in its place
 * (a new import is added at the end), so no screen asks again while an import runs. Beside them,
 * what the screen itself is doing: a file being sent, the failed downloads (their reasons are on
 * the articles), and the last export.
 */
export interface ImportsState {
  /** Oldest first, as listImports gives them; null until loaded. */
  list: ImportSummary[] | null;
  /** The name of the file being sent, while importFile has not answered. */
  sending: string | null;
  /** Why the last file was refused (an unknown format, a damaged zip…), as the library said it. */
  error: string | null;
  /** The articles whose download failed, with `download.error`; null until asked. */
  failedDownloads: { items: ArticleSummary[]; total: number } | null;
  exporting: boolean;
  /** The last export written (where, how many), or why it failed. */
  exported: ExportResult | null;
  exportError: string | null;
}

export const initialImports: ImportsState = { list: null, sending: null, error: null, failedDownloads: null, exporting: false, exported: null, exportError: null };

/** One import's summary in its place, or at the end when it is new. */
function upsert(list: ImportSummary[] | null, summary: ImportSummary): ImportSummary[] {
  const all = list ?? [];
  const at = all.findIndex((i) => i.id === summary.id);
  if (at < 0) return [...all, summary];
  return all.map((i, n) => (n === at ? summary : i));
}

export function importsReducer(state: ImportsState, action: Action): ImportsState {
  switch (action.type) {
    case 'imports/loaded':
      return { ...state, list: action.imports };
    case 'imports/progressed':
      return { ...state, list: upsert(state.list, action.summary) };
    case 'imports/sending':
      return { ...state, sending: action.name, error: null };
    case 'imports/accepted':
      return { ...state, sending: null, list: upsert(state.list, action.summary) };
    case 'imports/failed':
      return { ...state, sending: null, error: action.message };
    case 'imports/failedDownloads':
      return { ...state, failedDownloads: { items: action.items, total: action.total } };
    case 'exports/requested':
      return { ...state, exporting: true, exportError: null };
    case 'exports/written':
      return { ...state, exporting: false, exported: action.result };
    case 'exports/failed':
      return { ...state, exporting: false, exportError: action.message };
    default:
      return state;
  }
}
