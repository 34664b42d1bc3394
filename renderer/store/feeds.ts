import type { FeedList, FeedSummary } from '../../shared/feeds';
import type { Action } from './actions';
import { type ArticlesState, changesIn } from './articles';

/**
 * Whether an action changes a feed's counts without the library saying feeds changed: a feed
 * article read or unread, or deleted (a progress write, a bookmark change no).
 */
function touchesFeedCounts(action: Action, before: ArticlesState): boolean {
  if (action.type !== 'library/changed' && action.type !== 'articles/received') return false;
  const read = changesIn(action).some((a) => a.feed && Boolean(before.byId[a.id]?.readAt) !== Boolean(a.readAt));
  return read || (action.type === 'library/changed' && action.change.removed.some((id) => before.byId[id]?.feed));
}

/**
 * The subscriptions, for the sidebar's Feeds section and the feed views: the answer to listFeeds,
 * marked stale when the library says feeds changed (a refresh, a new item), so it is asked again
 * (once: `loading` says a request is out).
 */
export interface FeedsState {
  list: FeedList | null;
  stale: boolean;
  loading: boolean;
}

export const initialFeeds: FeedsState = { list: null, stale: true, loading: false };

export function feedsReducer(state: FeedsState, action: Action, before: ArticlesState): FeedsState {
  switch (action.type) {
    case 'feeds/requested':
      return state.loading ? state : { ...state, loading: true, stale: false };
    case 'feeds/loaded':
      return { list: action.list, stale: false, loading: false };
    case 'feeds/failed':
      return { ...state, loading: false };
    case 'feeds/changed':
      return state.stale ? state : { ...state, stale: true };
    case 'feed/updated': {
      // One feed's new summary (a rename, a refresh's answer): in place, the rest as they were.
      if (!state.list) return state;
      const feeds = state.list.feeds.map((f) => (f.id === action.feed.id ? action.feed : f));
      return { ...state, list: { ...state.list, feeds } };
    }
    default:
      return !state.stale && state.list && touchesFeedCounts(action, before) ? { ...state, stale: true } : state;
  }
}

export interface FolderNode {
  /** The whole path, `/`-separated. */
  path: string;
  name: string;
  folders: FolderNode[];
  feeds: FeedSummary[];
  /** Unread articles of every feed in it and below. */
  unread: number;
}

/** The subscriptions as a tree of folders (`News/Korea` is Korea inside News), feeds by title, for the sidebar. */
export function feedTree(list: FeedList): FolderNode {
  const root: FolderNode = { path: '', name: '', folders: [], feeds: [], unread: 0 };
  const folderAt = (path: string): FolderNode => {
    let node = root;
    let sofar = '';
    for (const part of path.split('/')) {
      sofar = sofar ? `${sofar}/${part}` : part;
      let next = node.folders.find((f) => f.path === sofar);
      if (!next) {
        next = { path: sofar, name: part, folders: [], feeds: [], unread: 0 };
        node.folders.push(next);
      }
      node = next;
    }
    return node;
  };
  for (const feed of list.feeds) (feed.folder ? folderAt(feed.folder) : root).feeds.push(feed);
  const finish = (node: FolderNode): number => {
    node.folders.sort((a, b) => a.name.localeCompare(b.name));
    node.feeds.sort((a, b) => a.title.localeCompare(b.title));
    node.unread = node.feeds.reduce((n, f) => n + f.unread, 0) + node.folders.reduce((n, f) => n + finish(f), 0);
    return node.unread;
  };
  finish(root);
  return root;
}
