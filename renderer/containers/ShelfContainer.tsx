import { useEffect } from 'react';
import type { ArticleSummary } from '../../shared/types';
import { ContinueShelf } from '../components/ContinueShelf';
import { useList } from '../hooks/useList';
import { sameItems, useSelector } from '../store/react';

const SHELF_SIZE = 6;
const NO_IDS: readonly string[] = [];

/** The Continue reading shelf: started, unfinished articles, most recently read first, kept in order by the library's events. */
export function ShelfContainer() {
  const { list, loadMore } = useList('continue', 'newest', { pageSize: SHELF_SIZE, keepRest: false });
  const ids = list?.ids ?? NO_IDS;
  const articles = useSelector(
    (state) => ids.slice(0, SHELF_SIZE).flatMap((id): ArticleSummary[] => (state.articles.byId[id] ? [state.articles.byId[id]] : [])),
    sameItems,
  );
  // An article finished or archived left the shelf: the next one takes its place.
  const short = list !== undefined && list.loaded && !list.loading && list.ids.length < SHELF_SIZE && list.ids.length < list.total;
  useEffect(() => {
    if (short) loadMore();
  }, [short, loadMore]);
  if (!list?.loaded) return null;
  return <ContinueShelf articles={articles} />;
}
