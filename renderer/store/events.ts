import { API_EVENTS, type ApiEvent, type Subscribe } from '../../shared/api';
import type { OffprintEvents } from '../../shared/types';
import type { Action } from './actions';

/** Each of the contract's events as the action it becomes; keyed by every event, so a new one fails to compile until it has one. */
export const EVENT_ACTIONS: { [E in ApiEvent]: (payload: OffprintEvents[E]) => Action } = {
  saveProgress: (progress) => ({ type: 'saves/progressed', progress }),
  libraryChanged: (change) => ({ type: 'library/changed', change }),
  settingsChanged: (settings) => ({ type: 'settings/changed', settings }),
  noticesChanged: ({ notices }) => ({ type: 'notices/loaded', notices }),
  tagsChanged: ({ tags }) => ({ type: 'tags/loaded', tags }),
  feedsChanged: ({ ids }) => ({ type: 'feeds/changed', ids }),
  extensionsChanged: () => ({ type: 'extensions/changed' }),
};

/** Listens to every event of the contract and dispatches it; returns the function that stops listening. */
export function connectEvents(on: Subscribe, dispatch: (action: Action) => void): () => void {
  const stops = API_EVENTS.map(<E extends ApiEvent>(event: E) => on(event, (payload: OffprintEvents[E]) => dispatch(EVENT_ACTIONS[event](payload))));
  return () => stops.forEach((stop) => stop());
}
