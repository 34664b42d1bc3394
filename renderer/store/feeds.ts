import type { FeedList } from '../../shared/feeds';
import type { Action } from './actions';

/**
 * The subscriptions, for the sidebar's Feeds section: the answer to listFeeds, marked stale when
 * the library says feeds changed (a refresh, a new item), so the container asks again.
 */
export interface FeedsState {
  list: FeedList | null;
  stale: boolean;
}

export const initialFeeds: FeedsState = { list: null, stale: true };

export function feedsReducer(state: FeedsState, action: Action): FeedsState {
  switch (action.type) {
    case 'feeds/loaded':
      return { list: action.list, stale: false };
    case 'feeds/changed':
      return state.stale ? state : { ...state, stale: true };
    default:
      return state;
  }
}
