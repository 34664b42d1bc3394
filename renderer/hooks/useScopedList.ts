import { useCallback, useEffect } from 'react';
import type { ArticlePage } from '../../shared/api';
import { type Scope, scopeKey } from '../store/scoped';
import { useApi, useDispatch, useSelector, useStore } from '../store/react';
import { PAGE_SIZE } from './useList';

/**
 * A tag's, a feed's or a feed folder's articles, held in the store and loaded a page at a time like
 * the library's views (./useList.ts): the first page when shown, the next near the end, the first
 * again when the store says something may have joined it.
 */
export function useScopedList(scope: Scope) {
  const key = scopeKey(scope);
  const list = useSelector((state) => state.scoped[key]);
  const api = useApi();
  const dispatch = useDispatch();
  const store = useStore();
  const kind = scope.kind;
  const value = scope.kind === 'tag' ? scope.tag : scope.kind === 'feed' ? scope.feedId : scope.folder;

  const fetchPage = useCallback(
    (offset: number) => {
      dispatch({ type: 'scoped/requested', key, offset });
      const args = { offset, limit: PAGE_SIZE };
      const page: Promise<ArticlePage> =
        kind === 'tag' ? api.listArticles({ tag: value, ...args }) : api.listFeedArticles(kind === 'feed' ? { feedId: value, ...args } : { folder: value, ...args });
      page.then(
        (loaded) => dispatch({ type: 'scoped/loaded', key, offset, page: loaded }),
        (error: Error) => dispatch({ type: 'scoped/failed', key, message: error.message }),
      );
    },
    [api, dispatch, key, kind, value],
  );

  useEffect(() => {
    const current = store.getState().scoped[key];
    if (!current || (!current.loaded && !current.loading) || current.stale) fetchPage(0);
  }, [store, key, fetchPage]);

  const stale = list?.stale ?? false;
  const loading = list?.loading ?? false;
  useEffect(() => {
    if (stale && !loading) fetchPage(0);
  }, [stale, loading, fetchPage]);

  const loadMore = useCallback(() => {
    const current = store.getState().scoped[key];
    if (!current || current.loading || current.ids.length >= current.total) return;
    fetchPage(current.ids.length);
  }, [store, key, fetchPage]);

  return { list, loadMore, key };
}
