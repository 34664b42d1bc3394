import type { ArticleView } from '../../shared/api';
import type { ArticleSummary } from '../../shared/types';
import type { Action } from './actions';
import { type ArticlesState, belongsIn, changesIn, sameSummary } from './articles';

export type Sort = 'newest' | 'oldest';

/** One list the page has shown: a view in an order, loaded a page at a time. Rows are ids into `articles.byId`. */
export interface ListState {
  view: ArticleView;
  sort: Sort;
  ids: readonly string[];
  /** How many the view holds in all, as far as the page knows (for paging). */
  total: number;
  loaded: boolean;
  loading: boolean;
  error: string | null;
  /** Something was added that belongs somewhere in it: its first page is asked for again when it is shown. */
  stale: boolean;
}

export type ListsState = Readonly<Record<string, ListState>>;

export const initialLists: ListsState = {};

/** The key of a list: its view and order (`continue` has one order, most recently read first). */
export function listKey(view: ArticleView, sort: Sort): string {
  return `${view}/${view === 'continue' ? 'newest' : sort}`;
}

const emptyList = (view: ArticleView, sort: Sort): ListState => ({ view, sort, ids: [], total: 0, loaded: false, loading: false, error: null, stale: false });

/** Negative when `a` comes before `b` in the list's order (saved time; `continue`: last read). */
function order(list: ListState, a: ArticleSummary, b: ArticleSummary): number {
  if (list.view === 'continue') return (b.lastReadAt ?? '') < (a.lastReadAt ?? '') ? -1 : (b.lastReadAt ?? '') > (a.lastReadAt ?? '') ? 1 : 0;
  const sign = list.sort === 'newest' ? -1 : 1;
  return a.savedAt < b.savedAt ? -sign : a.savedAt > b.savedAt ? sign : 0;
}

/** Where `article` goes among the loaded rows; `ids.length` when after all of them. */
function placeFor(list: ListState, article: ArticleSummary, byId: ArticlesState['byId']): number {
  const at = list.ids.findIndex((id) => {
    const other = byId[id];
    return other !== undefined && order(list, article, other) < 0;
  });
  return at < 0 ? list.ids.length : at;
}

/** One article changed (`before` is what the page knew, if anything): the list as it should now be. */
function applyChange(list: ListState, article: ArticleSummary, before: ArticleSummary | undefined, byId: ArticlesState['byId']): ListState {
  const at = list.ids.indexOf(article.id);
  const member = belongsIn(list.view, article);
  const complete = list.ids.length >= list.total;
  if (at >= 0 && !member) return { ...list, ids: list.ids.filter((id) => id !== article.id), total: Math.max(0, list.total - 1) };
  if (at >= 0) {
    // Still in it: only `continue` reorders (by the time it was last read).
    if (list.view !== 'continue' || before?.lastReadAt === article.lastReadAt) return list;
    const rest = list.ids.filter((id) => id !== article.id);
    const moved = { ...list, ids: rest };
    const place = placeFor(moved, article, byId);
    return { ...list, ids: [...rest.slice(0, place), article.id, ...rest.slice(place)] };
  }
  const was = before !== undefined && belongsIn(list.view, before);
  if (!member) return was && !complete ? { ...list, total: Math.max(0, list.total - 1) } : list;
  if (was) return list; // a member all along, on a page not loaded yet
  const place = placeFor(list, article, byId);
  // Past the loaded rows of a list with more to load: its page brings it; only the count changes.
  if (place === list.ids.length && !complete) return before === undefined ? list : { ...list, total: list.total + 1 };
  return { ...list, ids: [...list.ids.slice(0, place), article.id, ...list.ids.slice(place)], total: list.total + 1 };
}

/**
 * The lists the page has shown, kept up to date from answers and the library's events instead of
 * being loaded again: a changed article moves in or out of each list it does or no longer belongs
 * to (and a list whose membership did not change keeps the very same object, so nothing showing
 * it renders again); a removed one leaves every list; an added one (the event has its id only)
 * marks the lists it belongs to as stale.
 */
export function listsReducer(state: ListsState, action: Action, before: ArticlesState, after: ArticlesState): ListsState {
  const update = (key: string, change: (list: ListState) => ListState): ListsState => {
    const list = state[key];
    if (!list) return state;
    const next = change(list);
    return next === list ? state : { ...state, [key]: next };
  };
  switch (action.type) {
    case 'list/requested': {
      const list = state[action.key] ?? emptyList(action.view, action.sort);
      return { ...state, [action.key]: { ...list, loading: true, error: null, stale: action.offset === 0 ? false : list.stale } };
    }
    case 'list/loaded':
      return update(action.key, (list) => {
        const fresh = action.page.items.map((a) => a.id);
        const seen = new Set(fresh);
        const ids =
          action.offset === 0
            ? action.keepRest
              ? [...fresh, ...list.ids.filter((id) => !seen.has(id))]
              : fresh
            : [...list.ids, ...fresh.filter((id) => !list.ids.includes(id))];
        return { ...list, ids, total: action.page.total, loaded: true, loading: false, error: null };
      });
    case 'list/failed':
      return update(action.key, (list) => ({ ...list, loading: false, loaded: true, error: action.message }));
    case 'library/changed':
    case 'articles/received': {
      let next = state;
      for (const key of Object.keys(state)) {
        let list = next[key]!;
        for (const article of changesIn(action)) {
          const known = before.byId[article.id];
          if (!sameSummary(known, article)) list = applyChange(list, article, known, after.byId);
        }
        if (action.type === 'library/changed') {
          const { removed, added } = action.change;
          // Gone from every list: from its rows, or only from its count when its page was not loaded yet.
          const gone = removed.filter((id) => list.ids.includes(id) || (before.byId[id] !== undefined && belongsIn(list.view, before.byId[id]!)));
          if (gone.length) list = { ...list, ids: list.ids.filter((id) => !gone.includes(id)), total: Math.max(0, list.total - gone.length) };
          // A new article is in `all` and `unread`, and nowhere else until it is read or bookmarked.
          if (added.length && (list.view === 'all' || list.view === 'unread') && !list.stale) list = { ...list, stale: true };
        }
        if (list !== next[key]) next = { ...next, [key]: list };
      }
      return next;
    }
    default:
      return state;
  }
}
