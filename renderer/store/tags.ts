import type { TagSummary } from '../../shared/types';
import type { Action } from './actions';

/** The library's tags with their counts, for the sidebar's Tags section: loaded once, then told by the library's event. */
export interface TagsState {
  items: readonly TagSummary[];
  loaded: boolean;
}

export const initialTags: TagsState = { items: [], loaded: false };

export function tagsReducer(state: TagsState, action: Action): TagsState {
  switch (action.type) {
    case 'tags/loaded':
      return { items: action.tags, loaded: true };
    default:
      return state;
  }
}
