import { useCallback, useEffect } from 'react';
import type { ArticleView } from '../../shared/api';
import { listKey, type Sort } from '../store/lists';
import { useApi, useDispatch, useSelector, useStore } from '../store/react';

export const PAGE_SIZE = 50;

/**
 * A list of the library held in the store, loaded a page at a time (never the whole library in one
 * message): the first page when it is first shown, the next as the reader nears the end, and the
 * first again only when something was added to it (`stale`). Changes to its rows come from the
 * store, not from loading it again.
 */
export function useList(view: ArticleView, sort: Sort, { pageSize = PAGE_SIZE, keepRest = true } = {}) {
  const key = listKey(view, sort);
  const list = useSelector((state) => state.lists[key]);
  const api = useApi();
  const dispatch = useDispatch();
  const store = useStore();

  const fetchPage = useCallback(
    (offset: number) => {
      dispatch({ type: 'list/requested', key, view, sort, offset });
      api.listArticles({ view, sort, offset, limit: pageSize }).then(
        (page) => dispatch({ type: 'list/loaded', key, offset, page, keepRest: offset === 0 && keepRest }),
        (error: Error) => dispatch({ type: 'list/failed', key, message: error.message }),
      );
    },
    [api, dispatch, key, view, sort, pageSize, keepRest],
  );

  useEffect(() => {
    const current = store.getState().lists[key];
    if (!current || (!current.loaded && !current.loading)) fetchPage(0);
  }, [store, key, fetchPage]);

  const stale = list?.stale ?? false;
  const loading = list?.loading ?? false;
  useEffect(() => {
    if (stale && !loading) fetchPage(0);
  }, [stale, loading, fetchPage]);

  const loadMore = useCallback(() => {
    const current = store.getState().lists[key];
    if (!current || current.loading || current.ids.length >= current.total) return;
    fetchPage(current.ids.length);
  }, [store, key, fetchPage]);

  return { list, loadMore };
}
