import { DEFAULT_TEXT_SIZE } from '../../shared/text-size';
import type { Settings } from '../../shared/types';
import type { Action } from './actions';

/**
 * The remembered settings. A change is applied at once (`settings/edited`) and saved after; while
 * the page's own changes are on their way, the library's `settingsChanged` events are the echo of
 * them and are left aside, so quick repeated key presses each build on the one before. Once none
 * is on its way, a change made elsewhere (another tab, the API) is taken as it comes.
 */
export interface SettingsState {
  value: Settings | null;
  /** The page's own changes sent and not yet answered. */
  pending: number;
  error: string | null;
}

export const initialSettings: SettingsState = { value: null, pending: 0, error: null };

/** What the page shows before the library's settings have arrived. */
export const FALLBACK_SETTINGS: Settings = { textSize: DEFAULT_TEXT_SIZE, lineHeight: 1.6, contentWidth: 65, font: 'serif', theme: 'system', sort: 'newest' };

export function settingsReducer(state: SettingsState, action: Action): SettingsState {
  switch (action.type) {
    case 'settings/loaded':
      return state.pending ? state : { ...state, value: action.settings, error: null };
    case 'settings/edited':
      if (!state.value) return state;
      return { ...state, value: { ...state.value, ...action.patch }, pending: state.pending + 1 };
    case 'settings/saved':
      return { ...state, value: state.value ?? action.settings, pending: Math.max(0, state.pending - 1), error: null };
    case 'settings/failed':
      return { ...state, pending: Math.max(0, state.pending - 1), error: action.message };
    case 'settings/changed':
      return state.pending || JSON.stringify(state.value) === JSON.stringify(action.settings) ? state : { ...state, value: action.settings };
    default:
      return state;
  }
}
