import { useEffect } from 'react';
import type { FeedList } from '../../shared/feeds';
import { useApi, useDispatch, useSelector } from '../store/react';

/** The subscriptions from the store, asked for when first needed and again whenever feedsChanged marked them stale. */
export function useFeedList(): FeedList | null {
  const api = useApi();
  const dispatch = useDispatch();
  const list = useSelector((state) => state.feeds.list);
  const stale = useSelector((state) => state.feeds.stale);
  const loading = useSelector((state) => state.feeds.loading);
  useEffect(() => {
    if (!stale || loading) return;
    dispatch({ type: 'feeds/requested' });
    api.listFeeds({}).then(
      (loaded) => dispatch({ type: 'feeds/loaded', list: loaded }),
      (error: Error) => {
        // The section keeps what it showed; the next feedsChanged asks again.
        console.error('Offprint: the feeds could not be read', error);
        dispatch({ type: 'feeds/failed', message: error.message });
      },
    );
  }, [api, dispatch, stale, loading]);
  return list;
}
