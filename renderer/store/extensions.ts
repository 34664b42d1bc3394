import type { ExtensionEndpointStatus, ExtensionPairing, ExtensionPairingRequest } from '../../shared/extension-protocol';
import type { Action } from './actions';

/**
 * The browser extension screen (issue 16): where the listener is, the extensions asking to be
 * paired, and the paired ones. Marked stale by the `extensionsChanged` event (a request arrived,
 * was answered or expired; a pairing was made, used or revoked), so the container asks again. An
 * event that arrives while an answer is on its way keeps it stale: that answer may predate it.
 */
export interface ExtensionsState {
  /** Null until the first answer. */
  endpoint: ExtensionEndpointStatus | null;
  requests: readonly ExtensionPairingRequest[];
  pairings: readonly ExtensionPairing[];
  stale: boolean;
  loading: boolean;
  error: string | null;
}

export const initialExtensions: ExtensionsState = { endpoint: null, requests: [], pairings: [], stale: true, loading: false, error: null };

export function extensionsReducer(state: ExtensionsState, action: Action): ExtensionsState {
  switch (action.type) {
    case 'extensions/requested':
      return { ...state, stale: false, loading: true };
    case 'extensions/loaded':
      return { ...state, endpoint: action.endpoint, requests: action.requests, pairings: action.pairings, loading: false, error: null };
    case 'extensions/changed':
      return state.stale ? state : { ...state, stale: true };
    case 'extensions/failed':
      return { ...state, loading: false, error: action.message };
    default:
      return state;
  }
}
