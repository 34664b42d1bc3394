import { tagKey } from '../../shared/annotations';
import type { ArticleSummary } from '../../shared/types';
import type { Action } from './actions';
import { changesIn } from './articles';

/**
 * What a scoped list holds: the articles with one tag (`listArticles({ tag })`), of one feed or of a
 * feed folder (`listFeedArticles`). Scoped lists are not the library's views, so the lists slice
 * (which knows each view's rule) does not hold them.
 */
export type Scope = { kind: 'tag'; tag: string } | { kind: 'feed'; feedId: string } | { kind: 'folder'; folder: string };

export function scopeKey(scope: Scope): string {
  return scope.kind === 'tag' ? `tag:${tagKey(scope.tag)}` : scope.kind === 'feed' ? `feed:${scope.feedId}` : `folder:${scope.folder}`;
}

/** One scoped list, loaded a page at a time; rows are ids into `articles.byId`. */
export interface ScopedList {
  ids: readonly string[];
  total: number;
  loaded: boolean;
  loading: boolean;
  error: string | null;
  /** Something may have joined it: its first page is asked for again while it is shown. */
  stale: boolean;
}

export type ScopedState = Readonly<Record<string, ScopedList>>;

export const initialScoped: ScopedState = {};

const empty: ScopedList = { ids: [], total: 0, loaded: false, loading: false, error: null, stale: false };

const hasTag = (article: ArticleSummary, key: string) => article.tags.some((t) => `tag:${tagKey(t)}` === key);

/** A changed article in a tag's list: it leaves when the tag was taken off, and the list is asked again when it was put on. */
function applyTagChange(key: string, list: ScopedList, article: ArticleSummary): ScopedList {
  const member = hasTag(article, key);
  const listed = list.ids.includes(article.id);
  if (listed && !member) return { ...list, ids: list.ids.filter((id) => id !== article.id), total: Math.max(0, list.total - 1) };
  if (!listed && member && !list.stale) return { ...list, stale: true };
  return list;
}

export function scopedReducer(state: ScopedState, action: Action): ScopedState {
  const update = (key: string, change: (list: ScopedList) => ScopedList): ScopedState => {
    const list = state[key] ?? (action.type === 'scoped/requested' ? empty : undefined);
    if (!list) return state;
    const next = change(list);
    return next === list ? state : { ...state, [key]: next };
  };
  const each = (change: (key: string, list: ScopedList) => ScopedList): ScopedState => {
    let next = state;
    for (const key of Object.keys(state)) {
      const list = change(key, state[key]!);
      if (list !== state[key]) next = { ...next, [key]: list };
    }
    return next;
  };
  switch (action.type) {
    case 'scoped/requested':
      return update(action.key, (list) => ({ ...list, loading: true, error: null, stale: action.offset === 0 ? false : list.stale }));
    case 'scoped/loaded':
      return update(action.key, (list) => {
        const fresh = action.page.items.map((a) => a.id);
        const ids = action.offset === 0 ? fresh : [...list.ids, ...fresh.filter((id) => !list.ids.includes(id))];
        return { ...list, ids, total: action.page.total, loaded: true, loading: false, error: null };
      });
    case 'scoped/failed':
      return update(action.key, (list) => ({ ...list, loading: false, loaded: true, error: action.message }));
    case 'feeds/changed':
      // A refresh brought items, or a feed was renamed, moved or removed: its lists are asked again.
      return each((key, list) => (key.startsWith('tag:') || list.stale ? list : { ...list, stale: true }));
    case 'articles/received':
    case 'library/changed': {
      const changed = changesIn(action);
      const removed = action.type === 'library/changed' ? action.change.removed : [];
      const added = action.type === 'library/changed' ? action.change.added.length > 0 : false;
      return each((key, start) => {
        let list = start;
        if (key.startsWith('tag:')) for (const article of changed) list = applyTagChange(key, list, article);
        const gone = removed.filter((id) => list.ids.includes(id));
        if (gone.length) list = { ...list, ids: list.ids.filter((id) => !gone.includes(id)), total: Math.max(0, list.total - gone.length) };
        // A new article may be a feed's new item.
        if (added && !key.startsWith('tag:') && !list.stale) list = { ...list, stale: true };
        return list;
      });
    }
    default:
      return state;
  }
}
